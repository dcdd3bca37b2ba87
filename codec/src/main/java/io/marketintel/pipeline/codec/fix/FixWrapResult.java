package io.marketintel.pipeline.codec.fix;

/**
 * Outcome of {@link FixMessageView#wrap}: whether the tag index could be built. Immutable, safe
 * from any thread.
 */
public enum FixWrapResult {
    OK,
    /** Not a sequence of {@code tag=value<SOH>} fields (a tag that is not a number, no SOH). */
    MALFORMED,
    /** More fields than the view's capacity: raise the capacity or count the message as refused. */
    TOO_MANY_FIELDS
}
