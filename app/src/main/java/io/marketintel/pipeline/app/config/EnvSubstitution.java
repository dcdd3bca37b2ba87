package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in the string values of a parsed tree, in
 * place. It runs after YAML parsing, so a variable's value is always one scalar and can never add
 * keys or structure; keys and non-string values are left alone, and the result is not substituted
 * again. <code>$${</code> is a literal <code>${</code>. As in the shell, the default applies when the
 * variable is unset or empty. Errors name the path and the variable, never the value (it may be a
 * password). Not thread-safe: one instance per load.
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SYNTAX = "${NAME} or ${NAME:-default}";

    private final Map<String, String> env;
    private final NodeReader reader;

    EnvSubstitution(Map<String, String> env, NodeReader reader) {
        this.env = env;
        this.reader = reader;
    }

    /** Substitutes every string value under {@code node}, whose path is {@code path}. */
    void apply(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            final List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                final JsonNode value = object.get(key);
                final String at = NodeReader.child(path, key);
                if (value.isTextual()) {
                    object.set(key, TextNode.valueOf(substitute(value.textValue(), at)));
                } else {
                    apply(value, at);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                final JsonNode value = array.get(i);
                final String at = NodeReader.index(path, i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(substitute(value.textValue(), at)));
                } else {
                    apply(value, at);
                }
            }
        }
    }

    /** The text with its variables replaced; on an error, records it and keeps the original. */
    String substitute(String text, String path) {
        if (!text.contains("${")) {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                final int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    reader.errorAndSkip(path, "unterminated ${, expected " + SYNTAX);
                    return text;
                }
                final String value = resolve(text.substring(i + 2, end), path);
                if (value == null) {
                    return text;
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The value of one {@code NAME} or {@code NAME:-default} expression; null after an error. */
    private String resolve(String expression, String path) {
        final int dash = expression.indexOf(":-");
        final String name = dash < 0 ? expression : expression.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            // The expression itself is not shown: it might be a password with a "${" in it.
            reader.errorAndSkip(path, "invalid environment variable reference, expected " + SYNTAX);
            return null;
        }
        final String value = env.get(name);
        if (dash >= 0) {
            return value == null || value.isEmpty() ? expression.substring(dash + 2) : value;
        }
        if (value == null) {
            reader.errorAndSkip(path, "environment variable " + name + " is not set (use ${" + name
                    + ":-default} to give a default)");
        }
        return value;
    }
}
