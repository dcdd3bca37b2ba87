package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.codec.framing.FramingSpec;
import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.codec.json.JsonMapping;
import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.config.Credentials;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.config.EndpointDisplay;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.config.UnmappedPolicy;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.source.Decoders;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code sources:} list into {@link DataSourceConfig}s. Every field is checked here
 * (type and range, mirroring {@link DataSourceConfig.Builder#build()}) so that one pass reports all
 * the mistakes of a source, not only those of its first bad field; the builder is then called only
 * for clean sources, and what it still refuses is reported under the source's path. One instance
 * per load; not thread-safe.
 */
final class SourceConfigReader {
    static final List<String> KEYS = List.of("source_id", "protocol", "endpoint", "format", "subscribe",
            "buffer_size", "reconnect_interval", "reconnect_max_interval", "max_reconnect_attempts",
            "connect_timeout", "stale_timeout", "credentials", "backpressure", "on_unmapped", "on_malformed",
            "tcp", "json", "websocket", "fix");
    private static final List<String> CREDENTIAL_KEYS = List.of("username", "password");
    private static final List<String> TCP_KEYS = List.of("framing", "max_frame_bytes", "on_oversize");

    // The same limits DataSourceConfig.build() applies; repeated so they are checked with the rest.
    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final long MIN_BUFFER_BYTES = 256;
    private static final long MAX_BUFFER_BYTES = 64L * 1024 * 1024;
    /** Bounded like every other buffer (DESIGN.md section 6); no sane line or frame is bigger. */
    private static final long MAX_FRAME_BYTES = 64L * 1024 * 1024;

    private static final Map<String, Protocol> PROTOCOLS = protocols();
    /** The formats this build decodes: the generic mapping, FIX, and the venue dialects. */
    private static final Map<String, String> FORMATS = formats();
    private static final Map<String, FramingType> FRAMINGS = framings();
    private static final Map<String, BackpressurePolicy> BACKPRESSURE = NodeReader.choices(BackpressurePolicy.values());
    private static final Map<String, UnmappedPolicy> UNMAPPED = NodeReader.choices(UnmappedPolicy.values());
    private static final Map<String, ErrorPolicy> ERROR_POLICIES = NodeReader.choices(ErrorPolicy.values());

    private final NodeReader reader;
    private final JsonMappingReader jsonReader;
    private final WebSocketOptionsReader webSocketReader;
    private final FixOptionsReader fixReader;

    SourceConfigReader(NodeReader reader) {
        this.reader = reader;
        this.jsonReader = new JsonMappingReader(reader);
        this.webSocketReader = new WebSocketOptionsReader(reader);
        this.fixReader = new FixOptionsReader(reader);
    }

    /** The sources of a non-empty list; only the clean ones are returned (the others have errors). */
    List<DataSourceConfig> readAll(JsonNode node, String path) {
        final List<DataSourceConfig> sources = new ArrayList<>();
        final Optional<List<JsonNode>> items = reader.list(node, path);
        if (items.isEmpty()) {
            return sources;
        }
        if (items.get().isEmpty()) {
            reader.error(path, "expected at least one source, got an empty list");
        }
        final Map<String, String> firstUse = new HashMap<>();
        for (int i = 0; i < items.get().size(); i++) {
            final String at = NodeReader.index(path, i);
            readOne(items.get().get(i), at).ifPresent(sources::add);
            checkUnique(items.get().get(i), at, firstUse);
        }
        return sources;
    }

    private void checkUnique(JsonNode source, String at, Map<String, String> firstUse) {
        final JsonNode id = source.get("source_id");
        if (id != null && id.isTextual()) {
            final String previous = firstUse.putIfAbsent(id.textValue(), at);
            if (previous != null) {
                reader.error(NodeReader.child(at, "source_id"), "expected a unique source_id, got "
                        + NodeReader.quote(id.textValue()) + " again (already used by " + previous + ")");
            }
        }
    }

    private Optional<DataSourceConfig> readOne(JsonNode node, String at) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final ObjectNode source = found.get();
        final Protocol protocol = readProtocol(source, at);
        final DataSourceConfig.Builder builder =
                DataSourceConfig.builder(readSourceId(source, at), protocol, readEndpoint(source, at, protocol));
        readFix(source, at, protocol).ifPresent(builder::fix);
        // An invalid format (already reported) is null, so the json checks below do not pile up on it.
        final String format = NodeReader.isAbsent(source.get("format"))
                ? (protocol == Protocol.FIX ? DataSourceConfig.FIX_FORMAT : "json")
                : reader.choice(source, at, "format", FORMATS).orElse(null);
        if (format != null) {
            builder.format(format);
        }
        reader.textList(source, at, "subscribe").ifPresent(builder::subscribe);
        reader.size(source, at, "buffer_size", MIN_BUFFER_BYTES, MAX_BUFFER_BYTES)
                .ifPresent(bytes -> builder.bufferSize(bytes.intValue()));
        readReconnect(source, at, builder);
        reader.duration(source, at, "connect_timeout", false).ifPresent(builder::connectTimeout);
        reader.duration(source, at, "stale_timeout", true).ifPresent(builder::staleTimeout);
        readCredentials(source, at).ifPresent(builder::credentials);
        reader.choice(source, at, "backpressure", BACKPRESSURE).ifPresent(builder::backpressure);
        reader.choice(source, at, "on_unmapped", UNMAPPED).ifPresent(builder::onUnmapped);
        reader.choice(source, at, "on_malformed", ERROR_POLICIES).ifPresent(builder::onMalformed);
        readFraming(source, at, protocol).ifPresent(builder::framing);
        readJson(source, at, protocol, format).ifPresent(builder::jsonMapping);
        readWebSocket(source, at, protocol).ifPresent(builder::websocket);
        return reader.isClean(before, at) ? build(builder, at) : Optional.empty();
    }

    private static Map<String, String> formats() {
        final Map<String, String> formats = new LinkedHashMap<>();
        Decoders.FORMATS.forEach(format -> formats.put(format, format));
        return Collections.unmodifiableMap(formats);
    }

    private String readSourceId(ObjectNode source, String at) {
        if (!reader.require(source, at, "source_id")) {
            return null;
        }
        final String id = reader.text(source, at, "source_id").orElse(null);
        if (id != null && !SOURCE_ID.matcher(id).matches()) {
            reader.error(NodeReader.child(at, "source_id"),
                    "expected 1-128 characters of letters, digits, '_', '.', ':', '-', got " + NodeReader.quote(id));
        }
        return id;
    }

    private Protocol readProtocol(ObjectNode source, String at) {
        return reader.require(source, at, "protocol")
                ? reader.choice(source, at, "protocol", PROTOCOLS).orElse(null) : null;
    }

    private String readEndpoint(ObjectNode source, String at, Protocol protocol) {
        if (!reader.require(source, at, "endpoint")) {
            return null;
        }
        final String endpoint = reader.nonBlankText(source, at, "endpoint").orElse(null);
        if (endpoint == null || protocol == null) {
            return endpoint;
        }
        final String expected = switch (protocol) {
            case TCP, FIX, UDP -> Endpoint.parseHostPort(endpoint).isPresent() ? null : "host:port";
            case WEBSOCKET -> isUrl(endpoint, "ws", "wss") ? null : "a ws:// or wss:// URL";
            case REST -> isUrl(endpoint, "http", "https") ? null : "an http:// or https:// URL";
            default -> null;
        };
        if (expected != null) {
            // The display form: a URL that does not parse may hold a password up to any of its characters.
            reader.error(NodeReader.child(at, "endpoint"), "expected " + expected + ", got "
                    + NodeReader.quote(EndpointDisplay.of(endpoint))
                    + EndpointDisplay.invalidUrlAdvice(endpoint));
        }
        return endpoint;
    }

    private static boolean isUrl(String text, String... schemes) {
        try {
            final URI uri = new URI(text);
            return uri.getHost() != null && uri.getScheme() != null
                    && List.of(schemes).contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void readReconnect(ObjectNode source, String at, DataSourceConfig.Builder builder) {
        final int before = reader.errorCount();
        final Optional<Duration> first = reader.duration(source, at, "reconnect_interval", false);
        final Optional<Duration> max = reader.duration(source, at, "reconnect_max_interval", false);
        first.ifPresent(builder::reconnectInterval);
        max.ifPresent(builder::reconnectMaxInterval);
        reader.integer(source, at, "max_reconnect_attempts", 0, "0 (forever) or more")
                .ifPresent(builder::maxReconnectAttempts);
        final Duration effectiveFirst = first.orElse(DataSourceConfig.DEFAULT_RECONNECT_INTERVAL);
        final Duration effectiveMax = max.orElse(DataSourceConfig.DEFAULT_RECONNECT_MAX_INTERVAL);
        if (reader.isClean(before, NodeReader.child(at, "reconnect_interval"))
                && reader.isClean(before, NodeReader.child(at, "reconnect_max_interval"))
                && effectiveMax.compareTo(effectiveFirst) < 0) {
            if (max.isPresent()) {
                reader.error(NodeReader.child(at, "reconnect_max_interval"),
                        "expected at least reconnect_interval (" + ConfigUnits.formatDuration(effectiveFirst)
                                + "), got " + ConfigUnits.formatDuration(effectiveMax));
            } else {
                reader.error(NodeReader.child(at, "reconnect_interval"), "expected at most reconnect_max_interval ("
                        + ConfigUnits.formatDuration(effectiveMax) + ", the default), got "
                        + ConfigUnits.formatDuration(effectiveFirst));
            }
        }
    }

    private Optional<Credentials> readCredentials(ObjectNode source, String at) {
        return reader.value(source, at, "credentials", (node, path) -> {
            final int before = reader.errorCount();
            final Optional<ObjectNode> found = reader.mapping(node, path, CREDENTIAL_KEYS);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            final JsonNode password = found.get().get("password");
            if (password != null && password.isTextual()) {
                reader.hideEverywhere(password.textValue());
            }
            // Both checked (no short-circuit) so a block missing both keys reports both.
            final boolean hasUser = reader.require(found.get(), path, "username");
            final boolean complete = reader.require(found.get(), path, "password") && hasUser;
            final Optional<String> user = reader.nonBlankText(found.get(), path, "username");
            final Optional<String> secret = reader.nonBlankText(found.get(), path, "password");
            return complete && reader.isClean(before, path)
                    ? Optional.of(new Credentials(user.orElseThrow(), secret.orElseThrow())) : Optional.empty();
        });
    }

    private Optional<FramingSpec> readFraming(ObjectNode source, String at, Protocol protocol) {
        return reader.value(source, at, "tcp", (node, path) -> {
            if (protocol != null && protocol != Protocol.TCP) {
                reader.error(path, "applies only to protocol tcp, got protocol " + protocol.configName());
                return Optional.empty();
            }
            final int before = reader.errorCount();
            final Optional<ObjectNode> tcp = reader.mapping(node, path, TCP_KEYS);
            if (tcp.isEmpty()) {
                return Optional.empty();
            }
            final FramingType type = reader.choice(tcp.get(), path, "framing", FRAMINGS).orElse(FramingType.LINE);
            final long maxFrameBytes = reader.size(tcp.get(), path, "max_frame_bytes", 1, MAX_FRAME_BYTES)
                    .orElse((long) FramingSpec.DEFAULT_MAX_FRAME_BYTES);
            final ErrorPolicy onOversize =
                    reader.choice(tcp.get(), path, "on_oversize", ERROR_POLICIES).orElse(ErrorPolicy.SKIP);
            return reader.isClean(before, path)
                    ? Optional.of(new FramingSpec(type, (int) maxFrameBytes, onOversize)) : Optional.empty();
        });
    }

    private Optional<WebSocketOptions> readWebSocket(ObjectNode source, String at, Protocol protocol) {
        return reader.value(source, at, "websocket", (node, path) -> {
            if (protocol != null && protocol != Protocol.WEBSOCKET) {
                reader.error(path, "applies only to protocol websocket, got protocol " + protocol.configName());
                return Optional.empty();
            }
            return webSocketReader.read(node, path);
        });
    }

    private Optional<FixOptions> readFix(ObjectNode source, String at, Protocol protocol) {
        return reader.value(source, at, "fix", (node, path) -> {
            if (protocol != null && protocol != Protocol.FIX) {
                reader.error(path, "applies only to protocol fix, got protocol " + protocol.configName());
                return Optional.empty();
            }
            return fixReader.read(node, path);
        });
    }

    private Optional<JsonMapping> readJson(ObjectNode source, String at, Protocol protocol, String format) {
        final String path = NodeReader.child(at, "json");
        if (NodeReader.isAbsent(source.get("json"))) {
            // Stream transports carry no dialect of their own, so format json needs to be told where fields are.
            if ("json".equals(format) && (protocol == Protocol.TCP || protocol == Protocol.UDP)) {
                reader.error(path, "required for format json over " + protocol.configName()
                        + ": expected a mapping with trade and/or quote, got nothing");
            }
            return Optional.empty();
        }
        if (format != null && !"json".equals(format)) {
            reader.error(path, "applies only to format json, got format " + NodeReader.quote(format));
            return Optional.empty();
        }
        return jsonReader.read(source.get("json"), path);
    }

    /** Builds a clean source; what the builder still refuses becomes errors under the source's path. */
    private Optional<DataSourceConfig> build(DataSourceConfig.Builder builder, String at) {
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            errorsFromBuilder(e.getMessage(), at).forEach(error -> reader.error(error.path(), error.message()));
            return Optional.empty();
        }
    }

    /**
     * Splits the builder's {@code invalid source "id": field: msg; field: msg} into one error per
     * field, under the source's path; a part without a field name goes on the source itself.
     */
    static List<ConfigError> errorsFromBuilder(String message, String at) {
        final int start = message.indexOf("\": ");
        final String body =
                message.startsWith("invalid source \"") && start > 0 ? message.substring(start + 3) : message;
        final List<ConfigError> errors = new ArrayList<>();
        for (String problem : body.split("; ")) {
            final int colon = problem.indexOf(": ");
            final String field = colon > 0 ? problem.substring(0, colon) : "";
            errors.add(field.matches("[a-z_]+(\\.[a-z_]+)*")
                    ? new ConfigError(NodeReader.child(at, field), problem.substring(colon + 2))
                    : new ConfigError(at, problem));
        }
        return errors;
    }

    private static Map<String, Protocol> protocols() {
        final Map<String, Protocol> byName = new LinkedHashMap<>();
        for (Protocol p : Protocol.values()) {
            byName.put(p.configName(), p);
        }
        return byName;
    }

    private static Map<String, FramingType> framings() {
        final Map<String, FramingType> byName = new LinkedHashMap<>();
        byName.put("line", FramingType.LINE);
        byName.put("length_u16", FramingType.LENGTH_PREFIX_2);
        byName.put("length_u32", FramingType.LENGTH_PREFIX_4);
        return byName;
    }
}
