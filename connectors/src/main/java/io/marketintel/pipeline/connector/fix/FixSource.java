package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.connector.NettySource;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.SourceContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A FIX initiator source: connects to {@code host:port}, logs on and subscribes to market data
 * through its {@link FixSession}, and hands the venue's snapshots and incremental refreshes to
 * the pipeline as canonical envelopes, under the shared lifecycle (backoff and reconnect; the
 * session does its own silence detection with heartbeats and TestRequests). Stopping logs out
 * and waits briefly for the venue's Logout. Sequence numbers live in a {@link SequenceStore}
 * (a file per session under {@code fix.store_dir}, unless {@code fix.reset_on_logon}).
 *
 * <p>Everything runs on the one event loop the source is pinned to; public methods may be called
 * from any thread and hop onto it.
 */
public final class FixSource extends NettySource {
    /** Accepted by the framer so that a wrong one is answered by the session, not skipped as garbage. */
    private static final List<String> FRAMED_BEGIN_STRINGS =
            List.of("FIX.3.9", "FIX.4.0", "FIX.4.1", "FIX.4.2", "FIX.4.3", "FIX.4.4", "FIXT.1.1");
    private static final long TIMER_PERIOD_MS = 100;

    private final Endpoint endpoint;
    private final FixOptions options;
    private final FixFramer framer;
    private final SequenceStore store;
    private final FixSession session;
    private final FixSessionMetrics sessionMetrics = new FixSessionMetrics();
    private final Bootstrap bootstrap;
    private ScheduledFuture<?> timer;

    public FixSource(SourceContext context, EventLoop loop) {
        super(context, loop);
        this.endpoint = Endpoint.parseHostPort(config.endpoint()).orElseThrow(() ->
                new IllegalArgumentException("source " + config.sourceId() + ": endpoint: expected host:port, got \""
                        + config.endpointForDisplay() + "\""));
        this.options = config.fix().orElseThrow(() -> new IllegalArgumentException(
                "source " + config.sourceId() + ": protocol fix needs fix options"));
        final List<String> beginStrings = new ArrayList<>(FRAMED_BEGIN_STRINGS);
        if (!beginStrings.contains(options.beginString())) {
            beginStrings.add(options.beginString());
        }
        this.framer = new FixFramer(FixFramer.DEFAULT_MAX_MESSAGE_BYTES, beginStrings);
        this.store = options.resetOnLogon() ? SequenceStore.inMemory()
                : SequenceStore.open(Path.of(options.storeDir()),
                        config.sourceId() + "_" + options.senderCompId() + "_" + options.targetCompId());
        final FrameIngest ingest = context.newFrameIngest();
        final FixOutbound out = new FixOutbound(options, config.credentials().orElse(null), store);
        this.session = new FixSession(config.sourceId(), endpoint.toString(), options, context.clock(), store, out,
                ingest, lifecycle, context.metrics(), sessionMetrics);
        final int maxCumulationBytes = framer.maxMessageBytes() + 4 * config.bufferSize() + 16;
        this.bootstrap = bootstrap(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("fix-stream",
                        new FixStreamHandler(FixSource.this, framer, session, ingest, maxCumulationBytes));
            }
        });
        lifecycle.requireLogon(true);
        bindLifecycle();
    }

    @Override
    public Protocol protocol() {
        return Protocol.FIX;
    }

    /** The FIX session's own counters (garbled input, gaps, rejects ...). */
    public FixSessionMetrics sessionMetrics() {
        return sessionMetrics;
    }

    @Override
    public void connect() {
        framer.reset();
        connectTo(bootstrap, endpoint, "connected to " + endpoint + ", logging on", ch -> {
            session.onConnected(ch.pipeline().get(FixStreamHandler.class));
            timer = loop.scheduleAtFixedRate(session::onTimer, TIMER_PERIOD_MS, TIMER_PERIOD_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** Logs out first when logged on; the session closes the connection on the reply or timeout. */
    @Override
    public void disconnect(String reason) {
        if (session.state() == FixSessionState.LOGGED_ON) {
            session.logout(reason);
        } else {
            super.disconnect(reason);
        }
    }

    @Override
    public CompletableFuture<Void> stop() {
        return super.stop().whenComplete((ignored, error) -> store.close());
    }

    /** From the handler: the session closes this channel for {@code reason}. */
    void closing(Channel ch, String reason) {
        closeReason(ch, reason);
    }

    @Override
    public void onChannelClosed(Channel ch) {
        if (ch == channel()) {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            session.onDisconnected();
        }
        super.onChannelClosed(ch);
    }
}
