package io.marketintel.pipeline.app.config;

import java.util.List;

/**
 * Thrown when a configuration file is refused: it carries every error found, not just the first,
 * so that a user fixes the file in one pass. {@link #getMessage()} starts with the origin (the
 * file name) and lists the errors one per line. Immutable and thread-safe.
 */
public final class ConfigException extends RuntimeException {
    private final String origin;
    private final transient List<ConfigError> errors;

    public ConfigException(String origin, List<ConfigError> errors) {
        super(format(origin, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.origin = origin;
        this.errors = List.copyOf(errors);
    }

    /** The file name (or other origin) the errors were found in. */
    public String origin() {
        return origin;
    }

    /** Every error, in the order they were found (file order, mostly). */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(String origin, List<ConfigError> errors) {
        final StringBuilder sb = new StringBuilder()
                .append(origin).append(": ")
                .append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (ConfigError error : errors) {
            sb.append(System.lineSeparator()).append("  ").append(error);
        }
        return sb.toString();
    }
}
