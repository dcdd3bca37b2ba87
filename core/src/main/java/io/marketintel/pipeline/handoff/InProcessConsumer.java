package io.marketintel.pipeline.handoff;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The queue behind the in-process API ({@code getAggregatedData}, {@code poll}): a byte-bounded
 * ring filled by the dispatcher. When the application stops reading it fills up, the dispatcher
 * stops, the hand-off fills, and sources with the {@code block} policy stop reading their sockets:
 * memory stays bounded and nothing is lost.
 *
 * <p>One producer (the dispatcher); readers are serialised by a lock, so any application thread
 * may poll.
 */
public final class InProcessConsumer implements EnvelopeConsumer {
    private final OneToOneRingBuffer ring;
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile boolean discarding;
    private long discarded;

    public InProcessConsumer(int capacityBytes) {
        if (Integer.bitCount(capacityBytes) != 1 || capacityBytes < 64 * 1024) {
            throw new IllegalArgumentException("consumer capacity must be a power of two >= 64 KiB, got " + capacityBytes);
        }
        this.ring = new OneToOneRingBuffer(
                new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    @Override
    public boolean accept(int sourceIndex, DirectBuffer buffer, int offset, int length) {
        if (ring.write(sourceIndex + 1, buffer, offset, length)) {
            return true;
        }
        if (discarding) {
            discarded++;
            return true;
        }
        return false;
    }

    /**
     * From now on, a full queue discards instead of holding the dispatcher back: used at shutdown
     * so that an application that stopped reading cannot keep the sinks from being flushed.
     */
    void discardWhenFull() {
        discarding = true;
    }

    long discarded() {
        return discarded;
    }

    /** Reads up to {@code limit} envelopes; the handler's type id is the source index plus one. */
    public int poll(MessageHandler handler, int limit) {
        readLock.lock();
        try {
            return ring.read(handler, limit);
        } finally {
            readLock.unlock();
        }
    }

    public int usedBytes() {
        return ring.size();
    }
}
