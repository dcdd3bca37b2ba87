package io.marketintel.pipeline.connector.fix;

/**
 * The MsgSeqNums that the venue has already re-sent (PossDup) in answer to the ResendRequests of
 * the latest sequence gap: from the first number asked for up to the highest number a PossDup
 * message has covered (a gap fill covers up to its NewSeqNo - 1).
 *
 * <p>Why it matters: a venue may answer a ResendRequest from its message store while the original
 * of its last stored message is still on its way out (QuickFIX/J 2.3.2 does: it stores a message
 * before writing it and resends without the send lock). That original then arrives after its
 * copy, with a MsgSeqNum already processed and no PossDupFlag. It is a late duplicate, not the
 * "MsgSeqNum too low" that must end the session; this span tells the two apart. It is kept after
 * the gap closes (the original comes after the copy that closed it) and replaced when the next gap
 * opens, so that a too-low message outside what was just re-sent still ends the session; except
 * when the next gap opens inside the span or right after it: the answer itself skipped a number,
 * and the late original of a message it did re-send can still follow, so the span goes on.
 *
 * <p>Not thread-safe: one per session, on its event loop.
 */
final class FixResentSpan {
    private static final long NONE = -1;

    private long from = NONE;
    private long through = NONE;

    /**
     * A new gap: ResendRequests from {@code beginSeqNo} on; nothing re-sent yet for it. A gap that
     * begins inside the span or right after it continues the span.
     */
    void start(long beginSeqNo) {
        if (from != NONE && through != NONE && beginSeqNo >= from && beginSeqNo <= through + 1) {
            return;
        }
        from = beginSeqNo;
        through = NONE;
    }

    /** A new connection or the end of the session: nothing re-sent. */
    void clear() {
        from = NONE;
        through = NONE;
    }

    /** A PossDup message numbered {@code seq} arrived, standing for the messages up to {@code coversThrough}. */
    void onResent(long seq, long coversThrough) {
        if (from != NONE && seq >= from) {
            through = Math.max(through, coversThrough);
        }
    }

    /** Whether {@code seq} was already re-sent in answer to the latest gap's ResendRequests. */
    boolean covers(long seq) {
        return from != NONE && seq >= from && seq <= through;
    }
}
