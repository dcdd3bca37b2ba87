package io.marketintel.pipeline.venue;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes {@link MarketEvent}s as Binance spot raw-stream JSON ({@code format: binance}): a trade as
 * a {@code trade} event (the aggressor is the seller when the buyer is the maker, {@code m}), a
 * quote as a one-level {@code depthUpdate}. A depth update's first and last update id ({@code U},
 * {@code u}) come from the connection's {@link DepthUpdateIds}, so that each symbol's updates
 * follow one another as Binance numbers them ({@code U} = previous {@code u} + 1). Stateless and
 * thread-safe apart from the {@link DepthUpdateIds} passed in.
 */
public final class BinanceFormatter {
    private BinanceFormatter() {
    }

    public static String format(MarketEvent event, DepthUpdateIds ids) {
        if (event.kind() == MarketEvent.Kind.TRADE) {
            return "{\"e\":\"trade\",\"E\":" + event.exchangeTimeMs() + ",\"s\":\"" + event.symbol() + "\",\"t\":"
                    + event.tradeId() + ",\"p\":\"" + event.price().toPlainString() + "\",\"q\":\""
                    + event.size().toPlainString() + "\",\"T\":" + event.exchangeTimeMs() + ",\"m\":" + !event.buy()
                    + ",\"M\":true}";
        }
        final long id = ids.next(event.symbol());
        return depthUpdateHead(event) + id + ",\"u\":" + id + depthUpdateTail(event);
    }

    /** A quote's depthUpdate up to its first update id: {@code {"e":"depthUpdate",...,"U":}. */
    public static String depthUpdateHead(MarketEvent event) {
        return "{\"e\":\"depthUpdate\",\"E\":" + event.exchangeTimeMs() + ",\"s\":\"" + event.symbol() + "\",\"U\":";
    }

    /** A quote's depthUpdate after its last update id: the levels and the closing brace. */
    public static String depthUpdateTail(MarketEvent event) {
        return ",\"b\":[[\"" + event.bidPrice().toPlainString() + "\",\"" + event.bidSize().toPlainString()
                + "\"]],\"a\":[[\"" + event.askPrice().toPlainString() + "\",\"" + event.askSize().toPlainString() + "\"]]}";
    }

    /** The subscription request a client sends for a symbol's trade and depth streams. */
    public static String subscribeRequest(int id, String... streams) {
        return "{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", streams) + "\"],\"id\":" + id + "}";
    }

    /**
     * One connection's depth update ids: each symbol's updates numbered 1, 2, 3, ... from the
     * connection's start. Not thread-safe: one per connection.
     */
    public static final class DepthUpdateIds {
        private final Map<String, long[]> lastBySymbol = new HashMap<>();

        /** The id of the symbol's next update (one update id per update, as the venue sends one level per side). */
        public long next(String symbol) {
            return ++lastBySymbol.computeIfAbsent(symbol, s -> new long[1])[0];
        }
    }
}
