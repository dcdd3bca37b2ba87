package io.marketintel.pipeline.config;

import java.util.Optional;

/** A parsed {@code host:port} endpoint ({@code [::1]:9000} for IPv6). Immutable. */
public record Endpoint(String host, int port) {

    /** Parses {@code host:port}; empty when the text is not one. */
    public static Optional<Endpoint> parseHostPort(String text) {
        if (text == null) {
            return Optional.empty();
        }
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("/")) {
            return Optional.empty();
        }
        if (host.isBlank()) {
            return Optional.empty();
        }
        try {
            final int port = Integer.parseInt(text.substring(colon + 1));
            return port > 0 && port <= 65535 ? Optional.of(new Endpoint(host, port)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
