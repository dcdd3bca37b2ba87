package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.handoff.EnvelopeHandoff;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.time.PipelineClock;

/**
 * Everything a transport needs to build a source, prepared by the pipeline: the source's index,
 * its publisher onto the hand-off, its lifecycle, metrics and decoder. Immutable.
 */
public record SourceContext(
        int sourceIndex,
        DataSourceConfig config,
        PipelineClock clock,
        EnvelopeHandoff handoff,
        SourceMetrics metrics,
        SourcePublisher publisher,
        SourceLifecycle lifecycle,
        MessageDecoder decoder) {

    /** The transport-independent hot path for this source. */
    public FrameIngest newFrameIngest() {
        return new FrameIngest(config, decoder, publisher, metrics, lifecycle, clock);
    }
}
