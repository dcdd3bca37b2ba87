package io.marketintel.pipeline.app.config;

import java.util.Objects;

/**
 * One problem found in a configuration file: where it is ({@code sources[3].endpoint}, empty for
 * the file as a whole) and what was expected and found. Messages never contain a password: the
 * loader writes {@code <hidden>} instead. Immutable and thread-safe.
 *
 * @param path the key path in the file, e.g. {@code sources[0].json.trade.price}; empty for the whole file
 * @param message what was expected and what was found
 */
public record ConfigError(String path, String message) {

    public ConfigError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
