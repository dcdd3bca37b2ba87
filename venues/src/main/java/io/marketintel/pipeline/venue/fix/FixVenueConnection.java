package io.marketintel.pipeline.venue.fix;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import java.io.IOException;
import java.io.OutputStream;
import io.marketintel.pipeline.venue.MarketEvent;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One client connection of the {@link FixVenue}: reads the client's messages with our codec
 * ({@link FixFramer}, {@link FixMessageView}) and answers them; once subscribed, a thread of its
 * own publishes incremental refreshes at the configured rate and keeps the heartbeat going.
 * Thread-safe: writes are serialised on the output stream.
 */
final class FixVenueConnection implements FixFrameHandler {
    private final FixVenueConfig config;
    private final FixVenueOutbox outbox;
    private final OutputStream out;
    private final Predicate<FixVenueConnection> publisher;
    private final Function<String, MarketEvent> topOfBook;
    private final FixFramer framer = new FixFramer();
    private final FixMessageView view = new FixMessageView();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private volatile boolean stopped;
    private volatile boolean loggedOn;
    private volatile boolean logoutSent;
    private volatile long heartbeatNs = TimeUnit.SECONDS.toNanos(30);
    private volatile long lastSentNs = System.nanoTime();
    private volatile String mdReqId = "";
    private volatile Set<String> symbols = Set.of();
    private Thread marketData;

    /**
     * @param publisher sends the next incremental refresh on this connection; false once it cannot
     * @param topOfBook the market's current top of book of a listed symbol, for the snapshot
     */
    FixVenueConnection(FixVenueConfig config, FixVenueOutbox outbox, OutputStream out,
            Predicate<FixVenueConnection> publisher, Function<String, MarketEvent> topOfBook) {
        this.config = config;
        this.outbox = outbox;
        this.out = out;
        this.publisher = publisher;
        this.topOfBook = topOfBook;
    }

    boolean isStopped() {
        return stopped;
    }

    String mdReqId() {
        return mdReqId;
    }

    /** The symbols the client subscribed to; empty before its MarketDataRequest is accepted. */
    Set<String> symbols() {
        return symbols;
    }

    /** @return the bytes of {@code bytes[0, length)} consumed */
    int onBytes(byte[] bytes, int length) {
        buffer.wrap(bytes, 0, length);
        return framer.frame(buffer, 0, length, this);
    }

    @Override
    public boolean onMessage(DirectBuffer b, int offset, int length) {
        if (view.wrap(b, offset, length) != FixWrapResult.OK || view.msgType().length() != 1) {
            return true;
        }
        switch ((char) view.msgType().byteAt(0)) {
            case 'A' -> onLogon();
            case '1' -> sendAdmin("0", FixVenueMessages.field(112, text(112)));
            case '2' -> resend(view.longValue(7), view.longValue(16));
            case '5' -> {
                if (!logoutSent) {
                    sendAdmin("5", "");
                }
                stop();
            }
            case 'V' -> onMarketDataRequest();
            default -> { }
        }
        return !stopped;
    }

    @Override
    public boolean onGarbled(FixGarbledReason reason, DirectBuffer b, int offset, int length) {
        return true; // a venue ignores garbled input, as the client does
    }

    @Override
    public void onOversize(long declaredBodyLength) {
        stop();
    }

    private void onLogon() {
        final boolean credentialsOk = config.username() == null
                || (config.username().equals(text(553)) && config.password().equals(text(554)));
        if (!credentialsOk || !config.targetCompId().equals(text(49)) || !config.senderCompId().equals(text(56))) {
            sendAdmin("5", FixVenueMessages.field(58, credentialsOk ? "Unknown CompID" : "Invalid username or password"));
            stop();
            return;
        }
        final boolean reset = "Y".equals(text(141));
        if (reset) {
            outbox.reset();
        }
        final int heartBtInt = view.intValue(108);
        heartbeatNs = TimeUnit.SECONDS.toNanos(Math.max(1, heartBtInt));
        sendAdmin("A", FixVenueMessages.field(98, 0) + FixVenueMessages.field(108, heartBtInt)
                + (reset ? FixVenueMessages.field(141, "Y") : ""));
        loggedOn = true;
    }

