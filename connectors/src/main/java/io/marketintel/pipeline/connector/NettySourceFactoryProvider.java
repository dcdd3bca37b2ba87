package io.marketintel.pipeline.connector;

import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.source.SourceFactory;
import io.marketintel.pipeline.source.SourceFactoryProvider;
import java.util.EnumSet;
import java.util.Set;

/** Service-loader entry point of the Netty transports. Stateless. */
public final class NettySourceFactoryProvider implements SourceFactoryProvider {
    static final Set<Protocol> PROTOCOLS = Set.copyOf(EnumSet.of(Protocol.TCP, Protocol.WEBSOCKET, Protocol.FIX));

    @Override
    public Set<Protocol> protocols() {
        return PROTOCOLS;
    }

    @Override
    public SourceFactory create(int ioThreads) {
        return new NettySourceFactory(ioThreads);
    }
}
