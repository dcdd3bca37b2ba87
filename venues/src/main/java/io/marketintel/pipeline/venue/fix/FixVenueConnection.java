package io.marketintel.pipeline.venue.fix;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import io.marketintel.pipeline.venue.MarketEvent;
import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SharedPacer;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
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
    private final Socket socket;
    /** The socket's output; its lock orders the numbering and writing of every message. */
    private final OutputStream out;
    private final Publisher publisher;
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
    /** Refreshes are being sent (on {@link #marketData} or by the pacer). */
    private boolean subscribed;
    /** Sends the refreshes of a paced connection, shared with other venues; null for a thread of its own. */
    private final SharedPacer pacer;

    /**
     * @param publisher sends the next incremental refreshes on this connection
     * @param topOfBook the market's current top of book of a listed symbol, for the snapshot
     */
    FixVenueConnection(FixVenueConfig config, FixVenueOutbox outbox, Socket socket,
            Publisher publisher, Function<String, MarketEvent> topOfBook, SharedPacer pacer) throws IOException {
        this.config = config;
        this.pacer = pacer;
        this.outbox = outbox;
        this.socket = socket;
        this.out = socket.getOutputStream();
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
     * symbol, then incremental refreshes of those symbols only. A snapshot-only request
     * (SubscriptionRequestType 0) gets the snapshots and leaves the subscription as it was.
     */
    private void onMarketDataRequest() {
        final boolean snapshotOnly = "0".equals(text(263));
        if (!loggedOn || (subscribed && !snapshotOnly)) {
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
        if (!snapshotOnly) {
            mdReqId = requestId;
        }
        for (String symbol : requested) {
            final MarketEvent top = topOfBook.apply(symbol);
            sendApp("W", FixVenueMessages.field(262, requestId) + FixVenueMessages.field(55, symbol)
                    + FixVenueMessages.field(268, 2)
                    + FixVenueMessages.field(269, 0) + FixVenueMessages.field(270, top.bidPrice().toPlainString())
                    + FixVenueMessages.field(271, top.bidSize().toPlainString())
                    + FixVenueMessages.field(269, 1) + FixVenueMessages.field(270, top.askPrice().toPlainString())
                    + FixVenueMessages.field(271, top.askSize().toPlainString()));
        }
        if (snapshotOnly) {
            return; // SubscriptionRequestType 0: the books now, the subscription as it was
        }
        symbols = Set.copyOf(requested);
        final Refreshes refreshes = new Refreshes();
        if (pacer != null && config.messagesPerSecond() > 0) {
            pacer.add(refreshes);
            subscribed = true;
            return;
        }
        marketData = new Thread(() -> publishLoop(refreshes), "fix-venue-md");
        marketData.setDaemon(true);
        marketData.start();
        subscribed = true;
    }

    /** The market-data thread of a connection whose refreshes no shared pacer sends. */
    private void publishLoop(Refreshes refreshes) {
        final long rate = config.messagesPerSecond();
        while (refreshes.sendDue(System.nanoTime())) {
            if (refreshes.nothingWasDue) {
                // A millisecond at least, as the other venues pace: what fell due meanwhile goes
                // out together, rather than a wake-up and a write per message at high rates.
                final long untilNextNs = rate <= 0 ? 10_000_000 : 1_000_000_000L / rate;
                LockSupport.parkNanos(Math.max(1_000_000, Math.min(untilNextNs, 10_000_000)));
            }
        }
    }

    /**
     * This connection's incremental refreshes at the configured rate (as fast as the socket takes
     * them at rate 0), and heartbeats when nothing else went out for a heartbeat interval. Driven
     * by the connection's own thread, or by a {@link SharedPacer} with other venues' streams.
     */
    private final class Refreshes implements SharedPacer.Stream {
        private final long rate = config.messagesPerSecond();
        private final long total = config.totalIncrementals();
        private final long startNs = System.nanoTime();
        private long published;
        /** The last call found nothing to send (so the caller may wait). */
        private boolean nothingWasDue;

        /** Sends what is due by {@code nowNs}, a batch at most per write (one batch per call at rate 0). */
        @Override
        public boolean sendDue(long nowNs) {
            nothingWasDue = false;
            while (!stopped) {
                long due = rate <= 0 ? Long.MAX_VALUE : Pacing.messagesDue(nowNs - startNs, rate) + 1 - published;
                if (total > 0) {
                    due = Math.min(due, total - published);
                }
                if (due <= 0) {
                    nothingWasDue = true;
                    if (nowNs - lastSentNs >= heartbeatNs) {
                        sendAdmin("0", "");
                    }
                    return true;
                }
                final int sent = publisher.publish(FixVenueConnection.this, (int) Math.min(due, FixBlastRenderer.MAX_BATCH));
                if (sent < 0) {
                    return false;
                }
                published += sent;
                if (rate <= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private void resend(long begin, long end) {
        for (byte[] message : outbox.resend(begin, end)) {
            write(message, message.length);
        }
    }

    boolean sendApp(String msgType, String body) {
        return sendAppCountingBytes(msgType, body) > 0;
    }

    /** As {@link #sendApp}; returns the message's length in bytes when written, else 0. */
    int sendAppCountingBytes(String msgType, String body) {
        return numberAndWrite(msgType, body, true);
    }

    /**
     * Sends the renderer's next {@code count} messages in one write, numbered in sequence.
     *
     * @return the bytes written, 0 when the connection is gone
     */
    int sendBlast(FixBlastRenderer renderer, int count) {
        synchronized (out) {
            if (stopped) {
                return 0;
            }
            final int length = renderer.render(outbox.take(count), count, System.currentTimeMillis());
            return write(renderer.batch(), length) ? length : 0;
        }
    }

    /** Takes {@code count} MsgSeqNums without sending anything: messages lost on the way, for tests. */
    void loseNextMessages(int count) {
        synchronized (out) {
            outbox.take(count);
        }
    }

    private void sendAdmin(String msgType, String body) {
        if ("5".equals(msgType)) {
            logoutSent = true;
        }
        numberAndWrite(msgType, body, false);
    }

    /**
     * Numbers a message (kept for resends when {@code keep}) and writes it, under one lock: the
     * reader and market-data threads both send, and the client must see the numbers in order.
     *
     * @return the bytes written, 0 when the connection is gone
     */
    private int numberAndWrite(String msgType, String body, boolean keep) {
        synchronized (out) {
            if (stopped) {
                return 0; // a number taken now would be a gap for the next connection
            }
            final byte[] message = outbox.next(msgType, body, keep);
            return write(message, message.length) ? message.length : 0;
        }
    }

    private boolean write(byte[] message, int length) {
        synchronized (out) {
            if (stopped) {
                return false;
            }
            try {
                out.write(message, 0, length);
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

    /**
     * Ends the connection; the reader sees the socket close. The socket is closed without taking
     * the write lock: a writer blocked on a client that stopped reading holds it, and only the
     * close ends its write (with an exception).
     */
    void stop() {
        stopped = true;
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Sends incremental refreshes on a subscribed connection. Called only by that connection's
     * market-data thread; an implementation shared by successive connections must allow a closing
     * connection's thread to still be in it when the next one's starts.
     */
    interface Publisher {
        /**
         * Sends up to {@code due} (at least one) incremental refreshes on {@code connection}.
         *
         * @return how many of the due messages are done (sent, or drawn for other symbols), at
         *     least one; -1 when the connection can no longer send
         */
        int publish(FixVenueConnection connection, int due);
    }
}
