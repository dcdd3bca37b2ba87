package io.marketintel.pipeline.connector.tcp;

import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.connector.NettySource;
import io.marketintel.pipeline.source.SourceContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;

/**
 * A TCP client source: connects to {@code host:port}, frames the stream by newline or length
 * prefix, decodes each frame in place and hands the envelopes off, under the shared lifecycle
 * (backoff, stale detection). Optional {@code subscribe} messages are sent, framed, on every
 * connect.
 *
 * <p>Everything runs on the one event loop the source is pinned to; public methods may be
 * called from any thread and hop onto it.
 */
public final class TcpSource extends NettySource {
    private final Endpoint endpoint;
    private final Bootstrap bootstrap;
    private final TcpStreamHandler.Shared shared;

    public TcpSource(SourceContext context, EventLoop loop) {
        super(context, loop);
        this.endpoint = Endpoint.parseHostPort(config.endpoint()).orElseThrow(() ->
                new IllegalArgumentException("source " + config.sourceId() + ": endpoint: expected host:port, got \""
                        + config.endpointForDisplay() + "\""));
        this.shared = new TcpStreamHandler.Shared(config, context.newFrameIngest(), context.publisher(), context.metrics());
        this.bootstrap = bootstrap(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("tcp-stream", new TcpStreamHandler(shared, TcpSource.this));
            }
        });
        bindLifecycle();
    }

    @Override
    public Protocol protocol() {
        return Protocol.TCP;
    }

    @Override
    public void connect() {
        shared.resetForConnection();
        connectTo(bootstrap, endpoint, "connected to " + endpoint, this::sendSubscriptions);
    }

    private void sendSubscriptions(Channel ch) {
        if (config.subscribe().isEmpty()) {
            return;
        }
        final FramingType framing = config.framing().type();
        for (String message : config.subscribe()) {
            final byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            final ByteBuf out = ch.alloc().buffer(bytes.length + 4);
            switch (framing) {
                case LENGTH_PREFIX_2 -> out.writeShort(bytes.length).writeBytes(bytes);
                case LENGTH_PREFIX_4 -> out.writeInt(bytes.length).writeBytes(bytes);
                case LINE -> out.writeBytes(bytes).writeByte('\n');
            }
            ch.write(out);
        }
        ch.flush();
        lifecycle.onSubscribed("sent " + config.subscribe().size() + " subscription message(s)");
    }
}
