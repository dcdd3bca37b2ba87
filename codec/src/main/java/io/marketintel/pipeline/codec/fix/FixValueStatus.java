package io.marketintel.pipeline.codec.fix;

/**
 * Outcome of a typed read from a {@link FixMessageView}: why a read returned its sentinel rather
 * than a value. Expected outcomes are values, not exceptions. Immutable, safe from any thread.
 */
public enum FixValueStatus {
    OK,
    /** The field is not in the message (or not in the group entry). */
    MISSING,
    /** The field is there but its text is not a value of the type asked for. */
    MALFORMED,
    /** A well-formed number too large for the type asked for. */
    OVERFLOW
}
