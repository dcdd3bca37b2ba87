package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values out of a parsed YAML tree and collects every error on the way, so that one
 * run over a file reports all of its mistakes. Each reader returns empty both when the key is
 * absent and when its value is invalid; in the second case an error has been recorded, so callers
 * compare {@link #errorCount()} before and after to know whether a block was clean.
 *
 * <p>Values under {@code credentials} are never quoted in messages ({@code <hidden>} instead), and
 * password values seen are also masked in every message as a second line of defence. One instance
 * per load; not thread-safe.
 */
final class NodeReader {
    static final String HIDDEN = "<hidden>";
    private static final int MAX_QUOTED_CHARS = 80;
    /** Short passwords are not masked textually: "p" would mangle every message (paths are masked anyway). */
    private static final int MIN_MASKED_SECRET_CHARS = 4;

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private final Set<String> alreadyReported = new HashSet<>();

    void error(String path, String message) {
        errors.add(new ConfigError(path, message));
    }

    /**
     * Records an error for a value that readers must then skip: a value whose substitution failed
     * would otherwise be reported a second time, as "${PORT}" not being a host:port.
     */
    void errorAndSkip(String path, String message) {
        error(path, message);
        alreadyReported.add(path);
    }

    int errorCount() {
        return errors.size();
    }

    /** Forgets the errors recorded since {@code before} at or under {@code path} (free-form keys). */
    void dropErrorsUnder(int before, String path) {
        for (int i = errors.size() - 1; i >= before; i--) {
            final String at = errors.get(i).path();
            if (at.equals(path) || at.startsWith(path + ".")) {
                errors.remove(i);
            }
        }
    }

    /**
     * True when no error was recorded since {@code before} and no value under {@code path} was
     * reported earlier (substitution runs over the whole tree first, so its errors predate
     * {@code before}): only then may the block at {@code path} be turned into an object.
     */
    boolean isClean(int before, String path) {
        if (errors.size() != before) {
            return false;
        }
        for (String reported : alreadyReported) {
            if (reported.equals(path) || reported.startsWith(path + ".") || reported.startsWith(path + "[")) {
                return false;
            }
        }
        return true;
    }

    /** Remembers a secret so that no message can show it, whatever path it comes from. */
    void hideEverywhere(String secret) {
        if (secret.length() >= MIN_MASKED_SECRET_CHARS) {
            secrets.add(secret);
        }
    }

    /** The errors found so far, with every remembered secret masked. */
    List<ConfigError> errors() {
        final List<ConfigError> masked = new ArrayList<>(errors.size());
        for (ConfigError e : errors) {
            masked.add(new ConfigError(mask(e.path()), mask(e.message())));
        }
        return masked;
    }

    private String mask(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** Values at these paths may be (or contain) a password: never shown. */
    static boolean isSecret(String path) {
        return path.contains("credentials") || path.endsWith("password");
    }

    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** How a value is shown in a message: quoted text, the number, "a list", or {@code <hidden>}. */
    static String describe(JsonNode node, String path) {
        if (isSecret(path)) {
            return HIDDEN;
        }
        if (isAbsent(node)) {
            return "nothing";
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "a mapping" : node.asText();
    }

    static String quote(String text) {
        final String shown = text.length() > MAX_QUOTED_CHARS ? text.substring(0, MAX_QUOTED_CHARS) + "..." : text;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** The lower-case config names of an enum's constants, in declaration order. */
    static <E extends Enum<E>> Map<String, E> choices(E[] values) {
        final Map<String, E> byName = new LinkedHashMap<>();
        for (E value : values) {
            byName.put(value.name().toLowerCase(Locale.ROOT), value);
        }
        return byName;
    }

    /**
     * The node as a mapping; an error when it is not one. Unknown keys are reported (with the
     * allowed ones) but the mapping is still returned, so its known keys get checked too.
     */
    Optional<ObjectNode> mapping(JsonNode node, String path, List<String> allowedKeys) {
        if (!(node instanceof ObjectNode)) {
            error(path, "expected a mapping, got " + describe(node, path));
            return Optional.empty();
        }
        final ObjectNode object = (ObjectNode) node;
        final Set<String> allowed = Set.copyOf(allowedKeys);
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            final String key = it.next();
            if (!allowed.contains(key)) {
                // A password mistyped into key position must not come back in the path either.
                final boolean secret = isSecret(path);
                error(secret ? path : child(path, key), "unknown key " + (secret ? HIDDEN : quote(key))
                        + ", expected one of: " + String.join(", ", allowedKeys));
            }
        }
        return Optional.of(object);
    }

    /** The node as a list of nodes; an error when it is not a list. */
    Optional<List<JsonNode>> list(JsonNode node, String path) {
        if (!node.isArray()) {
            error(path, "expected a list, got " + describe(node, path));
            return Optional.empty();
        }
        final List<JsonNode> items = new ArrayList<>();
        node.elements().forEachRemaining(items::add);
        return Optional.of(items);
    }

    /** True when the key has a value; otherwise records "required". */
    boolean require(ObjectNode parent, String path, String key) {
        if (isAbsent(parent.get(key))) {
            error(child(path, key), "required, got nothing");
            return false;
        }
        return true;
    }

    Optional<String> text(ObjectNode parent, String path, String key) {
        return value(parent, path, key, (node, at) -> textOf(node, at));
    }

    /** A text value that must not be blank. */
    Optional<String> nonBlankText(ObjectNode parent, String path, String key) {
        return text(parent, path, key).filter(s -> {
            if (s.isBlank()) {
                final String at = child(path, key);
                error(at, "expected a non-empty string, got " + describe(parent.get(key), at));
                return false;
            }
            return true;
        });
    }

    Optional<List<String>> textList(ObjectNode parent, String path, String key) {
        return value(parent, path, key, (node, at) -> {
            final Optional<List<JsonNode>> items = list(node, at);
            if (items.isEmpty()) {
                return Optional.empty();
            }
            final List<String> texts = new ArrayList<>();
            final int before = errorCount();
            for (int i = 0; i < items.get().size(); i++) {
                textOf(items.get().get(i), index(at, i)).ifPresent(texts::add);
            }
            return isClean(before, at) ? Optional.of(texts) : Optional.empty();
        });
    }

    /** One of the given lower-case names; an error lists them all. */
    <E> Optional<E> choice(ObjectNode parent, String path, String key, Map<String, E> choices) {
        return value(parent, path, key, (node, at) -> textOf(node, at).flatMap(name -> {
            final E found = choices.get(name);
            if (found == null) {
                error(at, "expected one of " + String.join(", ", choices.keySet()) + ", got " + describe(node, at));
            }
            return Optional.ofNullable(found);
        }));
    }

    /** A duration with its unit; zero is refused unless {@code zeroAllowed} (then it means "off"). */
    Optional<Duration> duration(ObjectNode parent, String path, String key, boolean zeroAllowed) {
        return value(parent, path, key, (node, at) -> {
            final String text = node.isTextual() || node.isNumber() ? node.asText() : null;
            final Optional<Duration> parsed = text == null ? Optional.empty() : ConfigUnits.parseDuration(text);
            if (parsed.isEmpty()) {
                error(at, (text != null && ConfigUnits.isBareNumber(text)
                        ? "expected a duration with a unit, e.g. 500ms or 5s, got "
                        : "expected a duration such as 250us, 500ms, 1.5s, 1m or 2h, got ") + describe(node, at));
            } else if (parsed.get().isZero() && !zeroAllowed) {
                error(at, "expected a positive duration, got " + describe(node, at));
                return Optional.empty();
            }
            return parsed;
        });
    }

    /** A byte size (an integer, or a string such as 64KiB) within [min, max]. */
    Optional<Long> size(ObjectNode parent, String path, String key, long min, long max) {
        return value(parent, path, key, (node, at) -> {
            final Optional<Long> parsed = node.isIntegralNumber() || node.isTextual()
                    ? ConfigUnits.parseSize(node.asText()) : Optional.empty();
            if (parsed.isEmpty()) {
                error(at, "expected a size in bytes such as 65536, 64KiB, 16MiB or 1GiB, got " + describe(node, at));
            } else if (parsed.get() < min || parsed.get() > max) {
                error(at, "expected " + ConfigUnits.formatSize(min) + " to " + ConfigUnits.formatSize(max)
                        + " bytes, got " + describe(node, at));
                return Optional.empty();
            }
            return parsed;
        });
    }

    /** A whole number at least {@code min}; {@code expected} says what is wanted, e.g. "0 (forever) or more". */
    Optional<Integer> integer(ObjectNode parent, String path, String key, int min, String expected) {
        return value(parent, path, key, (node, at) -> {
            Integer parsed = null;
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                parsed = node.intValue();
            } else if (node.isTextual()) {
                // A value that came from ${ENV} substitution is text even when it is a number.
                try {
                    parsed = Integer.valueOf(node.textValue().trim());
                } catch (NumberFormatException e) {
                    parsed = null;
                }
            }
            if (parsed == null || parsed < min) {
                error(at, "expected a whole number, " + expected + ", got " + describe(node, at));
                return Optional.empty();
            }
            return Optional.of(parsed);
        });
    }

    /** Reads {@code parent.key} with {@code read} when present and not already reported; else empty. */
    <T> Optional<T> value(ObjectNode parent, String path, String key, ValueFunction<T> read) {
        final JsonNode node = parent.get(key);
        final String at = child(path, key);
        return isAbsent(node) || alreadyReported.contains(at) ? Optional.empty() : read.apply(node, at);
    }

    /** A YAML string; numbers and booleans are refused because YAML rewrites them (0123 is 83, yes is true). */
    Optional<String> textOf(JsonNode node, String path) {
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        final String kind = node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : null;
        if (kind != null) {
            error(path, "expected a string, got " + kind + " "
                    + describe(node, path) + " (quote it: YAML reads 0123 as 83 and yes as true)");
        } else {
            error(path, "expected a string, got " + describe(node, path));
        }
        return Optional.empty();
    }

    /** Reads one value at a path; records its own errors. */
    @FunctionalInterface
    interface ValueFunction<T> {
        Optional<T> apply(JsonNode node, String path);
    }
}
