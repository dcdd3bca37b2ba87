package io.marketintel.pipeline.connector.fix;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The messages that arrived ahead of a sequence gap, held (copied, because the read buffer is
 * reused) until the gap is filled and then released in MsgSeqNum order. Bounded twice: at most
 * {@code maxMessages} messages and a fixed byte arena; what does not fit is refused, and the
 * session asks for it again. Messages normally arrive in increasing order, so adding is an
 * append; an out-of-order arrival is inserted in place (rare, linear).
 *
 * <p>The arena is allocated on the first gap only (most sessions never have one), and never
 * again. Not thread-safe: one per session, on its event loop.
 */
final class FixGapQueue {
    private final int maxMessages;
    private final int arenaBytes;
    private UnsafeBuffer arena;
    private long[] seqs;
    private int[] offsets;
    private int[] lengths;
    private int head;
    private int tail;
    private int writePosition;

    FixGapQueue(int maxMessages) {
        this.maxMessages = maxMessages;
        this.arenaBytes = (int) Math.min(64L * 1024 * 1024, Math.max(1024L * 1024, maxMessages * 512L));
    }

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return tail == head;
    }

    /** How many held messages are numbered below {@code seq} (a linear count: for the rare SequenceReset). */
    int countBelow(long seq) {
        int n = 0;
        for (int i = head; i < tail && seqs[i] < seq; i++) {
            n++;
        }
        return n;
    }

    /** MsgSeqNum of the lowest held message; only when not empty. */
    long headSeq() {
        return seqs[head];
    }

    DirectBuffer headBuffer() {
        return arena;
    }

    int headOffset() {
        return offsets[head];
    }

    int headLength() {
        return lengths[head];
    }

    /**
     * Drops the lowest held message. Its bytes stay where they are until the next {@link #offer},
     * so it can be handled after it is out of the queue.
     *
     * @throws IllegalStateException when the queue is empty: a caller's bookkeeping is wrong
     */
    void removeHead() {
        if (head == tail) {
            throw new IllegalStateException("removeHead on an empty FIX gap queue");
        }
        head++;
        if (head == tail) {
            clear();
        }
    }

    void clear() {
        head = 0;
        tail = 0;
        writePosition = 0;
    }

    /** @return false when the message is refused: queue full, or that MsgSeqNum is already held */
    boolean offer(long seq, DirectBuffer buffer, int offset, int length) {
        if (arena == null) {
            arena = new UnsafeBuffer(new byte[arenaBytes]);
            seqs = new long[maxMessages];
            offsets = new int[maxMessages];
            lengths = new int[maxMessages];
        }
        if (size() == maxMessages || length > arenaBytes) {
            return false;
        }
        if (tail == maxMessages || writePosition + length > arenaBytes) {
            compact();
            if (writePosition + length > arenaBytes) {
                return false;
            }
        }
        int at = tail;
        while (at > head && seqs[at - 1] >= seq) {
            if (seqs[at - 1] == seq) {
                return false;
            }
            at--;
        }
        if (at < tail) {
            System.arraycopy(seqs, at, seqs, at + 1, tail - at);
            System.arraycopy(offsets, at, offsets, at + 1, tail - at);
            System.arraycopy(lengths, at, lengths, at + 1, tail - at);
        }
        arena.putBytes(writePosition, buffer, offset, length);
        seqs[at] = seq;
        offsets[at] = writePosition;
        lengths[at] = length;
        writePosition += length;
        tail++;
        return true;
    }

    /** Moves what is held to the front of the arrays and the arena (after a partial release). */
    private void compact() {
        int position = 0;
        for (int i = head; i < tail; i++) {
            final int to = i - head;
            seqs[to] = seqs[i];
            lengths[to] = lengths[i];
            offsets[to] = offsets[i];
        }
        tail -= head;
        head = 0;
        // Repack bytes lowest offset first so that nothing is overwritten before it is moved
        // (an inserted message breaks seq order = arena order). Quadratic, but only on a rare
        // compaction of a queue that filled its arena while a gap stayed open.
        final int n = tail;
        int moved = 0;
        while (moved < n) {
            int lowest = -1;
            for (int i = 0; i < n; i++) {
                if (offsets[i] >= position && (lowest < 0 || offsets[i] < offsets[lowest])) {
                    lowest = i;
                }
            }
            arena.putBytes(position, arena, offsets[lowest], lengths[lowest]);
            offsets[lowest] = position;
            position += lengths[lowest];
            moved++;
        }
        writePosition = position;
    }
}
