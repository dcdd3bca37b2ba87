package io.marketintel.pipeline.connector.websocket;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.EndpointDisplay;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.connector.NettySource;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.SourceContext;
import io.marketintel.pipeline.source.SourceState;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client source ({@code ws://} or {@code wss://}): TLS verified by default, custom
 * upgrade headers and subprotocol, permessage-deflate with inflation bounded by {@code
 * max_message_bytes}, the configured subscriptions sent once per connection (paced), an optional
 * application heartbeat, and the shared lifecycle for backoff and silence. The source counts as
 * connected once the upgrade succeeded; a failed TCP connect, TLS handshake or upgrade is a failed
 * attempt, and so is a connection that ends before anything came on it (the backoff starts over
 * only once the venue sent data or answered a heartbeat). Protocol faults from the venue close the connection (with the RFC 6455 code) and the
 * lifecycle reconnects.
 *
 * <p>Everything runs on the one event loop the source is pinned to; public methods may be called
 * from any thread and hop onto it.
 */
public final class WebSocketSource extends NettySource {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSource.class);
    /** How long the close handshake may take before TCP is closed anyway. */
    static final long CLOSE_TIMEOUT_MS = 1_000;
    /** The upgrade response is headers only; a venue sending more is not speaking WebSocket. */
    private static final int MAX_UPGRADE_RESPONSE_BYTES = 64 * 1024;
    private static final String FRAME_HANDLER = "ws-frames";

    private final URI uri;
    private final String host;
    private final int port;
    private final WebSocketOptions options;
    private final WebSocketTls tls;
    private final HttpHeaders headers;
    private final FrameIngest ingest;
    private final byte[] heartbeatReply;
    private final ByteCounter byteCounter;
    private final Bootstrap bootstrap;
    /** The channel between TCP connect and a complete upgrade; null otherwise. */
    private Channel connecting;
    private String connectFailure;
    private WebSocketFrameHandler live;
    private volatile long heartbeatReplies;
    private volatile int upgrades;

    public WebSocketSource(SourceContext context, EventLoop loop) {
        super(context, loop);
        this.uri = parse(config);
        this.host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        final boolean secure = "wss".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        this.port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        this.options = config.websocket();
        this.tls = secure ? new WebSocketTls(config.sourceId(), options, config.connectTimeout().toMillis()) : null;
        this.headers = new DefaultHttpHeaders();
        options.headers().forEach(headers::add);
        this.ingest = context.newFrameIngest();
        this.heartbeatReply = options.heartbeatReply().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.byteCounter = new ByteCounter(context.metrics());
        this.bootstrap = bootstrap(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                initPipeline(ch.pipeline(), ch);
            }
        });
        bindLifecycle();
    }

    private static URI parse(DataSourceConfig config) {
        try {
            final URI uri = new URI(config.endpoint());
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("ws") || scheme.equals("wss"))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("source " + config.sourceId() + ": endpoint: expected a ws:// or wss:// URL, got \""
                + config.endpointForDisplay() + "\"" + EndpointDisplay.invalidUrlAdvice(config.endpoint()));
    }

    private void initPipeline(ChannelPipeline p, Channel ch) {
        p.addLast("ws-bytes", byteCounter);
        if (tls != null) {
            p.addLast("tls", tls.newHandler(ch.alloc(), host, port));
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-upgrade", new HttpObjectAggregator(MAX_UPGRADE_RESPONSE_BYTES));
        final WebSocketFrameHandler frames = new WebSocketFrameHandler(this, ingest, options.maxMessageBytes(),
                heartbeatReply, CLOSE_TIMEOUT_MS);
        // The reader's inflater bounds what one message may inflate to: a deflate bomb fails, it cannot allocate.
        final PerMessageDeflateOffer extensions = new PerMessageDeflateOffer(options.permessageDeflate(),
                options.maxMessageBytes());
        p.addLast("ws-handshake", new WebSocketHandshakeHandler(this, new ClientHandshaker(uri,
                options.subprotocol().orElse(null), headers, options.maxMessageBytes(), CLOSE_TIMEOUT_MS, extensions,
                frames::newReader)));
        p.addLast(FRAME_HANDLER, frames);
    }

    @Override
    public Protocol protocol() {
        return Protocol.WEBSOCKET;
    }

    /** Application heartbeat replies recognised so far (kept from the decoder). */
    public long heartbeatReplies() {
        return heartbeatReplies;
    }

    /** Successful upgrades so far (one per connection). */
    public int upgrades() {
        return upgrades;
    }

    @Override
    public void connect() {
        connectFailure = null;
        if (tls != null && tls.isInsecure()) {
            LOG.warn("source {}: websocket.tls_insecure is set: the certificate and host name of {} are NOT verified,"
                    + " so anyone on the path can read and alter this feed; remove tls_insecure outside testing",
                    config.sourceId(), host);
        }
        final ChannelFuture future = bootstrap.connect(host, port);
        final Channel ch = future.channel();
        connecting = ch;
        future.addListener(f -> {
            if (!f.isSuccess()) {
                if (ch == connecting) {
                    connecting = null;
                    connectFailed(describe(f.cause()));
                }
            } else if (lifecycle.state() == SourceState.STOPPED) {
                ch.close();
            } else {
                loop.schedule(() -> handshakeFailed(ch, "no WebSocket upgrade from " + config.endpointForDisplay() + " within "
                        + config.connectTimeout().toMillis() + " ms (connect_timeout); is it a WebSocket endpoint?"),
                        config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** From the handshake handler: the upgrade succeeded. */
    void handshakeComplete(Channel ch, String subprotocol) {
        if (ch != connecting || lifecycle.state() == SourceState.STOPPED) {
            ch.close();
            return;
        }
        connecting = null;
        upgrades++;
        live = ch.pipeline().get(WebSocketFrameHandler.class);
        connected(ch, "WebSocket open to " + config.endpointForDisplay() + (subprotocol == null || subprotocol.isEmpty()
                ? "" : " (subprotocol " + subprotocol + ")"));
        final WebSocketSession session = new WebSocketSession(ch, config.subscribe(), options, () -> {
            if (ch == channel()) {
                lifecycle.onSubscribed("sent " + config.subscribe().size() + " subscription message(s)");
            }
        });
        live.session(session);
        session.start();
    }

    /** The connection attempt failed before the upgrade completed; the first reason given wins. */
    void handshakeFailed(Channel ch, String reason) {
        if (ch == connecting && connectFailure == null) {
            connectFailure = reason;
        }
        if (ch == connecting) {
            ch.close();
        }
    }

    @Override
    public void onChannelClosed(Channel ch) {
        if (ch == connecting) {
            connecting = null;
            connectFailed(connectFailure != null ? connectFailure
                    : "connection closed by " + config.endpointForDisplay() + " during the WebSocket upgrade");
            return;
        }
        if (ch == channel()) {
            live = null;
        }
        super.onChannelClosed(ch);
    }

    /** Closes gracefully: close 1000, a brief wait for the venue's close, then TCP. */
    @Override
    public void disconnect(String reason) {
        final Channel ch = channel();
        if (ch != null && live != null) {
            closeReason(ch, reason);
            live.closeGracefully(WebSocketCloseStatus.NORMAL_CLOSURE);
        } else if (ch != null) {
            super.disconnect(reason);
        } else if (connecting != null) {
            handshakeFailed(connecting, reason);
        }
    }

    /** From the frame handler: an exception on the connection (I/O; protocol faults are the reader's, not exceptions). */
    void onConnectionError(Channel ch, Throwable cause) {
        if (ch == connecting) {
            handshakeFailed(ch, describe(cause));
            return;
        }
        if (cause instanceof IOException) {
            reset(ch, "connection error: " + cause.getMessage());
        } else {
            reset(ch, "unexpected error on the WebSocket connection: " + cause);
        }
    }

    void onHeartbeatReply() {
        heartbeatReplies++;
    }

    @Override
    protected String describe(Throwable cause) {
        final String tlsProblem = WebSocketTls.describe(cause, host);
        return tlsProblem != null ? tlsProblem : super.describe(cause);
    }

    /** From the frame handler: why this connection is closing (the first reason given wins). */
    void noteCloseReason(Channel ch, String reason) {
        closeReason(ch, reason);
    }

    /** Counts the bytes read off the socket (before TLS and framing). Stateless; shared by connections. */
    @ChannelHandler.Sharable
    private static final class ByteCounter extends ChannelInboundHandlerAdapter {
        private final SourceMetrics metrics;

        ByteCounter(SourceMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                metrics.onBytes(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
