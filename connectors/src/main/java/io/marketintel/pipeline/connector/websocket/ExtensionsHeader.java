package io.marketintel.pipeline.connector.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code Sec-WebSocket-Extensions} value by the ABNF of RFC 6455 section 9.1: a comma
 * list of {@code name *(";" param)}, each param {@code token ["=" (token | quoted-string)]}, with
 * optional whitespace around the separators and empty list elements ignored. Parameters are kept in order, duplicates included,
 * because a repeated parameter is itself a reason to refuse (RFC 7692 section 7). A value that
 * does not follow the ABNF is refused as a whole, as section 9.1 requires.
 *
 * <p>Stateless; used once per upgrade, off the hot path.
 */
final class ExtensionsHeader {
    /** One extension of the list, with its parameters in the order given (value null when none). */
    record Extension(String name, List<Parameter> parameters) {
    }

    record Parameter(String name, String value) {
    }

    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private ExtensionsHeader() {
    }

    /**
     * @param value the header's value (several header lines joined with commas), null or blank for none
     * @return the extensions, empty for none; null when the value does not follow the ABNF
     */
    static List<Extension> parse(String value) {
        final List<Extension> extensions = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return extensions;
        }
        for (String element : value.split(",", -1)) {
            if (element.isBlank()) {
                continue; // empty list elements are allowed and ignored (RFC 7230 section 7)
            }
            final String[] parts = element.split(";", -1);
            final String name = parts[0].strip();
            if (!isToken(name)) {
                return null;
            }
            final List<Parameter> parameters = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                final Parameter parameter = parameter(parts[i].strip());
                if (parameter == null) {
                    return null;
                }
                parameters.add(parameter);
            }
            extensions.add(new Extension(name, List.copyOf(parameters)));
        }
        return extensions;
    }

    private static Parameter parameter(String text) {
        final int equals = text.indexOf('=');
        if (equals < 0) {
            return isToken(text) ? new Parameter(text, null) : null;
        }
        final String name = text.substring(0, equals).strip();
        String value = text.substring(equals + 1).strip();
        if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            // A quoted-string's content must itself be a token once unescaped (section 9.1).
            value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return isToken(name) && isToken(value) ? new Parameter(name, value) : null;
    }

    /** RFC 2616 token: one or more visible ASCII characters, none of them a separator. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F || SEPARATORS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
