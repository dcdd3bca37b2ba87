package io.marketintel.pipeline;

import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.metrics.SourcePerformance;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the periodic one-line metrics summary to the log: sources up, messages and rate since
 * the last line, average processing time, and every count of trouble. Called on the control
 * thread only.
 */
final class MetricsSummaryLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.marketintel.pipeline.metrics");

    private final Supplier<PerformanceMetrics> metrics;
    private long lastTotal;
    private long lastNanos = System.nanoTime();
    /** Unchecked book updates at the last warning: it is repeated only when there are more. */
    private long lastUncheckedBookUpdates;

    MetricsSummaryLogger(Supplier<PerformanceMetrics> metrics) {
        this.metrics = metrics;
    }

    void log() {
        final PerformanceMetrics m = metrics.get();
        final long now = System.nanoTime();
        final double seconds = Math.max((now - lastNanos) / 1e9, 1e-9);
        final double rate = (m.totalProcessed() - lastTotal) / seconds;
        lastTotal = m.totalProcessed();
        lastNanos = now;
        long malformed = 0;
        long dropped = 0;
        long oversize = 0;
        long reconnects = 0;
        long bookGaps = 0;
        long uncheckedBookUpdates = 0;
        for (SourcePerformance p : m.sourcesPerformance().values()) {
            malformed += p.malformed();
            dropped += p.dropped();
            oversize += p.oversize();
            reconnects += p.reconnects();
            bookGaps += p.bookGaps();
            uncheckedBookUpdates += p.uncheckedBookUpdates();
        }
        LOG.info("metrics: sources {}/{} up, {} msgs ({} msg/s), p50 {} us, p99 {} us, avg {} us/msg, malformed {}, oversize {}, dropped {},"
                        + " book gaps {}, reconnects {}, hand-off {}% full",
                m.activeSources(), m.sourcesPerformance().size(), m.totalProcessed(), Math.round(rate),
                String.format("%.1f", m.p50Micros()), String.format("%.1f", m.p99Micros()),
                String.format("%.2f", m.avgProcessingTimeMs() * 1000), malformed, oversize, dropped, bookGaps, reconnects,
                m.handoffCapacityBytes() == 0 ? 0 : 100L * m.handoffUsedBytes() / m.handoffCapacityBytes());
        if (uncheckedBookUpdates > lastUncheckedBookUpdates) {
            LOG.warn("metrics: {} book updates were not checked for gaps ({} since the last line): a source saw more than"
                    + " 65,536 books on one connection (sources_performance.uncheckedBookUpdates says which); split its"
                    + " subscriptions across sources", uncheckedBookUpdates, uncheckedBookUpdates - lastUncheckedBookUpdates);
            lastUncheckedBookUpdates = uncheckedBookUpdates;
        }
    }
}
