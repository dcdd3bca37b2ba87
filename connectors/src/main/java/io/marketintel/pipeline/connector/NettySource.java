package io.marketintel.pipeline.connector;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.Source;
import io.marketintel.pipeline.source.SourceContext;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.source.SourceState;
import io.marketintel.pipeline.source.SourceTransport;
import io.marketintel.pipeline.config.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every Netty client source shares: the binding to the {@link SourceLifecycle}, the one
 * event loop it is pinned to, start/tick/stop (stop gives pending envelopes a bounded chance to
 * reach the hand-off), the live channel and why it closed. Transports add how they connect and
 * what a connection is (a TCP stream, a WebSocket session).
 *
 * <p>Everything runs on the source's event loop; the public {@link io.marketintel.pipeline.source.Source}
 * methods may be called from any thread and hop onto it.
 */
public abstract class NettySource implements Source, SourceTransport {
    protected final SourceContext context;
    protected final DataSourceConfig config;
    protected final SourceLifecycle lifecycle;
    protected final EventLoop loop;
    private final Runnable tickTask = this::onTick;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** The connection the lifecycle considers up; null while connecting or down. */
    private Channel channel;
    private String closeReason;

    protected NettySource(SourceContext context, EventLoop loop) {
        this.context = context;
        this.config = context.config();
        this.lifecycle = context.lifecycle();
        this.loop = loop;
    }

    /** Binds this source to its lifecycle; subclasses call it last in their constructor. */
    protected final void bindLifecycle() {
        lifecycle.transport(this);
    }

    /** A client bootstrap on this source's loop with the options every source uses. */
    protected final Bootstrap bootstrap(ChannelInitializer<Channel> initializer) {
        return new Bootstrap()
                .group(loop)
                .channel(NettyTransport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.bufferSize()))
                // Netty 4.2's default adaptive allocator makes a ByteBuffer slice per socket read (~31 B
                // per message at modest rates, see BENCHMARKS.md); the pooled one reuses its buffers.
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(initializer);
    }

    @Override
    public String sourceId() {
        return config.sourceId();
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

    /**
     * Connects with {@code bootstrap}; on success (unless stopped meanwhile) the connection is up
     * and {@code onUp} runs on the loop, on failure the lifecycle backs off.
     */
    protected final void connectTo(Bootstrap bootstrap, Endpoint endpoint, String detail, Consumer<Channel> onUp) {
        final ChannelFuture future = bootstrap.connect(endpoint.host(), endpoint.port());
        future.addListener(f -> {
            if (!f.isSuccess()) {
                connectFailed(describe(f.cause()));
            } else if (lifecycle.state() == SourceState.STOPPED) {
                future.channel().close();
            } else {
                connected(future.channel(), detail);
                onUp.accept(future.channel());
            }
        });
    }

    /** The connection is up: from now on its closing is a disconnect, not a failed connect. */
    protected final void connected(Channel ch, String detail) {
        channel = ch;
        closeReason = null;
        lifecycle.onConnected(detail);
    }

    /** A connection attempt failed before it was up. */
    protected final void connectFailed(String reason) {
        lifecycle.onConnectFailed(reason);
        if (lifecycle.state() == SourceState.STOPPED) {
            drainThenComplete(0);
        }
    }

    /** The live connection, or null. */
    protected final Channel channel() {
        return channel;
    }

    /** Remembers why the live connection is being closed, for the DISCONNECTED status. */
    protected final void closeReason(Channel ch, String reason) {
        if (ch == channel && closeReason == null) {
            closeReason = reason;
        }
    }

    @Override
    public void disconnect(String reason) {
        if (channel != null) {
            closeReason(channel, reason);
            channel.close();
        }
    }

    /** On the loop: a channel closed (by us or the peer). Only the live one matters. */
    public void onChannelClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        lifecycle.onDisconnected(closeReason != null ? closeReason : "connection closed by " + config.endpointForDisplay());
        if (lifecycle.state() == SourceState.STOPPED) {
            drainThenComplete(0);
        }
    }

    /** The connection must be reset for this reason. */
    public void reset(Channel ch, String reason) {
        closeReason(ch, reason);
        ch.close();
    }

    public EventLoop loop() {
        return loop;
    }

    /** Says what went wrong in words a user can act on. */
    protected String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused or unreachable (" + cause.getMessage() + "); is the venue up at "
                    + config.endpointForDisplay() + "?";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
