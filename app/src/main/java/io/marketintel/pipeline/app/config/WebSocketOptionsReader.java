package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketintel.pipeline.config.WebSocketOptions;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a source's {@code websocket:} block into {@link WebSocketOptions}: upgrade headers and
 * subprotocol, TLS trust ({@code tls_insecure}, {@code trust_store}, {@code trust_store_password},
 * {@code trust_store_type}), {@code max_message_bytes}, {@code permessage_deflate}, {@code
 * subscribe_rate} (requests per second, 0 = all at once) and {@code heartbeat: {text, interval,
 * reply}}. Every mistake is reported with its path; the trust store password is never shown. One
 * instance per load; not thread-safe.
 */
final class WebSocketOptionsReader {
    static final List<String> KEYS = List.of("headers", "subprotocol", "tls_insecure", "trust_store",
            "trust_store_password", "trust_store_type", "max_message_bytes", "permessage_deflate", "subscribe_rate",
            "heartbeat");
    private static final List<String> HEARTBEAT_KEYS = List.of("text", "interval", "reply");

    private final NodeReader reader;

    WebSocketOptionsReader(NodeReader reader) {
        this.reader = reader;
    }

    Optional<WebSocketOptions> read(JsonNode node, String at) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final ObjectNode ws = found.get();
        final JsonNode password = ws.get("trust_store_password");
        if (password != null && password.isTextual()) {
            reader.hideEverywhere(password.textValue());
        }
        final WebSocketOptions.Builder builder = WebSocketOptions.builder();
        readHeaders(ws, at).ifPresent(builder::headers);
        reader.nonBlankText(ws, at, "subprotocol").ifPresent(builder::subprotocol);
        final boolean insecure = bool(ws, at, "tls_insecure").orElse(false);
        builder.tlsInsecure(insecure);
        final Optional<String> trustStore = reader.nonBlankText(ws, at, "trust_store");
        final Optional<String> secret = reader.nonBlankText(ws, at, "trust_store_password");
        final Optional<String> type = reader.nonBlankText(ws, at, "trust_store_type");
        trustStore.ifPresent(path -> builder.trustStore(path, secret.orElse(null), type.orElse(null)));
        if (insecure && trustStore.isPresent()) {
            reader.error(NodeReader.child(at, "tls_insecure"),
                    "a trust_store and tls_insecure exclude each other: remove tls_insecure to verify with the trust store");
        }
        if (trustStore.isEmpty() && (secret.isPresent() || type.isPresent())) {
            reader.error(NodeReader.child(at, "trust_store"),
                    "required when trust_store_password or trust_store_type is set, got nothing");
        }
        reader.size(ws, at, "max_message_bytes", 1, WebSocketOptions.MAX_MAX_MESSAGE_BYTES)
                .ifPresent(bytes -> builder.maxMessageBytes(bytes.intValue()));
        bool(ws, at, "permessage_deflate").ifPresent(builder::permessageDeflate);
        reader.integer(ws, at, "subscribe_rate", 0, "0 (no limit) or more requests per second")
                .ifPresent(builder::subscribeRatePerSecond);
        reader.value(ws, at, "heartbeat", this::readHeartbeat).ifPresent(h -> builder.heartbeat(h.text, h.interval, h.reply));
        if (!reader.isClean(before, at)) {
            return Optional.empty();
        }
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            SourceConfigReader.errorsFromBuilder(e.getMessage(), at).forEach(err -> reader.error(err.path(), err.message()));
            return Optional.empty();
        }
    }

    private Optional<Map<String, String>> readHeaders(ObjectNode ws, String at) {
        return reader.value(ws, at, "headers", (node, path) -> {
            final int before = reader.errorCount();
            final Optional<ObjectNode> found = reader.mapping(node, path, List.of());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            // Header names are free-form: the mapping check above reported each as unknown; undo that.
            reader.dropErrorsUnder(before, path);
            final Map<String, String> headers = new LinkedHashMap<>();
            for (Iterator<String> it = found.get().fieldNames(); it.hasNext(); ) {
                final String name = it.next();
                reader.textOf(found.get().get(name), NodeReader.child(path, name)).ifPresent(v -> headers.put(name, v));
            }
            return reader.isClean(before, path) ? Optional.of(headers) : Optional.empty();
        });
    }

    private Optional<Heartbeat> readHeartbeat(JsonNode node, String path) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, path, HEARTBEAT_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final boolean hasText = reader.require(found.get(), path, "text");
        final boolean complete = reader.require(found.get(), path, "interval") && hasText;
        final Optional<String> text = reader.nonBlankText(found.get(), path, "text");
        final Optional<Duration> interval = reader.duration(found.get(), path, "interval", false);
        final Optional<String> reply = reader.nonBlankText(found.get(), path, "reply");
        return complete && reader.isClean(before, path)
                ? Optional.of(new Heartbeat(text.orElseThrow(), interval.orElseThrow(), reply.orElse(null)))
                : Optional.empty();
    }

    private Optional<Boolean> bool(ObjectNode parent, String path, String key) {
        return reader.value(parent, path, key, (node, at) -> {
            if (!node.isBoolean()) {
                reader.error(at, "expected true or false, got " + NodeReader.describe(node, at));
                return Optional.empty();
            }
            return Optional.of(node.booleanValue());
        });
    }

    private record Heartbeat(String text, Duration interval, String reply) {
    }
}
