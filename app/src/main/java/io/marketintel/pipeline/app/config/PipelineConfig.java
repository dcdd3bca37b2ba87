package io.marketintel.pipeline.app.config;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import java.util.List;
import java.util.Objects;

/**
 * A whole configuration file once loaded and validated by {@link ConfigLoader}: the sources in
 * file order, the journal sinks (the only sink type so far; others will get their own list or a
 * common sink type when they arrive) and the monitoring settings. Immutable and thread-safe.
 *
 * @param sources the sources, in file order, at least one
 * @param journals the journal sinks, possibly none
 * @param monitoring the monitoring settings ({@link MonitoringConfig#defaults()} when the block is absent)
 */
public record PipelineConfig(
        List<DataSourceConfig> sources, List<JournalConfig> journals, MonitoringConfig monitoring) {

    public PipelineConfig {
        sources = List.copyOf(sources);
        journals = List.copyOf(journals);
        Objects.requireNonNull(monitoring, "monitoring");
    }
}
