package io.marketintel.pipeline.codec;

/** Which payload of the canonical {@code Envelope} a {@link CanonicalEvent} carries. */
public enum EventKind {
    NONE, TRADE, QUOTE, BOOK_UPDATE, TICKER, FIX_MESSAGE, STATUS, RAW
}
