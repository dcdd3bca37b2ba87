package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.PipelineClock;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound sequence gap of a {@link FixSession}: holds what arrives ahead of it in a bounded
 * {@link FixGapQueue}, sends the ResendRequests (all at once with EndSeqNo 0, or in chunks of
 * {@code resend_chunk_size}; again for what the full queue had to refuse), and says so in the
 * stream: {@code GAP_DETECTED} with the expected and received MsgSeqNum when it opens, {@code
 * RECOVERED} when everything up to the highest number seen is in, with, as its count, how many of
 * those numbers a SequenceReset skipped instead of a resend (0 when everything was resent); when
 * some were, it asks for a snapshot of the subscribed symbols, since their data may be lost. The
 * session releases the held messages itself, in order, through its normal processing, when
 * {@link #nextHeldIs} (or {@link #heldSkippedOver}) says one is due. It also remembers which
 * numbers were taken from the venue's re-sent copies ({@link FixResentNumbers}), to recognise an
 * original that arrives after its copy.
 *
 * <p>Not thread-safe: one per session, on its event loop.
 */
final class FixGapRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(FixGapRecovery.class);

    private final String sourceId;
    private final FixOptions options;
    private final PipelineClock clock;
    private final FixOutbound out;
    private final SourcePublisher status;
    private final FixSessionMetrics metrics;
    private final FixGapQueue queue;
    private final FixResentNumbers resent = new FixResentNumbers();
    private boolean open;
    private long endSeq;
    /** MsgSeqNums of the open gap that a SequenceReset skipped rather than the venue resending them. */
    private long skipped;
    /**
     * The venue's Logon when its MsgSeqNum opened the gap (0 otherwise): received and processed,
     * so not missing when a gap fill covers it (venues gap-fill their admin messages); and the
     * subscription sent at that logon brings its own snapshot, so none is asked for at the end.
     */
    private long logonSeq;
    /** The numbers the latest SequenceReset of the open gap skipped over, [from, to); empty when to is 0. */
    private long skippedOverFrom;
    private long skippedOverTo;
    private long requestedUpToSeq;
    /** A gap the venue's sequence reset ended ({@link #endAtReset}): its highest number, 0 when none waits to be announced. */
    private long endedAtResetSeq;
    private long lostAtReset;
    private boolean resnapshotAtReset;
    private long expectedAtLastCheck;
    private long stalledSinceNs;

    FixGapRecovery(String sourceId, FixOptions options, PipelineClock clock, FixOutbound out, SourcePublisher status,
            FixSessionMetrics metrics) {
        this.sourceId = sourceId;
        this.options = options;
        this.clock = clock;
        this.out = out;
        this.status = status;
        this.metrics = metrics;
        this.queue = new FixGapQueue(options.maxQueuedMessages());
    }

    FixGapQueue queue() {
        return queue;
    }

    /** A new connection, or the session ends: nothing held, no gap. */
    void reset() {
        queue.clear();
        resent.clear();
        open = false;
        endedAtResetSeq = 0; // a reset the session did not get to confirm is not announced later
    }

    boolean isOpen() {
        return open;
    }

    /**
     * The venue reset its sequence numbers (a Logon with ResetSeqNumFlag) while this gap was open,
     * {@code expected} being due: nothing of it will be resent. The numbers from {@code expected}
     * through the highest seen that are not held (nor the venue's Logon) are lost, on top of what
     * SequenceResets skipped before. The gap closes; the session then delivers what is held, in
     * order, and calls {@link #announceEndAtReset()}, which says so in the stream.
     */
    void endAtReset(long expected) {
        final long end = endSeq + 1;
        final long missing = end - expected - queue.countBelow(end) - (logonSeq >= expected && logonSeq < end ? 1 : 0);
        if (missing > 0) {
            skipped += missing;
            metrics.onSkippedInGap(missing);
        }
        open = false;
        endedAtResetSeq = endSeq;
        lostAtReset = skipped;
        resnapshotAtReset = skipped > 0 && !options.symbols().isEmpty() && logonSeq == 0;
    }

    /**
     * Once what was held is delivered: RECOVERED for the gap {@link #endAtReset} closed, with how
     * many of its numbers were lost. Returns whether a snapshot is to be asked for (some were, and
     * symbols are subscribed), which the session sends after confirming the reset, in the new
     * numbering.
     */
    boolean announceEndAtReset() {
        if (endedAtResetSeq == 0) {
            return false;
        }
        metrics.onGapRecovered();
        LOG.warn("source {}: the venue reset its sequence numbers while a gap was open; {} message number(s) up to"
                + " MsgSeqNum {} were never received{}", sourceId, lostAtReset, endedAtResetSeq,
                resnapshotAtReset ? "; requesting a snapshot" : "");
        status.publishStatus(StreamStatus.State.RECOVERED, "FIX sequence gap ended by the venue's sequence reset (Logon"
                + " with ResetSeqNumFlag): " + lostAtReset + " message number(s) up to MsgSeqNum " + endedAtResetSeq
                + " were never received and will not be resent" + (lostAtReset == 0 ? ""
                : resnapshotAtReset ? "; market data may be missing, a snapshot was requested (MarketDataRequest,"
                        + " SubscriptionRequestType 0)" : "; market data may be missing until the next snapshot"),
                0, endedAtResetSeq, lostAtReset);
        endedAtResetSeq = 0;
        return resnapshotAtReset;
    }

    /** A message numbered {@code seq} arrived while {@code expected} is due: hold it, ask for the rest. */
    void hold(long seq, DirectBuffer buffer, int offset, int length, long expected) {
        if (!queue.offer(seq, buffer, offset, length)) {
            metrics.onQueueOverflow();
        }
        if (!open) {
            open(expected, seq);
        } else {
            endSeq = Math.max(endSeq, seq);
        }
    }

    /** The venue's Logon reply, numbered {@code logonSeq}, is above the expected MsgSeqNum. */
    void openAtLogon(long expected, long logonSeq) {
        open(expected, logonSeq);
        this.logonSeq = logonSeq;
    }

    void open(long expected, long received) {
        logonSeq = 0;
        skippedOverFrom = 0;
        skippedOverTo = 0;
        open = true;
        expectedAtLastCheck = expected;
        stalledSinceNs = clock.nanoTime();
        endSeq = received;
        skipped = 0;
        metrics.onGapDetected();
        LOG.info("source {}: sequence gap, expected MsgSeqNum {} but received {}; sending a ResendRequest",
                sourceId, expected, received);
        status.publishStatus(StreamStatus.State.GAP_DETECTED, "FIX sequence gap: expected MsgSeqNum " + expected
                + ", received " + received + "; ResendRequest sent", expected, received, received - expected);
        requestFrom(expected);
    }

    /**
     * Whether the lowest held message is the one numbered {@code expected}, due for release. Held
     * ones below it were covered by a gap fill meanwhile: they are dropped on the way.
     */
    boolean nextHeldIs(long expected) {
        while (!queue.isEmpty()) {
            final long head = queue.headSeq();
            if (head >= expected) {
                return head == expected;
            }
            queue.removeHead();
        }
        return false;
    }

    /**
     * A PossDup message numbered {@code seq}, in sequence, is being taken, standing for the
     * messages up to {@code coversThrough}: their originals may still come (see {@link FixResentNumbers}).
     */
    void onTakenFromCopy(long seq, long coversThrough) {
        resent.onTakenFromCopy(seq, coversThrough);
    }

    /** Whether an original numbered {@code seq}, below the expected number, is the late original of a copy taken before; once per number. */
    boolean takeLateOriginal(long seq) {
        return resent.takeLateOriginal(seq);
    }

    /** The venue restarted its numbering (a Logon with ResetSeqNumFlag): the old numbers mean nothing now. */
    void forgetResent() {
        resent.clear();
    }

    /**
     * A SequenceReset moved the expected MsgSeqNum from {@code expected} to {@code newExpected}
     * without those messages being resent: while a gap is open they count as skipped, and the gap
     * closes saying so. Outside a gap it is the venue's usual answer for its session messages.
     */
    void onSkipped(long expected, long newExpected) {
        if (!open || newExpected <= expected) {
            return;
        }
        skippedOverFrom = expected;
        skippedOverTo = newExpected;
        // Numbers past the highest seen count too: their originals, if they come, are dropped as
        // already covered. Not counted: the venue's Logon (received), and the held originals in
        // the range, which are delivered all the same (heldSkippedOver).
        final long count = newExpected - expected - queue.countBelow(newExpected)
                - (logonSeq >= expected && logonSeq < newExpected ? 1 : 0);
        if (count > 0) {
            skipped += count;
            metrics.onSkippedInGap(count);
        }
    }

    /**
     * The lowest held message when the latest SequenceReset skipped over its number, else -1. It
     * is an original that arrived intact ahead of the gap: a venue that resends nothing (market
     * data it did not store) gap-fills its number too, and dropping it would lose data we have.
     * The session delivers it at its own number, then goes on from {@link #skippedOverTo()}.
     */
    long heldSkippedOver() {
        if (queue.isEmpty()) {
            return -1;
        }
        final long head = queue.headSeq();
        return head >= skippedOverFrom && head < skippedOverTo ? head : -1;
    }

    /** Where the latest SequenceReset of the open gap moved the expected MsgSeqNum to. */
    long skippedOverTo() {
        return skippedOverTo;
    }

    /** After the session processed messages: close the gap, or ask for what is still missing. */
    void afterProgress(long expected) {
        if (!open) {
            return;
        }
        if (expected > endSeq) {
            open = false;
            metrics.onGapRecovered();
            if (skipped == 0) {
                LOG.info("source {}: sequence gap filled, next expected MsgSeqNum {}", sourceId, expected);
                status.publishStatus(StreamStatus.State.RECOVERED, "FIX sequence gap filled through MsgSeqNum " + endSeq,
                        expected, endSeq, 0);
            } else {
                // Session messages are gap-filled as a rule, but so is market data by venues that
                // do not keep it for resending: the consumer is told the data may be missing, and
                // a snapshot of the subscribed symbols is asked for to bring the books back.
                final boolean resnapshot = !options.symbols().isEmpty() && logonSeq == 0;
                LOG.warn("source {}: sequence gap closed through MsgSeqNum {}, {} of its messages skipped by the venue's"
                        + " SequenceReset instead of resent{}", sourceId, endSeq, skipped,
                        resnapshot ? "; requesting a snapshot" : "");
                status.publishStatus(StreamStatus.State.RECOVERED, "FIX sequence gap closed through MsgSeqNum " + endSeq
                        + ", but " + skipped + " message number(s) were skipped by a SequenceReset (gap fill) instead of"
                        + " resent: session messages, or market data the venue did not resend, which is then missing"
                        + (resnapshot ? "; a snapshot was requested (MarketDataRequest, SubscriptionRequestType 0), books"
                                + " may be stale until it arrives" : "; books may be stale until the next snapshot"),
                        expected, endSeq, skipped);
                if (resnapshot) {
                    out.marketDataRequest(sourceId, true, epochMillis(), clock.nanoTime());
                }
            }
        } else if (expected > requestedUpToSeq) {
            // The last request is satisfied but messages are still missing (the next chunk, or ones
            // the full queue refused): ask for the rest.
            requestFrom(expected);
        }
    }

    /**
     * From the session's timer: a gap that has not moved for {@code stallNs} (a ResendRequest lost
     * or ignored) is asked for again, rather than holding data back for ever.
     */
    void onTimer(long nowNs, long expected, long stallNs) {
        if (!open) {
            return;
        }
        if (expected != expectedAtLastCheck) {
            expectedAtLastCheck = expected;
            stalledSinceNs = nowNs;
        } else if (nowNs - stalledSinceNs >= stallNs) {
            LOG.warn("source {}: no progress on the sequence gap at MsgSeqNum {} for {} ms; asking again", sourceId,
                    expected, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nowNs - stalledSinceNs));
            stalledSinceNs = nowNs;
            requestFrom(expected);
        }
    }

    private void requestFrom(long from) {
        final int chunk = options.resendChunkSize();
        final long end = chunk > 0 ? Math.min(from + chunk - 1, endSeq) : 0;
        requestedUpToSeq = chunk > 0 ? end : endSeq;
        metrics.onResendRequestSent();
        out.resendRequest(from, end, epochMillis(), clock.nanoTime());
    }

    private long epochMillis() {
        return clock.epochNanos() / 1_000_000L;
    }
}
