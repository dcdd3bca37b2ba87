package io.marketintel.pipeline.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The counters of one source. Single writer (the source's I/O thread) with ordered stores, any
 * number of readers (metrics API, log summary): increments are a plain read plus a lazy set, with
 * no locking and no allocation. Processing time is recorded per read batch into an HdrHistogram
 * {@link SingleWriterRecorder}.
 */
public final class SourceMetrics {
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong envelopesPublished = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unmappedSkipped = new AtomicLong();
    private final AtomicLong rawPublished = new AtomicLong();
    private final AtomicLong oversize = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong bookGaps = new AtomicLong();
    private final AtomicLong uncheckedBookUpdates = new AtomicLong();
    private final AtomicLong blockedBatches = new AtomicLong();
    private final AtomicLong processingNanos = new AtomicLong();
    private final AtomicLong processedMessages = new AtomicLong();
    private final SingleWriterRecorder latency = new SingleWriterRecorder(TimeUnit.SECONDS.toNanos(10), 3);
    private Histogram recycled;
    private final Histogram cumulative = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

    private static void add(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    public void onBytes(long bytes) {
        add(bytesReceived, bytes);
    }

    public void onFrame() {
        add(framesReceived, 1);
    }

    public void onPublished() {
        add(envelopesPublished, 1);
    }

    public void onMalformed() {
        add(malformed, 1);
    }

    public void onUnmappedSkipped() {
        add(unmappedSkipped, 1);
    }

    public void onRaw() {
        add(rawPublished, 1);
    }

    public void onOversize() {
        add(oversize, 1);
    }

    public void onDropped() {
        add(dropped, 1);
    }

    /** A book update that did not follow the previous one of its symbol (the venue's chain of update ids broke). */
    public void onBookGap() {
        add(bookGaps, 1);
    }

    /**
     * A book update whose chain was not checked: the source follows at most 65,536 books per
     * connection, and this one came after that many.
     */
    public void onUncheckedBookUpdate() {
        add(uncheckedBookUpdates, 1);
    }

    public void onBlocked() {
        add(blockedBatches, 1);
    }

    /** One read batch of {@code messages} frames took {@code nanos} from read to hand-off. */
    public void onBatch(long nanos, int messages) {
        if (messages <= 0) {
            return;
        }
        add(processingNanos, nanos);
        add(processedMessages, messages);
        latency.recordValueWithCount(Math.min(Math.max(nanos / messages, 1), TimeUnit.SECONDS.toNanos(10)), messages);
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public long envelopesPublished() {
        return envelopesPublished.get();
    }

    public long malformed() {
        return malformed.get();
    }

    public long unmappedSkipped() {
        return unmappedSkipped.get();
    }

    public long rawPublished() {
        return rawPublished.get();
    }

    public long oversize() {
        return oversize.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long bookGaps() {
        return bookGaps.get();
    }

    public long uncheckedBookUpdates() {
        return uncheckedBookUpdates.get();
    }

    public long blockedBatches() {
        return blockedBatches.get();
    }

    public long processedMessages() {
        return processedMessages.get();
    }

    /** Average processing time per message, read to hand-off, in milliseconds. */
    public double avgProcessingTimeMs() {
        final long n = processedMessages.get();
        return n == 0 ? 0.0 : processingNanos.get() / (double) n / 1_000_000.0;
    }

    public long processingNanos() {
        return processingNanos.get();
    }

    /** The per-message processing-time distribution (ns) since the source started; a copy. */
    public synchronized Histogram latencySnapshot() {
        recycled = latency.getIntervalHistogram(recycled);
        cumulative.add(recycled);
        return cumulative.copy();
    }
}
