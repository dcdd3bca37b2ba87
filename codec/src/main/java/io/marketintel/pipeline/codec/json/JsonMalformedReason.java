package io.marketintel.pipeline.codec.json;

/**
 * Why a {@link JsonMappingDecoder} judged its last frame {@code MALFORMED}, so a connector can
 * count (and rate-limit logging of) each cause without the decoder allocating a message.
 * Immutable, thread-safe.
 */
public enum JsonMalformedReason {
    /** The last frame was not malformed. */
    NONE,
    /** Not RFC 8259 JSON: syntax error, truncation, or nesting deeper than allowed. */
    INVALID_JSON,
    MISSING_SYMBOL,
    MISSING_PRICE,
    MISSING_SIZE,
    /** A quote with neither a bid nor an ask price. */
    MISSING_BID_AND_ASK_PRICE,
    /** The symbol is empty, not a string or number, or too long to unescape. */
    BAD_SYMBOL,
    /** A trade price, or a quote bid/ask price, is not an exact decimal. */
    BAD_PRICE,
    /** A trade size, or a quote bid/ask size, is not an exact decimal. */
    BAD_SIZE,
    /** The side is not a string among buy/b/bid/sell/s/ask/offer (any case). */
    BAD_SIDE,
    BAD_TRADE_ID,
    /** Not a number in the mapping's time unit, or out of range once in nanoseconds. */
    BAD_EXCHANGE_TIME,
    /** Not a whole number that fits a long. */
    BAD_SOURCE_SEQ
}
