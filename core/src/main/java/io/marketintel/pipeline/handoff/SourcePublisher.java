package io.marketintel.pipeline.handoff;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.source.StatusPublisher;
import io.marketintel.pipeline.time.PipelineClock;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes a source's events into envelopes and hands them off, applying the source's
 * backpressure policy when the hand-off is full (DESIGN.md section 6). It owns the source's
 * {@code ingest_seq}: every envelope it hands off, status events included, gets the next number,
 * gap-free from 1, in hand-off order.
 *
 * <p>When the hand-off is full: with {@code block}, the envelope goes to a bounded pending queue
 * and the caller must stop reading its socket until {@link #drainPending()} empties it; with
 * {@code drop}, data is counted as dropped and a {@code GAP_DETECTED} status with the count
 * precedes the next envelope that gets through. Status events are never dropped by policy.
 *
 * <p>An envelope is encoded in the {@link EnvelopeWriter}'s scratch and copied once, from there
 * into the hand-off's ring (or the pending queue).
 *
 * <p>Not thread-safe: used only on the source's own I/O thread. Allocation-free per message.
 */
public final class SourcePublisher implements StatusPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePublisher.class);

    private final EnvelopeHandoff handoff;
    private final int maxEnvelopeBytes;
    private final int sourceIndex;
    private final String sourceIdText;
    private final ByteSlice sourceIdBytes;
    private final BackpressurePolicy policy;
    private final PipelineClock clock;
    private final SourceMetrics metrics;
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableRingBuffer pending;
    private final ExpandableRingBuffer.MessageConsumer pendingDrainer = this::offerPending;
    private final CanonicalEvent statusEvent = new CanonicalEvent(1, 1);

    private long ingestSeq;
    private long receiveTimeNs;
    private long publishTimeNs;
    private long droppedSinceGap;
    private long lostStatuses;

    public SourcePublisher(
            EnvelopeHandoff handoff,
            int sourceIndex,
            String sourceId,
            BackpressurePolicy policy,
            int pendingMaxBytes,
            PipelineClock clock,
            SourceMetrics metrics) {
        this.handoff = handoff;
        this.maxEnvelopeBytes = handoff.maxEnvelopeBytes();
        this.sourceIndex = sourceIndex;
        this.sourceIdText = sourceId;
        this.sourceIdBytes = ByteSlice.of(sourceId);
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        final int max = Integer.highestOneBit(Math.max(pendingMaxBytes, 64 * 1024) - 1) << 1;
        this.pending = new ExpandableRingBuffer(64 * 1024, max, true);
    }

    /** Starts a read batch: every envelope of it carries this receive time. */
    public void beginBatch(long receiveTimeNs) {
        this.receiveTimeNs = receiveTimeNs;
        this.publishTimeNs = 0;
    }

    public long receiveTimeNs() {
        return receiveTimeNs;
    }

    /** The last ingest sequence handed off or queued. */
    public long ingestSeq() {
        return ingestSeq;
    }

    /** True while envelopes wait for room: the source must not read more. */
    public boolean isBlocked() {
        return !pending.isEmpty();
    }

    public PublishResult publish(CanonicalEvent event) {
        if (!pending.isEmpty() && !drainPending()) {
            if (policy == BackpressurePolicy.DROP) {
                return drop();
            }
            return enqueue(event);
        }
        if (droppedSinceGap > 0 && !emitGap()) {
            return drop();
        }
        if (publishTimeNs == 0) {
            publishTimeNs = clock.epochNanos();
        }
        final int length = writer.encode(sourceIdBytes, ingestSeq + 1, receiveTimeNs, publishTimeNs, event);
        if (length > maxEnvelopeBytes) {
            return tooLarge(length);
        }
        if (handoff.offer(sourceIndex, writer.encoded(), 0, length)) {
            ingestSeq++;
            metrics.onPublished();
            return PublishResult.PUBLISHED;
        }
        if (policy == BackpressurePolicy.DROP) {
            return drop();
        }
        return append(length);
    }

    private PublishResult enqueue(CanonicalEvent event) {
        if (publishTimeNs == 0) {
            publishTimeNs = clock.epochNanos();
        }
        final int length = writer.encode(sourceIdBytes, ingestSeq + 1, receiveTimeNs, publishTimeNs, event);
        return length > maxEnvelopeBytes ? tooLarge(length) : append(length);
    }

    /**
     * An envelope the hand-off cannot take whole (its records are at most an eighth of its
     * capacity): dropped, counted, logged and announced in the stream, rather than the ring's
     * exception reaching the source. Only a hand-off configured smaller than what the source
     * sends (a FixMessage of a full-book snapshot is tens of KB) meets this.
     */
    private PublishResult tooLarge(int length) {
        metrics.onDropped();
        final String reason = "an envelope of " + length + " bytes is larger than the hand-off's largest record ("
                + maxEnvelopeBytes + " bytes, an eighth of its capacity): dropped, raise the hand-off capacity";
        LOG.warn("source {}: {}", sourceIdText, reason);
        publishStatus(StreamStatus.State.GAP_DETECTED, reason, 0, 0, 1);
        return PublishResult.DROPPED;
    }

    private PublishResult append(int length) {
        if (pending.append(writer.encoded(), 0, length)) {
            ingestSeq++;
            metrics.onPublished();
            return PublishResult.QUEUED;
        }
        // The pending queue is sized for what one read can produce; past it we must not grow.
        return drop();
    }

    private PublishResult drop() {
        droppedSinceGap++;
        metrics.onDropped();
        return PublishResult.DROPPED;
    }

    private boolean emitGap() {
        final long lost = droppedSinceGap;
        statusEvent.begin(EventKind.STATUS);
        statusEvent.status.state = StreamStatus.State.GAP_DETECTED;
        statusEvent.status.reason = "hand-off full: " + lost + " message(s) dropped (backpressure policy drop)";
        statusEvent.status.count = lost;
        final long now = clock.epochNanos();
        final int length = writer.encode(sourceIdBytes, ingestSeq + 1, now, now, statusEvent);
        if (handoff.offer(sourceIndex, writer.encoded(), 0, length)) {
            ingestSeq++;
            droppedSinceGap = 0;
            metrics.onPublished();
            return true;
        }
        return false;
    }

    /** Moves pending envelopes to the hand-off, in order. @return true when none is left */
    public boolean drainPending() {
        while (!pending.isEmpty()) {
            if (pending.consume(pendingDrainer, 64) == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean offerPending(MutableDirectBuffer buffer, int offset, int length, int headOffset) {
        return handoff.offer(sourceIndex, buffer, offset, length);
    }

    /**
     * Emits a status envelope. Never dropped by policy: if the hand-off is full it waits in the
     * pending queue, ahead of later data.
     */
    @Override
    public void publishStatus(StreamStatus.State state, String reason, long expectedSeq, long receivedSeq, long count) {
        statusEvent.begin(EventKind.STATUS);
        statusEvent.status.state = state;
        statusEvent.status.reason = reason;
        statusEvent.status.expectedSeq = expectedSeq;
        statusEvent.status.receivedSeq = receivedSeq;
        statusEvent.status.count = count;
        final long now = clock.epochNanos();
        final int length = writer.encode(sourceIdBytes, ingestSeq + 1, now, now, statusEvent);
        if (pending.isEmpty() && handoff.offer(sourceIndex, writer.encoded(), 0, length)) {
            ingestSeq++;
            metrics.onPublished();
        } else if (pending.append(writer.encoded(), 0, length)) {
            ingestSeq++;
            metrics.onPublished();
        } else {
            lostStatuses++;
        }
    }

    /** Status events that found both the hand-off and the pending queue full (should stay 0). */
    public long lostStatuses() {
        return lostStatuses;
    }
}
