package io.marketintel.pipeline.connector.fix;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one FIX session, beside the source's generic metrics: garbled input skipped, gaps
 * and their recovery, duplicates, late originals and PossResend copies ignored, messages refused
 * by the bounded gap queue, messages dropped for having more fields than we index, Rejects both
 * ways, logons. Single writer (the session's event loop) with lazy stores; any thread may read.
 */
public final class FixSessionMetrics {
    private final AtomicLong garbled = new AtomicLong();
    private final AtomicLong gapsDetected = new AtomicLong();
    private final AtomicLong gapsRecovered = new AtomicLong();
    private final AtomicLong skippedInGaps = new AtomicLong();
    private final AtomicLong resendRequestsSent = new AtomicLong();
    private final AtomicLong duplicatesIgnored = new AtomicLong();
    private final AtomicLong lateOriginalsIgnored = new AtomicLong();
    private final AtomicLong possResendsIgnored = new AtomicLong();
    private final AtomicLong queueOverflows = new AtomicLong();
    private final AtomicLong overFieldLimit = new AtomicLong();
    private final AtomicLong rejectsReceived = new AtomicLong();
    private final AtomicLong rejectsSent = new AtomicLong();
    private final AtomicLong logons = new AtomicLong();

    private static void increment(AtomicLong counter) {
        counter.lazySet(counter.get() + 1);
    }

    void onGarbled() {
        increment(garbled);
    }

    void onGapDetected() {
        increment(gapsDetected);
    }

    void onGapRecovered() {
        increment(gapsRecovered);
    }

    void onSkippedInGap(long messages) {
        skippedInGaps.lazySet(skippedInGaps.get() + messages);
    }

    void onResendRequestSent() {
        increment(resendRequestsSent);
    }

    void onDuplicateIgnored() {
        increment(duplicatesIgnored);
    }

    void onLateOriginalIgnored() {
        increment(lateOriginalsIgnored);
    }

    void onPossResendIgnored() {
        increment(possResendsIgnored);
    }

    void onQueueOverflow() {
        increment(queueOverflows);
    }

    void onOverFieldLimit() {
        increment(overFieldLimit);
    }

    void onRejectReceived() {
        increment(rejectsReceived);
    }

    void onRejectSent() {
        increment(rejectsSent);
    }

    void onLogon() {
        increment(logons);
    }

    /** Garbled input skipped by the framer (bad checksum, BodyLength, field order, garbage). */
    public long garbled() {
        return garbled.get();
    }

    public long gapsDetected() {
        return gapsDetected.get();
    }

    public long gapsRecovered() {
        return gapsRecovered.get();
    }

    /**
     * MsgSeqNums inside sequence gaps that a SequenceReset (gap fill or reset) skipped instead of a
     * resend: session messages, or data the venue did not resend.
     */
    public long skippedInGaps() {
        return skippedInGaps.get();
    }

    public long resendRequestsSent() {
        return resendRequestsSent.get();
    }

    /** PossDup messages below the expected MsgSeqNum, ignored. */
    public long duplicatesIgnored() {
        return duplicatesIgnored.get();
    }

    /**
     * Originals (no PossDupFlag) that arrived after their resent copy had been processed, ignored
     * as duplicates rather than ending the session (see {@link FixResentNumbers}).
     */
    public long lateOriginalsIgnored() {
        return lateOriginalsIgnored.get();
    }

    /** PossResend (97=Y) application messages already received under another MsgSeqNum, not published again. */
    public long possResendsIgnored() {
        return possResendsIgnored.get();
    }

    /** Messages ahead of a gap that the bounded queue refused (they are requested again). */
    public long queueOverflows() {
        return queueOverflows.get();
    }

    /** Messages with more fields than the session indexes: their MsgSeqNum used up, their content dropped. */
    public long overFieldLimit() {
        return overFieldLimit.get();
    }

    public long rejectsReceived() {
        return rejectsReceived.get();
    }

    public long rejectsSent() {
        return rejectsSent.get();
    }

    public long logons() {
        return logons.get();
    }
}
