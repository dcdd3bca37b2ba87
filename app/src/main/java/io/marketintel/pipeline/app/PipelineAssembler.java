package io.marketintel.pipeline.app;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.app.config.PipelineConfig;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import io.marketintel.pipeline.sink.journal.JournalSink;

/** Builds a pipeline from a loaded configuration: its sinks, its sources. Stateless. */
final class PipelineAssembler {
    private PipelineAssembler() {
    }

    /** Sinks consume, so the in-process API queue is off: nothing would read it. */
    static RealTimeDataPipeline assemble(PipelineConfig config) {
        final RealTimeDataPipeline.Builder builder = RealTimeDataPipeline.builder()
                .inProcessConsumer(false)
                .metricsLogInterval(config.monitoring().logInterval());
        for (JournalConfig journal : config.journals()) {
            builder.sink(JournalSink.open(journal));
        }
        final RealTimeDataPipeline pipeline = builder.build();
        try {
            for (DataSourceConfig source : config.sources()) {
                pipeline.addSource(source);
            }
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }
}
