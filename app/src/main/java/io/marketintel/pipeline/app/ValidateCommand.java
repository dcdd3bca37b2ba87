package io.marketintel.pipeline.app;

import io.marketintel.pipeline.app.config.ConfigException;
import io.marketintel.pipeline.app.config.ConfigLoader;
import io.marketintel.pipeline.app.config.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline validate --config FILE}: exit 0 if the file is valid, else 2 with every error. */
@Command(name = "validate", description = "Check a configuration file; exit 0, or 2 with every error.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() {
        try {
            final PipelineConfig loaded = new ConfigLoader().load(config);
            System.out.println(config + ": valid (" + loaded.sources().size() + " source(s), "
                    + loaded.journals().size() + " journal sink(s))");
            return PipelineCli.EXIT_OK;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return PipelineCli.EXIT_INVALID;
        }
    }
}
