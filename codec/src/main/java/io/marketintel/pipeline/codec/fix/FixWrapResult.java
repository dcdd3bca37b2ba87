package io.marketintel.pipeline.codec.fix;

/**
 * Outcome of {@link FixMessageView#wrap}: whether the tag index could be built. Immutable, safe
 * from any thread.
 */
public enum FixWrapResult {
    OK,
    /** Not a sequence of {@code tag=value<SOH>} fields (a tag that is not a number, no SOH). */
    MALFORMED,
    /**
     * More fields than the view's capacity: only the first ones (the header) are indexed; count
     * the message as refused, or raise the capacity.
     */
    TOO_MANY_FIELDS
}
