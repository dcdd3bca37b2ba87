package io.marketintel.pipeline.venue;

/**
 * Writes {@link MarketEvent}s as Binance spot raw-stream JSON ({@code format: binance}): a trade as
 * a {@code trade} event (the aggressor is the seller when the buyer is the maker, {@code m}), a
 * quote as a one-level {@code depthUpdate} with the event's sequence as first and last update id.
 * Stateless and thread-safe.
 */
public final class BinanceFormatter {
    private BinanceFormatter() {
    }

    public static String format(MarketEvent event) {
        if (event.kind() == MarketEvent.Kind.TRADE) {
            return "{\"e\":\"trade\",\"E\":" + event.exchangeTimeMs() + ",\"s\":\"" + event.symbol() + "\",\"t\":"
                    + event.tradeId() + ",\"p\":\"" + event.price().toPlainString() + "\",\"q\":\""
                    + event.size().toPlainString() + "\",\"T\":" + event.exchangeTimeMs() + ",\"m\":" + !event.buy()
                    + ",\"M\":true}";
        }
        return "{\"e\":\"depthUpdate\",\"E\":" + event.exchangeTimeMs() + ",\"s\":\"" + event.symbol() + "\",\"U\":"
                + event.seq() + ",\"u\":" + event.seq() + ",\"b\":[[\"" + event.bidPrice().toPlainString() + "\",\""
                + event.bidSize().toPlainString() + "\"]],\"a\":[[\"" + event.askPrice().toPlainString() + "\",\""
                + event.askSize().toPlainString() + "\"]]}";
    }

    /** The subscription request a client sends for a symbol's trade and depth streams. */
    public static String subscribeRequest(int id, String... streams) {
        return "{\"method\":\"SUBSCRIBE\",\"params\":[\"" + String.join("\",\"", streams) + "\"],\"id\":" + id + "}";
    }
}
