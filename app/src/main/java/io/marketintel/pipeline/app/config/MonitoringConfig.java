package io.marketintel.pipeline.app.config;

import io.marketintel.pipeline.config.Endpoint;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code monitoring:} block: where the monitoring HTTP server listens (none when {@code bind}
 * is null) and how often the one-line metrics summary is logged ({@link Duration#ZERO} turns it
 * off). Immutable and thread-safe.
 *
 * @param bind the host:port the monitoring server listens on, or null for no server
 * @param logInterval period of the metrics summary log line; zero is off
 */
public record MonitoringConfig(Endpoint bind, Duration logInterval) {
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofSeconds(10);

    public MonitoringConfig {
        if (logInterval == null) {
            logInterval = DEFAULT_LOG_INTERVAL;
        }
        if (logInterval.isNegative()) {
            throw new IllegalArgumentException("log_interval: expected 0 (off) or more, got " + logInterval);
        }
    }

    /** No server, the summary every {@link #DEFAULT_LOG_INTERVAL}: what an absent block means. */
    public static MonitoringConfig defaults() {
        return new MonitoringConfig(null, DEFAULT_LOG_INTERVAL);
    }

    /** The server address, when there is one. */
    public Optional<Endpoint> bindAddress() {
        return Optional.ofNullable(bind);
    }
}
