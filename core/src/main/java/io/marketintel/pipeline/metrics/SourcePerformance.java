package io.marketintel.pipeline.metrics;

import io.marketintel.pipeline.source.SourceState;

/**
 * A snapshot of one source's performance (the seed's {@code sources_performance[id]}). Times are
 * per message from socket read to hand-off. {@code bookGaps} counts book updates that did not
 * follow the previous one of their symbol, on venues that link their updates; {@code
 * uncheckedBookUpdates} those that could not be checked (more than 65,536 books on one connection),
 * for which a gap would go unannounced. Immutable.
 */
public record SourcePerformance(
        String sourceId,
        String protocol,
        SourceState state,
        long messages,
        long envelopes,
        long bytes,
        long malformed,
        long unmappedSkipped,
        long raw,
        long oversize,
        long dropped,
        long bookGaps,
        long uncheckedBookUpdates,
        long reconnects,
        double avgTimeMs,
        double p50Micros,
        double p99Micros,
        double maxMicros) {

    public boolean isRunning() {
        return state.isUp();
    }
}
