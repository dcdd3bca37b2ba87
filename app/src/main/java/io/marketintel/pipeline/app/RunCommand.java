package io.marketintel.pipeline.app;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.app.config.ConfigException;
import io.marketintel.pipeline.app.config.ConfigLoader;
import io.marketintel.pipeline.app.config.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline run --config FILE}: runs until SIGINT/SIGTERM, then shuts down gracefully
 * (connections closed, hand-off drained, sinks flushed) and exits 0.
 */
@Command(name = "run", description = "Run the pipeline until SIGINT/SIGTERM, then shut down gracefully.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
        final PipelineConfig loaded;
        try {
            loaded = new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return PipelineCli.EXIT_INVALID;
        }
        final ShutdownSignal signal = ShutdownSignal.install();
        try (RealTimeDataPipeline pipeline = PipelineAssembler.assemble(loaded)) {
            pipeline.startAllReceivers();
            signal.await(0);
        }
        return PipelineCli.EXIT_OK;
    }
}
