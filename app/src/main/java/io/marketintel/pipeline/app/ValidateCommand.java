package io.marketintel.pipeline.app;

import io.marketintel.pipeline.app.config.ConfigError;
import io.marketintel.pipeline.app.config.ConfigException;
import io.marketintel.pipeline.app.config.ConfigLoader;
import io.marketintel.pipeline.app.config.PipelineConfig;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.source.SourceFactoryProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline validate --config FILE}: exit 0 if the file is valid and this build can run
 * every source in it, else 2 with every error.
 */
@Command(name = "validate", description = "Check a configuration file; exit 0, or 2 with every error.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() {
        try {
            final PipelineConfig loaded = new ConfigLoader().load(config);
            final List<ConfigError> unavailable = unavailableProtocols(loaded.sources(),
                    SourceFactoryProvider.availableProtocols());
            if (!unavailable.isEmpty()) {
                throw new ConfigException(config.toString(), unavailable);
            }
            System.out.println(config + ": valid (" + loaded.sources().size() + " source(s), "
                    + loaded.journals().size() + " journal sink(s))");
            return PipelineCli.EXIT_OK;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return PipelineCli.EXIT_INVALID;
        }
    }

    /**
     * A valid file may still name a protocol whose transport module is not in this build (the
     * schema knows udp, rest, mqtt and grpc ahead of their connectors): say so before {@code run}
     * would fail on it.
     */
    static List<ConfigError> unavailableProtocols(List<DataSourceConfig> sources, Set<Protocol> available) {
        final List<ConfigError> errors = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            final Protocol protocol = sources.get(i).protocol();
            if (!available.contains(protocol)) {
                errors.add(new ConfigError("sources[" + i + "].protocol", "protocol " + protocol.configName()
                        + " is not available in this build; available: "
                        + available.stream().map(Protocol::configName).collect(Collectors.joining(", "))));
            }
        }
        return errors;
    }
}
