package io.marketintel.pipeline.codec.json;

/**
 * Where the fields of a trade are in a venue's JSON: each value is a dot-separated path of
 * object keys ("data.p"); null means the venue does not send it. {@code when} is the value of the
 * mapping's discriminator that selects this mapping (null when there is no discriminator).
 * Side values recognised: buy/b/bid and sell/s/ask/offer, any case.
 */
public record TradeMapping(
        String when,
        String symbol,
        String price,
        String size,
        String side,
        String tradeId,
        String exchangeTime,
        String sourceSeq) {
}
