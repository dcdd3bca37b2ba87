package io.marketintel.pipeline.config;

import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.codec.framing.FramingSpec;
import io.marketintel.pipeline.codec.json.JsonMapping;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration of one source: the seed's {@code DataSourceConfig} fields ({@code source_id},
 * {@code protocol}, {@code endpoint}, {@code buffer_size}, {@code reconnect_interval}, {@code
 * max_reconnect_attempts}, {@code credentials}) plus what real feeds need. Built with {@link
 * #builder(String, Protocol, String)}; {@link Builder#build()} refuses an invalid config with every
 * problem in one message. Immutable and thread-safe; {@link #toString()} never shows a password.
 */
public final class DataSourceConfig {
    public static final int DEFAULT_BUFFER_SIZE = 16 * 1024;
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The decoder format of FIX sources (and the default format when the protocol is FIX). */
    public static final String FIX_FORMAT = "fix";
    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private final String sourceId;
    private final Protocol protocol;
    private final String endpoint;
    private final String format;
    private final List<String> subscribe;
    private final int bufferSize;
    private final Duration reconnectInterval;
    private final Duration reconnectMaxInterval;
    private final int maxReconnectAttempts;
    private final Duration connectTimeout;
    private final Duration staleTimeout;
    private final Credentials credentials;
    private final BackpressurePolicy backpressure;
    private final UnmappedPolicy onUnmapped;
    private final ErrorPolicy onMalformed;
    private final FramingSpec framing;
    private final JsonMapping jsonMapping;
    private final WebSocketOptions websocket;
    private final FixOptions fix;

    private DataSourceConfig(Builder b) {
        sourceId = b.sourceId;
        protocol = b.protocol;
        endpoint = b.endpoint;
        format = b.format;
        subscribe = List.copyOf(b.subscribe);
        bufferSize = b.bufferSize;
        reconnectInterval = b.reconnectInterval;
        reconnectMaxInterval = b.reconnectMaxInterval;
        maxReconnectAttempts = b.maxReconnectAttempts;
        connectTimeout = b.connectTimeout;
        staleTimeout = b.staleTimeout;
        credentials = b.credentials;
        backpressure = b.backpressure;
        onUnmapped = b.onUnmapped;
        onMalformed = b.onMalformed;
        framing = b.framing;
        jsonMapping = b.jsonMapping;
        websocket = b.websocket;
        fix = b.effectiveFix();
    }

    public static Builder builder(String sourceId, Protocol protocol, String endpoint) {
        return new Builder(sourceId, protocol, endpoint);
    }

    public String sourceId() {
        return sourceId;
    }

    public Protocol protocol() {
        return protocol;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The endpoint as logs, status reasons, metrics, the monitoring API and errors show it ({@link EndpointDisplay}). */
    public String endpointForDisplay() {
        return EndpointDisplay.of(endpoint);
    }

    /** The decoder dialect ({@code json}, later {@code binance}, ...). */
    public String format() {
        return format;
    }

    /** Messages sent, in order, on every connect (WebSocket subscriptions and the like). */
    public List<String> subscribe() {
        return subscribe;
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** First reconnect delay; doubles (with jitter) up to {@link #reconnectMaxInterval()}. */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    public Duration reconnectMaxInterval() {
        return reconnectMaxInterval;
    }

    /** Consecutive failed attempts before the source gives up (FAILED); 0 means forever. */
    public int maxReconnectAttempts() {
        return maxReconnectAttempts;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Silence after which the source is STALE and reconnects; {@link Duration#ZERO} is off. */
    public Duration staleTimeout() {
        return staleTimeout;
    }

    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public BackpressurePolicy backpressure() {
        return backpressure;
    }

    public UnmappedPolicy onUnmapped() {
        return onUnmapped;
    }

    public ErrorPolicy onMalformed() {
        return onMalformed;
    }

    public FramingSpec framing() {
        return framing;
    }

    public Optional<JsonMapping> jsonMapping() {
        return Optional.ofNullable(jsonMapping);
    }

    /** WebSocket options ({@link WebSocketOptions#DEFAULTS} unless set); used by protocol websocket only. */
    public WebSocketOptions websocket() {
        return websocket;
    }

    /** The FIX session settings; present exactly when the protocol is FIX (defaults when not given). */
    public Optional<FixOptions> fix() {
        return Optional.ofNullable(fix);
    }

    @Override
    public String toString() {
        return "DataSourceConfig[sourceId=" + sourceId + ", protocol=" + protocol.configName()
                + ", endpoint=" + endpointForDisplay() + ", format=" + format
                + ", credentials=" + (credentials == null ? "none" : credentials) + "]";
    }

    /** Collects the fields; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private final String sourceId;
        private final Protocol protocol;
        private final String endpoint;
        private String format;
        private final List<String> subscribe = new ArrayList<>();
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private Duration reconnectMaxInterval = DEFAULT_RECONNECT_MAX_INTERVAL;
        private int maxReconnectAttempts;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration staleTimeout = Duration.ZERO;
        private Credentials credentials;
        private BackpressurePolicy backpressure = BackpressurePolicy.BLOCK;
        private UnmappedPolicy onUnmapped = UnmappedPolicy.RAW;
        private ErrorPolicy onMalformed = ErrorPolicy.SKIP;
        private FramingSpec framing = FramingSpec.lines();
        private JsonMapping jsonMapping;
        private WebSocketOptions websocket = WebSocketOptions.DEFAULTS;
        private FixOptions fix;

        private Builder(String sourceId, Protocol protocol, String endpoint) {
            this.sourceId = sourceId;
            this.protocol = protocol;
            this.endpoint = endpoint;
        }

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder subscribe(List<String> messages) {
            subscribe.clear();
            subscribe.addAll(messages);
            return this;
        }

        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        public Builder reconnectInterval(Duration interval) {
            this.reconnectInterval = interval;
            return this;
        }

        public Builder reconnectMaxInterval(Duration interval) {
            this.reconnectMaxInterval = interval;
            return this;
        }

        public Builder maxReconnectAttempts(int attempts) {
            this.maxReconnectAttempts = attempts;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder staleTimeout(Duration timeout) {
            this.staleTimeout = timeout;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.credentials = new Credentials(username, password);
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder backpressure(BackpressurePolicy policy) {
            this.backpressure = policy;
            return this;
        }

        public Builder onUnmapped(UnmappedPolicy policy) {
            this.onUnmapped = policy;
            return this;
        }

        public Builder onMalformed(ErrorPolicy policy) {
            this.onMalformed = policy;
            return this;
        }

        public Builder framing(FramingSpec framing) {
            this.framing = framing;
            return this;
        }

        public Builder jsonMapping(JsonMapping mapping) {
            this.jsonMapping = mapping;
            return this;
        }

        public Builder websocket(WebSocketOptions options) {
            this.websocket = options;
            return this;
        }

        /** The FIX session settings of a {@code protocol: fix} source. */
        public Builder fix(FixOptions options) {
            this.fix = options;
            return this;
        }

        private FixOptions effectiveFix() {
            return protocol != Protocol.FIX ? null : fix != null ? fix : FixOptions.defaults();
        }

        /**
         * @throws IllegalArgumentException naming the source and every invalid field, and what
         *     was expected
         */
        public DataSourceConfig build() {
            if (format == null) {
                format = protocol == Protocol.FIX ? FIX_FORMAT : "json";
            }
            final List<String> errors = new ArrayList<>();
            if (sourceId == null || !SOURCE_ID.matcher(sourceId).matches()) {
                errors.add("source_id: expected 1-128 characters of letters, digits, '_', '.', ':', '-', got "
                        + quote(sourceId));
            }
            if (protocol == null) {
                errors.add("protocol: required");
            }
            if (endpoint == null || endpoint.isBlank()) {
                errors.add("endpoint: required");
            } else if (protocol == Protocol.TCP || protocol == Protocol.FIX || protocol == Protocol.UDP) {
                if (Endpoint.parseHostPort(endpoint).isEmpty()) {
                    errors.add("endpoint: expected host:port, got " + quote(EndpointDisplay.of(endpoint)));
                }
            }
            if (bufferSize < 256 || bufferSize > 64 * 1024 * 1024) {
                errors.add("buffer_size: expected 256 bytes to 64 MiB, got " + bufferSize);
            }
            if (isNotPositive(reconnectInterval)) {
                errors.add("reconnect_interval: expected a positive duration, got " + reconnectInterval);
            }
            if (isNotPositive(reconnectMaxInterval)
                    || (reconnectInterval != null && reconnectMaxInterval.compareTo(reconnectInterval) < 0)) {
                errors.add("reconnect_max_interval: expected a duration at least reconnect_interval, got "
                        + reconnectMaxInterval);
            }
            if (maxReconnectAttempts < 0) {
                errors.add("max_reconnect_attempts: expected 0 (forever) or more, got " + maxReconnectAttempts);
            }
            if (isNotPositive(connectTimeout)) {
                errors.add("connect_timeout: expected a positive duration, got " + connectTimeout);
            }
            if (staleTimeout == null || staleTimeout.isNegative()) {
                errors.add("stale_timeout: expected 0 (off) or a positive duration, got " + staleTimeout);
            }
            if (Objects.equals(format, "json") && jsonMapping == null
                    && (protocol == Protocol.TCP || protocol == Protocol.UDP)) {
                errors.add("json: a mapping is required for format json");
            }
            if (protocol == Protocol.WEBSOCKET && endpoint != null && !endpoint.isBlank() && !isWebSocketUrl(endpoint)) {
                errors.add("endpoint: expected a ws:// or wss:// URL with a host, got "
                        + quote(EndpointDisplay.of(endpoint)) + EndpointDisplay.invalidUrlAdvice(endpoint));
            }
            if (fix != null && protocol != Protocol.FIX) {
                errors.add("fix: applies only to protocol fix");
            }
            if (protocol == Protocol.FIX) {
                if (!FIX_FORMAT.equals(format)) {
                    errors.add("format: protocol fix carries FIX messages, expected format fix, got " + quote(format));
                }
                effectiveFix().validate().forEach(e -> errors.add("fix." + e));
            }
            if (backpressure == null || onUnmapped == null || onMalformed == null || framing == null
                    || websocket == null) {
                errors.add("policies and framing must not be null");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid source " + quote(sourceId) + ": " + String.join("; ", errors));
            }
            return new DataSourceConfig(this);
        }

        private static boolean isWebSocketUrl(String text) {
            final URI uri = EndpointDisplay.parseUrl(text);
            return uri != null && ("ws".equalsIgnoreCase(uri.getScheme()) || "wss".equalsIgnoreCase(uri.getScheme()));
        }

        private static boolean isNotPositive(Duration d) {
            return d == null || d.isZero() || d.isNegative();
        }

        private static String quote(String s) {
            return s == null ? "nothing" : "\"" + s + "\"";
        }
    }
}
