package io.marketintel.pipeline.codec;

/** Outcome of parsing a decimal from bytes: a value, or why the text is not one. */
public enum DecimalParseResult {
    OK,
    /** No characters at all. */
    EMPTY,
    /** Not a finite decimal number: stray characters, two points, two signs, NaN, Infinity. */
    MALFORMED,
    /** A well-formed number whose significant digits or exponent do not fit (int64 / int32). */
    OVERFLOW
}
