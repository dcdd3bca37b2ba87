package io.marketintel.pipeline.metrics;

import java.util.Map;

/**
 * A snapshot of the pipeline's performance (the seed's {@code get_performance_metrics()}):
 * totals, the average processing time per message, the sources connected now, and each source's
 * own figures. Immutable.
 */
public record PerformanceMetrics(
        long totalProcessed,
        double avgProcessingTimeMs,
        int activeSources,
        Map<String, SourcePerformance> sourcesPerformance,
        long delivered,
        int handoffUsedBytes,
        int handoffCapacityBytes) {
}
