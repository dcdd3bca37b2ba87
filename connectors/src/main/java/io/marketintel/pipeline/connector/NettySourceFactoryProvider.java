package io.marketintel.pipeline.connector;

import io.marketintel.pipeline.source.SourceFactory;
import io.marketintel.pipeline.source.SourceFactoryProvider;

/** Service-loader entry point of the Netty transports. */
public final class NettySourceFactoryProvider implements SourceFactoryProvider {
    @Override
    public SourceFactory create(int ioThreads) {
        return new NettySourceFactory(ioThreads);
    }
}
