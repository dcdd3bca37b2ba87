package io.marketintel.pipeline.handoff;

import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The only queue between the I/O threads and the sinks: a ring of encoded envelopes, bounded in
 * bytes (Agrona's many-to-one ring buffer). Producers are the sources' I/O threads; the single
 * consumer is the dispatcher. An offer that does not fit returns false at once: what happens
 * then is the source's backpressure policy, never an unbounded buffer.
 *
 * <p>Thread-safe for many producers and one consumer.
 */
public final class EnvelopeHandoff {
    private final ManyToOneRingBuffer ring;
    private final int capacityBytes;

    /** @param capacityBytes a power of two, at least 64 KiB */
    public EnvelopeHandoff(int capacityBytes) {
        if (Integer.bitCount(capacityBytes) != 1 || capacityBytes < 64 * 1024) {
            throw new IllegalArgumentException("hand-off capacity must be a power of two >= 64 KiB, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        final ByteBuffer memory = ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH);
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(memory));
    }

    /** Largest envelope that fits in one record. */
    public int maxEnvelopeBytes() {
        return ring.maxMsgLength();
    }

    /** @return false when full: nothing was written */
    public boolean offer(int sourceIndex, DirectBuffer buffer, int offset, int length) {
        return ring.write(sourceIndex + 1, buffer, offset, length);
    }

    /** Reads up to {@code limit} records; the handler may abort to be offered one again. */
    public int read(ControlledMessageHandler handler, int limit) {
        return ring.controlledRead(handler, limit);
    }

    public int capacityBytes() {
        return capacityBytes;
    }

    /** Bytes currently queued (approximate while producers write). */
    public int usedBytes() {
        return ring.size();
    }

    /** Source index of a record's type id as read by a handler. */
    public static int sourceIndexOf(int msgTypeId) {
        return msgTypeId - 1;
    }
}
