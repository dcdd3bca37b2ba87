package io.marketintel.pipeline.venue.websocket;

import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.MarketEvent;
import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SyntheticMarket;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated exchange over WebSocket on loopback that speaks the Binance spot dialect: a client
 * sends {@code {"method":"SUBSCRIBE",...,"id":N}}, gets {@code {"result":null,"id":N}}, and from
 * then on receives a {@link SyntheticMarket} as {@code trade} and {@code depthUpdate} events at a
 * controlled rate (permessage-deflate offered). The market continues across connections, as a
 * real feed keeps going while a client is away. The text {@code ping} is answered with {@code
 * pong} (an application-level heartbeat). Test hooks: drop every connection, go silent (connected,
 * nothing sent), count connections and subscription requests.
 *
 * <p>Thread-safe: control methods may be called from any thread; one I/O thread serves clients.
 */
public final class WebSocketVenue implements AutoCloseable {
    /** The request path; the endpoint is {@code ws://127.0.0.1:PORT/ws}. */
    public static final String PATH = "/ws";
    private static final Pattern REQUEST_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    /** Pump often enough for the rate, but no more than every millisecond nor less than every 10 ms. */
    private static final long MIN_PUMP_INTERVAL_US = 1_000;
    private static final long MAX_PUMP_INTERVAL_US = 10_000;
    /** Caps a burst after silence or a slow client: the venue paces, it does not catch up without bound. */
    private static final long MAX_BURST = 1_024;
    /** How often an unpaced connection looks again whether the venue is still silent. */
    private static final long SILENT_RECHECK_MS = 10;

    /** Messages a {@link #blast} venue renders and replays. */
    private static final int BLAST_BLOCK = 4_096;

    private final SyntheticMarket market;
    /**
     * Pre-rendered messages replayed in a loop (a blast venue), or none: the market is formatted
     * live. Encoded once and never released, so each send is a view, not an encoding.
     */
    private final ReplayedMessage[] replay;
    private final long messagesPerSecond;
    private final long totalMessages;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Channel server;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong textBytesSent = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private volatile boolean silent;

    /**
     * @param port 0 for any free port
     * @param messagesPerSecond per connection; 0 for as fast as the client reads
     * @param totalMessages stop sending (keeping the connection) after this many; 0 for endless
     */
    public WebSocketVenue(int port, long seed, long messagesPerSecond, long totalMessages) throws InterruptedException {
        this(port, seed, messagesPerSecond, totalMessages, true, 0, null);
    }

    /**
     * A load generator for benchmarks: the market's first {@value #BLAST_BLOCK} messages rendered
     * once and replayed in a loop (as {@code BlastVenue} does for TCP), so that formatting each
     * message does not take the CPU the pipeline is measured on.
     *
     * @param messagesPerSecond per connection; 0 for as fast as the client reads
     * @param compression whether permessage-deflate is offered (compressing costs the venue too)
     */
    public static WebSocketVenue blast(long seed, long messagesPerSecond, boolean compression)
            throws InterruptedException {
        return new WebSocketVenue(0, seed, messagesPerSecond, 0, compression, BLAST_BLOCK, null);
    }

    /**
     * As {@link #blast(long, long, boolean)}, on an event loop group shared with other venues and
     * left running when this venue closes: a hundred paced venues, each with a loop of its own
     * waking every millisecond, take a small machine's CPU from the pipeline they feed.
     */
    public static WebSocketVenue blast(long seed, long messagesPerSecond, boolean compression, EventLoopGroup shared)
            throws InterruptedException {
        return new WebSocketVenue(0, seed, messagesPerSecond, 0, compression, BLAST_BLOCK, shared);
    }

