package io.marketintel.pipeline.connector;

import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.connector.fix.FixSource;
import io.marketintel.pipeline.connector.tcp.TcpSource;
import io.marketintel.pipeline.connector.websocket.WebSocketSource;
import io.marketintel.pipeline.source.Source;
import io.marketintel.pipeline.source.SourceContext;
import io.marketintel.pipeline.source.SourceFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Netty-based sources and owns the I/O threads they share: one event loop per core,
 * each source pinned to one loop for its whole life (run to completion, no hand-off before the
 * envelope is encoded). Thread-safe.
 */
public final class NettySourceFactory implements SourceFactory {
    private final int ioThreads;
    private EventLoopGroup group;

    public NettySourceFactory(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    @Override
    public boolean supports(Protocol protocol) {
        return NettySourceFactoryProvider.PROTOCOLS.contains(protocol);
    }

    @Override
    public synchronized Source create(SourceContext context) {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("pipeline-io", true),
                    NettyTransport.ioHandlerFactory());
        }
        return switch (context.config().protocol()) {
            case TCP -> new TcpSource(context, group.next());
            case WEBSOCKET -> new WebSocketSource(context, group.next());
            case FIX -> new FixSource(context, group.next());
            default -> throw new IllegalArgumentException("unsupported protocol " + context.config().protocol());
        };
    }

    @Override
    public synchronized void close() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
