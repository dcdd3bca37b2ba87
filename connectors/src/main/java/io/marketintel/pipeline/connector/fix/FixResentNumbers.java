package io.marketintel.pipeline.connector.fix;

import java.util.Arrays;

/**
 * The MsgSeqNums the session took from the venue's re-sent copies (PossDup messages, and the
 * numbers a PossDup gap fill stands for) whose originals have not come, among the last {@link
 * #WINDOW} numbers.
 *
 * <p>Why it matters: a venue may answer a ResendRequest from its message store while the original
 * of its last stored message is still on its way out (QuickFIX/J 2.3.2 does: it stores a message
 * before writing it and resends without the send lock). That original then arrives after its
 * copy, with a MsgSeqNum already processed and no PossDupFlag. It is a late duplicate, not the
 * "MsgSeqNum too low" that must end the session. A number counts only once, and only if it was
 * taken from a copy: an original that came before (a second original), or a number never re-sent,
 * still ends the session. The numbers are kept across gaps (an answer that itself skips a number
 * opens a new gap before the late original arrives) and forgotten on a new connection and when the
 * venue restarts its numbering.
 *
 * <p>A ring indexed by the numbers' low bits: allocation-free, and nothing to do for the
 * in-sequence originals of normal traffic. Not thread-safe: one per session, on its event loop.
 */
final class FixResentNumbers {
    /** How far back a late original is recognised; late originals trail their copies by a few numbers. */
    static final int WINDOW = 1024;

    /** Per slot, the number recorded there; 0 for none (MsgSeqNums start at 1). */
    private final long[] numbers = new long[WINDOW];

    /** A new connection, or the venue restarted its numbering: nothing taken from copies. */
    void clear() {
        Arrays.fill(numbers, 0);
    }

    /**
     * Numbers {@code seq} to {@code through} were taken from a re-sent copy: one message ({@code
     * through == seq}) or a gap fill (through its NewSeqNo - 1, of which the last {@link #WINDOW}).
     */
    void onTakenFromCopy(long seq, long through) {
        for (long n = Math.max(seq, through - WINDOW + 1); n <= through; n++) {
            numbers[slot(n)] = n;
        }
    }

    /**
     * Whether an original numbered {@code seq}, below the expected number, is the late original of
     * a copy taken before; true once per number.
     */
    boolean takeLateOriginal(long seq) {
        if (seq <= 0 || numbers[slot(seq)] != seq) {
            return false;
        }
        numbers[slot(seq)] = 0;
        return true;
    }

    private static int slot(long seq) {
        return (int) (seq & (WINDOW - 1));
    }
}
