package io.marketintel.pipeline.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a WebSocket source needs beyond the common source fields (the {@code websocket:} block of
 * a source in YAML): upgrade headers and subprotocol, TLS trust (verification of the certificate
 * and of the host name are on unless {@code tlsInsecure}), the message size bound that also caps
 * inflation, permessage-deflate, the subscription rate and an application-level heartbeat.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the trust store password; keep it
 * out of messages too.
 */
public record WebSocketOptions(
        Map<String, String> headers,
        Optional<String> subprotocol,
        boolean tlsInsecure,
        Optional<String> trustStorePath,
        Optional<String> trustStorePassword,
        String trustStoreType,
        int maxMessageBytes,
        boolean permessageDeflate,
        int subscribeRatePerSecond,
        Optional<String> heartbeatText,
        Duration heartbeatInterval,
        Optional<String> heartbeatReply) {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
    /** Bounded like every other buffer (DESIGN.md section 6). */
    public static final int MAX_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";
    /**
     * Request headers the upgrade owns (RFC 6455 section 4.1), lower case: not settable in {@code
     * headers}. Host may be set (a virtual host name when connecting by address).
     */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("upgrade", "connection",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");
    public static final WebSocketOptions DEFAULTS = builder().build();

    /** @throws IllegalArgumentException naming every invalid field (YAML key names) */
    public WebSocketOptions {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        final List<String> errors = new ArrayList<>();
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
            errors.add("max_message_bytes: expected 1 byte to 64 MiB, got " + maxMessageBytes);
        }
        if (subscribeRatePerSecond < 0) {
            errors.add("subscribe_rate: expected 0 (unlimited) or more per second, got " + subscribeRatePerSecond);
        }
        if (heartbeatInterval == null || heartbeatInterval.isNegative()) {
            errors.add("heartbeat_interval: expected 0 (off) or a positive duration, got " + heartbeatInterval);
        } else if (heartbeatText.isPresent() != !heartbeatInterval.isZero()) {
            errors.add("heartbeat: heartbeat_text and a positive heartbeat_interval go together");
        }
        if (tlsInsecure && trustStorePath.isPresent()) {
            errors.add("tls_insecure: a trust store and tls_insecure exclude each other; keep the trust store");
        }
        if (trustStoreType == null || trustStoreType.isBlank()) {
            errors.add("trust_store_type: expected a key store type such as PKCS12 or JKS");
        }
        for (String name : headers.keySet()) {
            if (HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add("headers: \"" + name + "\" is set by the WebSocket handshake itself: remove it (use"
                        + " subprotocol for Sec-WebSocket-Protocol, permessage_deflate for Sec-WebSocket-Extensions)");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when an application-level heartbeat is configured. */
    public boolean hasHeartbeat() {
        return heartbeatText.isPresent();
    }

    @Override
    public String toString() {
        return "WebSocketOptions[headers=" + headers.keySet() + ", subprotocol=" + subprotocol.orElse("none")
                + ", tlsInsecure=" + tlsInsecure + ", trustStore=" + trustStorePath.orElse("default")
                + ", trustStorePassword=" + (trustStorePassword.isPresent() ? "****" : "none")
                + ", maxMessageBytes=" + maxMessageBytes + ", permessageDeflate=" + permessageDeflate
                + ", subscribeRatePerSecond=" + subscribeRatePerSecond
                + ", heartbeatInterval=" + heartbeatInterval + "]";
    }

    /** Collects the options; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String subprotocol;
        private boolean tlsInsecure;
        private String trustStorePath;
        private String trustStorePassword;
        private String trustStoreType = DEFAULT_TRUST_STORE_TYPE;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private boolean permessageDeflate = true;
        private int subscribeRatePerSecond;
        private String heartbeatText;
        private Duration heartbeatInterval = Duration.ZERO;
        private String heartbeatReply;

        private Builder() {
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> all) {
            headers.clear();
            headers.putAll(all);
            return this;
        }

        public Builder subprotocol(String name) {
            this.subprotocol = name;
            return this;
        }

        /** Turns certificate and host name checks off: testing only; every connect logs a warning. */
        public Builder tlsInsecure(boolean insecure) {
            this.tlsInsecure = insecure;
            return this;
        }

        public Builder trustStore(String path, String password, String type) {
            this.trustStorePath = path;
            this.trustStorePassword = password;
            this.trustStoreType = type == null ? DEFAULT_TRUST_STORE_TYPE : type;
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        public Builder permessageDeflate(boolean enabled) {
            this.permessageDeflate = enabled;
            return this;
        }

        /** Subscription messages per second after each connect; 0 sends them all at once. */
        public Builder subscribeRatePerSecond(int rate) {
            this.subscribeRatePerSecond = rate;
            return this;
        }

        /** Sends {@code text} every {@code interval}; a received {@code reply} (may be null) is not data. */
        public Builder heartbeat(String text, Duration interval, String reply) {
            this.heartbeatText = text;
            this.heartbeatInterval = interval;
            this.heartbeatReply = reply;
            return this;
        }

        public WebSocketOptions build() {
            return new WebSocketOptions(headers, Optional.ofNullable(subprotocol), tlsInsecure,
                    Optional.ofNullable(trustStorePath), Optional.ofNullable(trustStorePassword), trustStoreType,
                    maxMessageBytes, permessageDeflate, subscribeRatePerSecond, Optional.ofNullable(heartbeatText),
                    heartbeatInterval, Optional.ofNullable(heartbeatReply));
        }
    }
}
