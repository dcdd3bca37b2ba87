package io.marketintel.pipeline.source;

/**
 * The {@link java.util.ServiceLoader} entry point of a transport module: creates a fresh
 * {@link SourceFactory} for each pipeline.
 */
public interface SourceFactoryProvider {
    SourceFactory create(int ioThreads);
}
