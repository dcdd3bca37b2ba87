package io.marketintel.pipeline.codec.json;

/**
 * Where the fields of a top-of-book quote are in a venue's JSON (dot-separated key paths; null
 * when absent). {@code when} is the discriminator value that selects this mapping.
 */
public record QuoteMapping(
        String when,
        String symbol,
        String bidPrice,
        String bidSize,
        String askPrice,
        String askSize,
        String exchangeTime,
        String sourceSeq) {
}
