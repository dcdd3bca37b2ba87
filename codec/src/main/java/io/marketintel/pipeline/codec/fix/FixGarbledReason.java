package io.marketintel.pipeline.codec.fix;

/**
 * Why the {@link FixFramer} skipped bytes instead of delivering a message. Every reason is
 * recoverable: the framer resynchronises on the next {@code 8=FIX} and the session keeps its
 * expected sequence number. (An oversize BodyLength is not a reason here: it is fatal and has its
 * own callback.) Immutable, safe from any thread.
 */
public enum FixGarbledReason {
    /** Bytes where a message should start that are not {@code 8=FIX…}. */
    GARBAGE,
    /** {@code 8=} carries a BeginString that is not configured, or is not terminated. */
    UNSUPPORTED_BEGIN_STRING,
    /** The second field is not {@code 9=}. */
    BODY_LENGTH_NOT_SECOND,
    /** {@code 9=} is empty or not a decimal number. */
    BAD_BODY_LENGTH,
    /** The body does not start with {@code 35=value<SOH>}. */
    MSG_TYPE_NOT_THIRD,
    /** No {@code 10=ddd<SOH>} exactly BodyLength bytes after the BodyLength field. */
    WRONG_BODY_LENGTH,
    /** The CheckSum is not three digits or is not the sum of the bytes mod 256. */
    BAD_CHECKSUM
}
