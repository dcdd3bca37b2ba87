package io.marketintel.pipeline.codec.json;

/**
 * The kinds of token {@link JsonTokenizer#next()} reports. {@link #END} and {@link #ERROR} are
 * outcomes, not exceptions: the tokenizer never throws on bad input. Immutable, thread-safe.
 */
public enum JsonToken {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    /** An object member's name; the tokenizer has already consumed the ':' after it. */
    KEY,
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL,
    /** The one top-level value was complete and only whitespace followed it. */
    END,
    /** The input is not RFC 8259 JSON (or nests deeper than allowed); sticky until reset. */
    ERROR
}
