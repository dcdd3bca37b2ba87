package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixValueStatus;
import io.marketintel.pipeline.config.FixOptions;

/**
 * What a {@link FixSession} reads of the message in its view before acting on it: BeginString and
 * CompIDs against the session's, SendingTime against the clock within the configured tolerance,
 * MsgType, ResetSeqNumFlag, and text fields for statuses and logs (only on rare paths: they make
 * Strings). Allocation-free for the checks. Not thread-safe: one per session, sharing its view.
 */
final class FixMessageChecks {
    private final FixMessageView view;
    private final byte[] beginString;
    private final byte[] senderCompId;
    private final byte[] targetCompId;
    private final long sendingTimeToleranceNs;

    FixMessageChecks(FixMessageView view, FixOptions options) {
        this.view = view;
        this.beginString = FixMessageWriter.ascii(options.beginString());
        this.senderCompId = FixMessageWriter.ascii(options.senderCompId());
        this.targetCompId = FixMessageWriter.ascii(options.targetCompId());
        this.sendingTimeToleranceNs = options.sendingTimeTolerance().toNanos();
    }

    boolean beginStringMatches() {
        return fieldEquals(0, beginString);
    }

    /** The venue's SenderCompID is our target and vice versa; a missing or empty one is left to the validator. */
    boolean compIdsMatch() {
        return fieldEqualsOrEmpty(view.indexOf(49), targetCompId) && fieldEqualsOrEmpty(view.indexOf(56), senderCompId);
    }

    /** Whether the Logon reply names both CompIDs as expected (nothing is left to a validator there). */
    boolean logonCompIdsMatch() {
        return view.indexOf(49) >= 0 && view.indexOf(56) >= 0 && compIdsMatch();
    }

    /** SendingTime (52) within the tolerance of {@code nowEpochNs}; a missing one is the validator's to report. */
    boolean sendingTimeAccurate(long nowEpochNs) {
        final long sendingNs = view.utcTimestampNs(FixTagsSession.SENDING_TIME);
        if (view.status() != FixValueStatus.OK) {
            return view.status() == FixValueStatus.MISSING;
        }
        return Math.abs(nowEpochNs - sendingNs) <= sendingTimeToleranceNs;
    }

    /** MsgType when it is one character (every session and market-data type), else {@code '\0'}. */
    char msgType() {
        return view.msgType().length() == 1 ? (char) view.msgType().byteAt(0) : '\0';
    }

    /** ResetSeqNumFlag (141) is Y: in a Logon, the venue starts both sequence numbers again at 1. */
    boolean resetSeqNumFlag() {
        return view.charValue(FixTagsSession.RESET_SEQ_NUM_FLAG) == 'Y';
    }

    /** Text (58), or empty. */
    String text() {
        return field(58);
    }

    String field(int tag) {
        final int index = view.indexOf(tag);
        if (index < 0) {
            return "";
        }
        return view.buffer().getStringWithoutLengthAscii(view.valueOffsetAt(index), view.valueLengthAt(index));
    }

    private boolean fieldEqualsOrEmpty(int index, byte[] expected) {
        return index < 0 || view.valueLengthAt(index) == 0 || fieldEquals(index, expected);
    }

    private boolean fieldEquals(int index, byte[] expected) {
        if (index < 0 || index >= view.fieldCount() || view.valueLengthAt(index) != expected.length) {
            return false;
        }
        final int offset = view.valueOffsetAt(index);
        for (int i = 0; i < expected.length; i++) {
            if (view.buffer().getByte(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
