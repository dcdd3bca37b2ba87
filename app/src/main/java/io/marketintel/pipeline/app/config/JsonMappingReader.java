package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketintel.pipeline.codec.json.JsonMapping;
import io.marketintel.pipeline.codec.json.QuoteMapping;
import io.marketintel.pipeline.codec.json.TimestampUnit;
import io.marketintel.pipeline.codec.json.TradeMapping;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a source's {@code json:} block into a {@link JsonMapping}: the optional discriminator, the
 * timestamp unit and the trade and quote field paths. Checks what the codec relies on: at least one
 * mapping, a discriminator when there are two, a {@code when} value exactly when there is a
 * discriminator, and well-formed dot-separated key paths. One instance per load; not thread-safe.
 */
final class JsonMappingReader {
    private static final List<String> KEYS = List.of("discriminator", "time_unit", "trade", "quote");
    private static final List<String> TRADE_KEYS =
            List.of("when", "symbol", "price", "size", "side", "trade_id", "exchange_time", "source_seq");
    private static final List<String> QUOTE_KEYS =
            List.of("when", "symbol", "bid_price", "bid_size", "ask_price", "ask_size", "exchange_time", "source_seq");
    /** A trade without price and size, or a quote without prices, would normalise to nothing useful. */
    private static final Set<String> TRADE_REQUIRED = Set.of("price", "size");
    private static final Set<String> QUOTE_REQUIRED = Set.of("bid_price", "ask_price");
    private static final Pattern KEY_PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");
    private static final Map<String, TimestampUnit> TIME_UNITS = timeUnits();

    private final NodeReader reader;

    JsonMappingReader(NodeReader reader) {
        this.reader = reader;
    }

    Optional<JsonMapping> read(JsonNode node, String at) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final ObjectNode json = found.get();
        // Decided on presence, not validity, so a bad discriminator is one error, not one per "when".
        final boolean discriminated = !NodeReader.isAbsent(json.get("discriminator"));
        final String discriminator = keyPath(json, at, "discriminator").orElse(null);
        final TimestampUnit unit = reader.choice(json, at, "time_unit", TIME_UNITS).orElse(TimestampUnit.MILLISECONDS);
        final TradeMapping trade =
                reader.value(json, at, "trade", (n, p) -> readTrade(n, p, discriminated)).orElse(null);
        final QuoteMapping quote =
                reader.value(json, at, "quote", (n, p) -> readQuote(n, p, discriminated)).orElse(null);
        final boolean hasTrade = !NodeReader.isAbsent(json.get("trade"));
        final boolean hasQuote = !NodeReader.isAbsent(json.get("quote"));
        if (!hasTrade && !hasQuote) {
            reader.error(at, "expected a trade or a quote mapping (or both), got neither");
        }
        if (hasTrade && hasQuote && !discriminated) {
            reader.error(NodeReader.child(at, "discriminator"),
                    "required when both trade and quote are mapped (it says which one a message is), got nothing");
        }
        return reader.isClean(before, at)
                ? Optional.of(new JsonMapping(discriminator, trade, quote, unit)) : Optional.empty();
    }

    private Optional<TradeMapping> readTrade(JsonNode node, String at, boolean discriminated) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, TRADE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final String when = readWhen(found.get(), at, discriminated);
        final Map<String, String> p = keyPaths(found.get(), at, TRADE_KEYS, TRADE_REQUIRED);
        return reader.isClean(before, at)
                ? Optional.of(new TradeMapping(when, p.get("symbol"), p.get("price"), p.get("size"), p.get("side"),
                        p.get("trade_id"), p.get("exchange_time"), p.get("source_seq")))
                : Optional.empty();
    }

    private Optional<QuoteMapping> readQuote(JsonNode node, String at, boolean discriminated) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, QUOTE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final String when = readWhen(found.get(), at, discriminated);
        final Map<String, String> p = keyPaths(found.get(), at, QUOTE_KEYS, QUOTE_REQUIRED);
        return reader.isClean(before, at)
                ? Optional.of(new QuoteMapping(when, p.get("symbol"), p.get("bid_price"), p.get("bid_size"),
                        p.get("ask_price"), p.get("ask_size"), p.get("exchange_time"), p.get("source_seq")))
                : Optional.empty();
    }

    /** The discriminator value selecting this mapping: required with a discriminator, meaningless without. */
    private String readWhen(ObjectNode mapping, String at, boolean discriminated) {
        if (discriminated) {
            return reader.require(mapping, at, "when") ? reader.nonBlankText(mapping, at, "when").orElse(null) : null;
        }
        if (!NodeReader.isAbsent(mapping.get("when"))) {
            reader.error(NodeReader.child(at, "when"), "applies only when json.discriminator is set, which it is not");
        }
        return null;
    }

    /** The key paths of every field but {@code when}, by key; absent fields are simply missing. */
    private Map<String, String> keyPaths(ObjectNode mapping, String at, List<String> keys, Set<String> required) {
        final Map<String, String> paths = new HashMap<>();
        for (String key : keys) {
            if (key.equals("when") || (required.contains(key) && !reader.require(mapping, at, key))) {
                continue;
            }
            keyPath(mapping, at, key).ifPresent(path -> paths.put(key, path));
        }
        return paths;
    }

    private Optional<String> keyPath(ObjectNode parent, String at, String key) {
        return reader.nonBlankText(parent, at, key).filter(path -> {
            if (!KEY_PATH.matcher(path).matches()) {
                reader.error(NodeReader.child(at, key),
                        "expected a dot-separated key path such as data.p, got " + NodeReader.quote(path));
                return false;
            }
            return true;
        });
    }

    private static Map<String, TimestampUnit> timeUnits() {
        final Map<String, TimestampUnit> byName = new LinkedHashMap<>();
        byName.put("s", TimestampUnit.SECONDS);
        byName.put("ms", TimestampUnit.MILLISECONDS);
        byName.put("us", TimestampUnit.MICROSECONDS);
        byName.put("ns", TimestampUnit.NANOSECONDS);
        return byName;
    }
}