    private WebSocketVenue(int port, long seed, long messagesPerSecond, long totalMessages, boolean compression,
            int replayed, EventLoopGroup shared) throws InterruptedException {
        this.market = new SyntheticMarket(seed);
        this.messagesPerSecond = messagesPerSecond;
        this.totalMessages = totalMessages;
        this.replay = new ReplayedMessage[replayed];
        for (int i = 0; i < replayed; i++) {
            replay[i] = ReplayedMessage.of(market.next());
        }
        this.ownsGroup = shared == null;
        this.group = shared != null ? shared : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ws-venue", true),
                NioIoHandler.newFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024));
                        if (compression) {
                            ch.pipeline().addLast(new WebSocketServerCompressionHandler(1024 * 1024));
                        }
                        ch.pipeline().addLast(new WebSocketServerProtocolHandler(PATH, null, true, 64 * 1024),
                                new Session());
                    }
                });
        try {
            this.server = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel();
        } catch (Exception e) {
            // The port was taken (Netty rethrows the BindException unchecked) or the bind was
            // interrupted: the event loop must not outlive the venue that failed to start.
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String endpoint() {
        return "ws://127.0.0.1:" + port() + PATH;
    }

    /** Market messages sent so far, across connections. */
    public long messagesSent() {
        return sent.get();
    }

    /** Bytes of the market messages' text sent so far (before permessage-deflate), across connections. */
    public long textBytesSent() {
        return textBytesSent.get();
    }

    /** WebSocket connections opened so far. */
    public int connections() {
        return connections.get();
    }

    /** SUBSCRIBE requests received so far, across connections. */
    public int subscriptionsReceived() {
        return subscriptions.get();
    }

    /** Closes every connection at once, without a close handshake (a venue that crashed). */
    public void dropConnections() {
        clients.forEach(Channel::close);
    }

    /** While silent, connections stay up and nothing is sent (not even replies). */
    public void silent(boolean on) {
        silent = on;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        clients.forEach(Channel::close);
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One client: answers requests, then streams the market at the venue's rate. */
    private final class Session extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        /** This connection's numbering of each symbol's depth updates (Binance numbers them per book). */
        private final BinanceFormatter.DepthUpdateIds depthIds = new BinanceFormatter.DepthUpdateIds();
        private final byte[] idDigits = new byte[ReplayedMessage.MAX_ID_DIGITS];
        private ScheduledFuture<?> pump;
        /** Rate 0: pumped whenever the channel is writable instead of on a timer. */
        private boolean unpaced;
        /** Unpaced: a {@link #pump} run is queued on the loop. */
        private boolean pumpQueued;
        private long startNs;
        private long sentHere;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                connections.incrementAndGet();
                clients.add(ctx.channel());
                ctx.channel().closeFuture().addListener(f -> clients.remove(ctx.channel()));
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            if (silent) {
                return;
            }
            final String text = frame.text();
            if ("ping".equals(text)) {
                ctx.writeAndFlush(new TextWebSocketFrame("pong"));
            } else if (text.contains("\"SUBSCRIBE\"")) {
                subscriptions.incrementAndGet();
                final Matcher id = REQUEST_ID.matcher(text);
                ctx.writeAndFlush(new TextWebSocketFrame("{\"result\":null,\"id\":" + (id.find() ? id.group(1) : "0") + "}"));
                if (pump == null && !unpaced && messagesPerSecond == 0) {
                    // As fast as the client reads: written while the channel takes it, resumed when
                    // it drains. A timer per connection would wake the venue's one event loop
                    // thousands of times a second (at 30 connections that took most of its CPU).
                    unpaced = true;
                    queuePump(ctx, 0);
                } else if (pump == null && !unpaced) {
                    startNs = System.nanoTime();
                    final long intervalUs = Math.max(MIN_PUMP_INTERVAL_US,
                            Math.min(MAX_PUMP_INTERVAL_US, 1_000_000 / messagesPerSecond));
                    pump = ctx.executor().scheduleAtFixedRate(() -> pump(ctx), 0, intervalUs, TimeUnit.MICROSECONDS);
                }
            }
        }

        private void pump(ChannelHandlerContext ctx) {
            if (silent || !ctx.channel().isActive()) {
                startNs = System.nanoTime();
                sentHere = 0;
                if (unpaced && ctx.channel().isActive()) {
                    queuePump(ctx, SILENT_RECHECK_MS);
                }
                return;
            }
            long due = messagesPerSecond == 0 ? MAX_BURST
                    : Pacing.messagesDue(System.nanoTime() - startNs, messagesPerSecond) + 1 - sentHere;
            due = Math.min(due, MAX_BURST);
            boolean wrote = false;
            while (due-- > 0 && ctx.channel().isWritable()) {
                if (totalMessages > 0 && sent.get() >= totalMessages) {
                    break;
                }
                final TextWebSocketFrame frame;
                if (replay.length > 0) {
                    frame = new TextWebSocketFrame(
                            replay[(int) (sentHere % replay.length)].render(ctx.alloc(), depthIds, idDigits));
                } else {
                    final MarketEvent event;
                    synchronized (market) {
                        event = market.next();
                    }
                    frame = new TextWebSocketFrame(BinanceFormatter.format(event, depthIds));
                }
                textBytesSent.addAndGet(frame.content().readableBytes());
                ctx.write(frame);
                sent.incrementAndGet();
                sentHere++;
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
            final boolean allSent = totalMessages > 0 && sent.get() >= totalMessages;
            if (unpaced && !allSent && ctx.channel().isWritable()) {
                // The burst ran out, not the channel: the other connections' turns come first.
                queuePump(ctx, 0);
            }
        }

        /**
         * Unpaced: runs {@link #pump} on the loop after {@code delayMs}, unless a run is already
         * queued, so that a connection has one chain of pumps however it was woken.
         */
        private void queuePump(ChannelHandlerContext ctx, long delayMs) {
            if (pumpQueued) {
                return;
            }
            pumpQueued = true;
            final Runnable run = () -> {
                pumpQueued = false;
                pump(ctx);
            };
            if (delayMs == 0) {
                ctx.executor().execute(run);
            } else {
                ctx.executor().schedule(run, delayMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (unpaced && ctx.channel().isWritable()) {
                queuePump(ctx, 0);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pump != null) {
                pump.cancel(false);
            }
            ctx.fireChannelInactive();
        }
    }

    /**
     * A message of a blast venue, rendered once: whole (a trade), or a depth update around its
     * two update ids, which each connection fills in from its own {@link
     * BinanceFormatter.DepthUpdateIds} so that replaying the block does not break a book's chain of
     * ids. Immutable; its buffers are never released.
     */
    private record ReplayedMessage(ByteBuf whole, byte[] head, byte[] tail, String symbol) {
        private static final byte[] LAST_ID_KEY = ",\"u\":".getBytes(StandardCharsets.US_ASCII);
        private static final int MAX_ID_DIGITS = 19;

        static ReplayedMessage of(MarketEvent event) {
            if (event.kind() == MarketEvent.Kind.TRADE) {
                return new ReplayedMessage(Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(
                        BinanceFormatter.format(event, null), StandardCharsets.US_ASCII)), null, null, null);
            }
            return new ReplayedMessage(null, BinanceFormatter.depthUpdateHead(event).getBytes(StandardCharsets.US_ASCII),
                    BinanceFormatter.depthUpdateTail(event).getBytes(StandardCharsets.US_ASCII), event.symbol());
        }

        /**
         * The message to send: a view of a trade, or a depth update numbered for this connection
         * (byte arrays copied whole, not buffer to buffer: that path wraps and slices per call,
         * and took a third of the venue's loop).
         */
        ByteBuf render(ByteBufAllocator alloc, BinanceFormatter.DepthUpdateIds ids, byte[] digits) {
            if (whole != null) {
                return whole.duplicate();
            }
            final int idLength = digits(ids.next(symbol), digits);
            final ByteBuf out = alloc.heapBuffer(head.length + tail.length + 2 * idLength + LAST_ID_KEY.length);
            return out.writeBytes(head)
                    .writeBytes(digits, MAX_ID_DIGITS - idLength, idLength)
                    .writeBytes(LAST_ID_KEY)
                    .writeBytes(digits, MAX_ID_DIGITS - idLength, idLength)
                    .writeBytes(tail);
        }

        /** Writes the digits of {@code positive} at the end of {@code digits}; returns how many. */
        private static int digits(long positive, byte[] digits) {
            int at = MAX_ID_DIGITS;
            long rest = positive;
            do {
                digits[--at] = (byte) ('0' + rest % 10);
                rest /= 10;
            } while (rest > 0);
            return MAX_ID_DIGITS - at;
        }
    }
}
