package io.marketintel.pipeline.connector.tcp;

import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.SourceContext;
import io.marketintel.pipeline.source.Source;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.source.SourceState;
import io.marketintel.pipeline.source.SourceTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP client source: connects to {@code host:port}, frames the stream by newline or length
 * prefix, decodes each frame in place and hands the envelopes off, under the shared lifecycle
 * (backoff, stale detection). Optional {@code subscribe} messages are sent, framed, on every
 * connect.
 *
 * <p>Everything runs on the one event loop the source is pinned to; public methods may be
 * called from any thread and hop onto it.
 */
public final class TcpSource implements Source, SourceTransport {
    private final SourceContext context;
    private final DataSourceConfig config;
    private final SourceLifecycle lifecycle;
    private final EventLoop loop;
    private final Endpoint endpoint;
    private final Bootstrap bootstrap;
    private final TcpStreamHandler.Shared shared;
    private final Runnable tickTask;
    private Channel channel;
    private String closeReason;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    public TcpSource(SourceContext context, EventLoop loop) {
        this.context = context;
        this.config = context.config();
        this.lifecycle = context.lifecycle();
        this.loop = loop;
        this.endpoint = Endpoint.parseHostPort(config.endpoint()).orElseThrow(() ->
                new IllegalArgumentException("source " + config.sourceId() + ": endpoint: expected host:port, got \""
                        + config.endpoint() + "\""));
        this.shared = new TcpStreamHandler.Shared(config, context.newFrameIngest(), context.publisher(), context.metrics());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.bufferSize()))
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("tcp-stream", new TcpStreamHandler(shared, TcpSource.this));
                    }
                });
        lifecycle.transport(this);
        this.tickTask = this::onTick;
    }

    @Override
    public String sourceId() {
        return config.sourceId();
    }

    @Override
    public Protocol protocol() {
        return Protocol.TCP;
    }

    @Override
    public SourceState state() {
        return lifecycle.state();
    }

    @Override
    public SourceMetrics metrics() {
        return context.metrics();
    }

    @Override
    public SourceLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public CompletableFuture<SourceState> start() {
        loop.execute(lifecycle::start);
        return lifecycle.firstOutcome();
    }

    @Override
    public void tick() {
        loop.execute(tickTask);
    }

    private void onTick() {
        lifecycle.tick();
        if (channel == null) {
            context.publisher().drainPending();
        }
    }

    @Override
    public CompletableFuture<Void> stop() {
        loop.execute(() -> {
            lifecycle.stop("shutdown");
            if (channel == null) {
                drainThenComplete(0);
            }
        });
        return stopped;
    }

    /** Gives what is pending a bounded chance to reach the hand-off before reporting stopped. */
    private void drainThenComplete(int attempt) {
        if (context.publisher().drainPending() || attempt >= 2_000) {
            stopped.complete(null);
        } else {
            loop.schedule(() -> drainThenComplete(attempt + 1), 1, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void connect() {
        closeReason = null;
        shared.resetForConnection();
        final ChannelFuture future = bootstrap.connect(endpoint.host(), endpoint.port());
        future.addListener(f -> {
            if (f.isSuccess()) {
                if (lifecycle.state() == SourceState.STOPPED) {
                    future.channel().close();
                    return;
                }
                channel = future.channel();
                lifecycle.onConnected("connected to " + endpoint);
                sendSubscriptions(channel);
            } else {
                lifecycle.onConnectFailed(describe(f.cause()));
                if (lifecycle.state() == SourceState.STOPPED) {
                    drainThenComplete(0);
                }
            }
        });
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

    @Override
    public void disconnect(String reason) {
        if (channel != null) {
            closeReason = reason;
            channel.close();
        }
    }

    /** From the stream handler, on the loop: the channel closed (by us or the peer). */
    void onChannelClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        lifecycle.onDisconnected(closeReason != null ? closeReason : "connection closed by " + endpoint);
        if (lifecycle.state() == SourceState.STOPPED) {
            drainThenComplete(0);
        }
    }

    /** From the stream handler: the connection must be reset for this reason. */
    void reset(Channel ch, String reason) {
        if (ch == channel) {
            closeReason = reason;
        }
        ch.close();
    }

    EventLoop loop() {
        return loop;
    }

    private String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable (" + cause.getMessage() + "); is the venue up at " + endpoint + "?";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
