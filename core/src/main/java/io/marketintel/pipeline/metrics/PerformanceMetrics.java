package io.marketintel.pipeline.metrics;

import java.util.Map;

/**
 * A snapshot of the pipeline's performance (the seed's {@code get_performance_metrics()}):
 * totals, the average processing time per message (read to hand-off) and its percentiles over
 * all sources, the sources connected now, and each source's own figures. Immutable.
 */
public record PerformanceMetrics(
        long totalProcessed,
        double avgProcessingTimeMs,
        double p50Micros,
        double p99Micros,
        int activeSources,
        Map<String, SourcePerformance> sourcesPerformance,
        long delivered,
        int handoffUsedBytes,
        int handoffCapacityBytes,
        int consumerQueueUsedBytes,
        boolean dispatcherRunning) {
}