    /**
     * Answers a MarketDataRequest: a 35=Y (MDReqRejReason 0, unknown symbol) when it names a symbol
     * the market does not trade or none at all, as a venue would; otherwise a 35=W snapshot per
     * symbol, then incremental refreshes of those symbols only.
     */
    private void onMarketDataRequest() {
        if (!loggedOn || marketData != null) {
            return;
        }
        final String requestId = text(262);
        final Set<String> requested = new LinkedHashSet<>();
        for (int i = 0; i < view.fieldCount(); i++) {
            if (view.tagAt(i) == 55) {
                requested.add(view.buffer().getStringWithoutLengthAscii(view.valueOffsetAt(i), view.valueLengthAt(i)));
            }
        }
        final List<String> unknown = requested.stream().filter(s -> !SyntheticMarket.symbols().contains(s)).toList();
        if (requested.isEmpty() || !unknown.isEmpty()) {
            sendApp("Y", FixVenueMessages.field(262, requestId) + FixVenueMessages.field(281, 0)
                    + FixVenueMessages.field(58, (requested.isEmpty() ? "No symbol requested" : "Unknown symbol " + unknown)
                            + "; this venue trades " + SyntheticMarket.symbols()));
            return;
        }
        mdReqId = requestId;
        for (String symbol : requested) {
            final MarketEvent top = topOfBook.apply(symbol);
            sendApp("W", FixVenueMessages.field(262, mdReqId) + FixVenueMessages.field(55, symbol)
                    + FixVenueMessages.field(268, 2)
                    + FixVenueMessages.field(269, 0) + FixVenueMessages.field(270, top.bidPrice().toPlainString())
                    + FixVenueMessages.field(271, top.bidSize().toPlainString())
                    + FixVenueMessages.field(269, 1) + FixVenueMessages.field(270, top.askPrice().toPlainString())
                    + FixVenueMessages.field(271, top.askSize().toPlainString()));
        }
        symbols = Set.copyOf(requested);
        marketData = new Thread(this::publishLoop, "fix-venue-md");
        marketData.setDaemon(true);
        marketData.start();
    }

    private void publishLoop() {
        final long rate = config.messagesPerSecond();
        final long intervalNs = rate <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        long published = 0;
        while (!stopped) {
            final boolean more = config.totalIncrementals() == 0 || published < config.totalIncrementals();
            final long now = System.nanoTime();
            if (more && now - next >= 0) {
                if (!publisher.test(this)) {
                    return;
                }
                published++;
                next = intervalNs == 0 ? now : next + intervalNs;
            } else {
                if (now - lastSentNs >= heartbeatNs) {
                    sendAdmin("0", "");
                }
                LockSupport.parkNanos(more ? Math.max(10_000, Math.min(next - now, 1_000_000)) : 10_000_000);
            }
        }
    }

    private void resend(long begin, long end) {
        for (byte[] message : outbox.resend(begin, end)) {
            write(message);
        }
    }

    boolean sendApp(String msgType, String body) {
        return sendAppCountingBytes(msgType, body) > 0;
    }

    /** As {@link #sendApp}; returns the message's length in bytes when written, else 0. */
    int sendAppCountingBytes(String msgType, String body) {
        final byte[] message = outbox.next(msgType, body, true);
        return write(message) ? message.length : 0;
    }

    private void sendAdmin(String msgType, String body) {
        if ("5".equals(msgType)) {
            logoutSent = true;
        }
        write(outbox.next(msgType, body, false));
    }

    private boolean write(byte[] message) {
        synchronized (out) {
            if (stopped) {
                return false;
            }
            try {
                out.write(message);
                out.flush();
                lastSentNs = System.nanoTime();
                return true;
            } catch (IOException e) {
                stopped = true;
                return false;
            }
        }
    }

    private String text(int tag) {
        final int i = view.indexOf(tag);
        return i < 0 ? "" : view.buffer().getStringWithoutLengthAscii(view.valueOffsetAt(i), view.valueLengthAt(i));
    }

    /** Ends the connection; the reader sees the socket close. */
    void stop() {
        stopped = true;
        synchronized (out) {
            try {
                out.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
