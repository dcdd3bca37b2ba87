package io.marketintel.pipeline.source;

import io.marketintel.pipeline.config.Protocol;

/**
 * Builds sources for the transports it supports. Factories are found with {@link
 * java.util.ServiceLoader} through {@link SourceFactoryProvider}, one instance per pipeline, and
 * own the resources their sources share (I/O threads), released by {@link #close()}.
 * Thread-safe.
 */
public interface SourceFactory extends AutoCloseable {
    boolean supports(Protocol protocol);

    Source create(SourceContext context);

    @Override
    void close();
}
