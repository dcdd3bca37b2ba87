package io.marketintel.pipeline.venue;

import java.math.BigDecimal;

/**
 * One event of a {@link SyntheticMarket}: a trade or a top-of-book quote, with exact decimal
 * strings as a venue would send them. Immutable; the venues serialise it, tests compare against it.
 */
public record MarketEvent(
        Kind kind,
        long seq,
        String symbol,
        long exchangeTimeMs,
        BigDecimal price,
        BigDecimal size,
        boolean buy,
        long tradeId,
        BigDecimal bidPrice,
        BigDecimal bidSize,
        BigDecimal askPrice,
        BigDecimal askSize) {

    public enum Kind { TRADE, QUOTE }

    /**
     * The generic JSON a {@code format: json} source maps with {@link SyntheticMarket#JSON_MAPPING}:
     * prices as strings, quote sizes as JSON numbers (both must come out exact).
     */
    public String toJson() {
        if (kind == Kind.TRADE) {
            return "{\"type\":\"trade\",\"seq\":" + seq + ",\"s\":\"" + symbol + "\",\"p\":\"" + price.toPlainString()
                    + "\",\"q\":\"" + size.toPlainString() + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"t\":"
                    + tradeId + ",\"T\":" + exchangeTimeMs + "}";
        }
        return "{\"type\":\"quote\",\"seq\":" + seq + ",\"s\":\"" + symbol + "\",\"b\":\"" + bidPrice.toPlainString()
                + "\",\"B\":" + bidSize.toPlainString() + ",\"a\":\"" + askPrice.toPlainString() + "\",\"A\":"
                + askSize.toPlainString() + ",\"T\":" + exchangeTimeMs + "}";
    }
}
