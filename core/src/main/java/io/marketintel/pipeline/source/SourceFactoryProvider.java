package io.marketintel.pipeline.source;

import io.marketintel.pipeline.config.Protocol;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link java.util.ServiceLoader} entry point of a transport module: says which protocols it
 * carries and creates a fresh {@link SourceFactory} for each pipeline. Thread-safe.
 */
public interface SourceFactoryProvider {
    /** The protocols the factories of this provider support; fixed for the provider's life. */
    Set<Protocol> protocols();

    SourceFactory create(int ioThreads);

    /** Every protocol some transport module on the class path carries, without creating any factory. */
    static Set<Protocol> availableProtocols() {
        final Set<Protocol> available = new TreeSet<>();
        for (SourceFactoryProvider provider : ServiceLoader.load(SourceFactoryProvider.class)) {
            available.addAll(provider.protocols());
        }
        return available;
    }
}
