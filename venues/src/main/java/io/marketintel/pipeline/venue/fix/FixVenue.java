package io.marketintel.pipeline.venue.fix;

import io.marketintel.pipeline.venue.LoopbackListener;
import io.marketintel.pipeline.venue.MarketEvent;
import io.marketintel.pipeline.venue.SharedPacer;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated FIX 4.4 acceptor on loopback, built on our codec, for the demo, tests and
 * benchmarks: accepts a Logon (checking Username/Password when configured, answering ResetSeqNumFlag),
 * answers a MarketDataRequest with a 35=W snapshot and then 35=X incremental refreshes from a
 * seeded {@link SyntheticMarket} at a controlled rate, for the symbols asked for (a request naming
 * a symbol the market does not trade gets a 35=Y MarketDataRequestReject), heartbeats, answers TestRequests, answers ResendRequests with PossDup resends of its
 * recent messages (older ones and session messages are gap-filled), and Logout both ways. One
 * client at a time; the market and the outgoing sequence carry on across connections unless the
 * client resets them.
 *
 * <p>Thread-safe: one thread accepts and reads, one sends market data per connection; {@link
 * #close()} from any thread.
 */
public final class FixVenue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    /** Bound on the events drawn for one refresh, all on unsubscribed symbols (about never reached). */
    private static final int MAX_DRAWS = 1_000;

    /** Refreshes a {@link #blast} venue renders per connection and replays. */
    private static final int BLAST_BODIES = 4_096;

    private final FixVenueConfig config;
    /** 0 for a venue that formats every message from the market as it goes. */
    private final int blastBodies;
    // The blast renderer and the connection it was made for, guarded by publishBlast's lock: a
    // closing connection's market-data thread may still be in it when the next one starts.
    private FixVenueConnection blastFor;
    private FixBlastRenderer blast;
    private final SyntheticMarket market;
    private final LoopbackListener listener;
    private final AtomicLong incrementalsSent = new AtomicLong();
    private final AtomicLong incrementalBytesSent = new AtomicLong();
    private final FixVenueOutbox outbox;
    private final SharedPacer pacer;
    private volatile boolean closed;
    private volatile FixVenueConnection connection;

    public FixVenue(FixVenueConfig config) throws IOException {
        this(config, 0, null);
    }

    /**
     * A load generator for benchmarks: once a client subscribes, the market's next {@value
     * #BLAST_BODIES} refreshes on its symbols are rendered once and replayed in a loop, with only
     * MsgSeqNum, SendingTime, BodyLength and CheckSum written per message, up to {@value
     * FixBlastRenderer#MAX_BATCH} messages per socket write (as the TCP and WebSocket blast venues
     * do), so that the venue's formatting does not take the CPU the pipeline is measured on. The
     * session behaves as usual, except that a ResendRequest for market data is answered with a
     * gap fill.
     */
    public static FixVenue blast(FixVenueConfig config) throws IOException {
        return new FixVenue(config, BLAST_BODIES, null);
    }

    /**
     * As {@link #blast(FixVenueConfig)}; at a configured rate the refreshes are sent by {@code
     * pacer}, one thread shared with other venues, rather than by a thread per connection.
     */
    public static FixVenue blast(FixVenueConfig config, SharedPacer pacer) throws IOException {
        return new FixVenue(config, BLAST_BODIES, pacer);
    }

    private FixVenue(FixVenueConfig config, int blastBodies, SharedPacer pacer) throws IOException {
        this.config = config;
        this.pacer = pacer;
        this.blastBodies = blastBodies;
        this.market = new SyntheticMarket(config.seed());
        this.outbox = new FixVenueOutbox(config);
        this.listener = new LoopbackListener(config.port());
        this.listener.start("fix-venue", this::serve);
    }

    public int port() {
        return listener.port();
    }

    public String endpoint() {
        return listener.endpoint();
    }

    /** Incremental refreshes sent so far (resends not counted). */
    public long incrementalsSent() {
        return incrementalsSent.get();
    }

    /** Bytes of the incremental refreshes sent so far, whole messages from 8= through 10=. */
    public long incrementalBytesSent() {
        return incrementalBytesSent.get();
    }

    private void serve() {
        while (!closed) {
            try (Socket socket = listener.accept()) {
                socket.setTcpNoDelay(true);
                final FixVenueConnection c = new FixVenueConnection(config, outbox, socket, this::publish,
                        this::topOfBook, pacer);
                connection = c;
                read(socket.getInputStream(), c);
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("fix venue {}: connection ended: {}", port(), e.getMessage());
                }
            } finally {
                final FixVenueConnection c = connection;
                if (c != null) {
                    c.stop();
                }
            }
        }
    }

    private static void read(InputStream in, FixVenueConnection c) throws IOException {
        final byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        int n;
        while (!c.isStopped() && (n = in.read(buffer, filled, buffer.length - filled)) >= 0) {
            filled += n;
            final int consumed = c.onBytes(buffer, filled);
            System.arraycopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }
    }

    private MarketEvent topOfBook(String symbol) {
        synchronized (market) {
            return market.topOfBook(symbol);
        }
    }

    /**
     * Called by the market-data thread of a subscribed connection: the market's next event on a
     * subscribed symbol as one incremental refresh (events on other symbols move the market but
     * are not sent), or for a blast venue the next {@code due} pre-rendered refreshes in one write.
     */
    private int publish(FixVenueConnection c, int due) {
        if (blastBodies > 0) {
            return publishBlast(c, due);
        }
        final MarketEvent e = nextEventOn(c.symbols());
        if (e == null) {
            return 1; // nothing on the client's symbols this time
        }
        final int bytes = c.sendAppCountingBytes("X", FixVenueMessages.incrementalRefreshBody(e, c.mdReqId()));
        if (bytes == 0) {
            return -1;
        }
        incrementalsSent.incrementAndGet();
        incrementalBytesSent.addAndGet(bytes);
        return 1;
    }

    private synchronized int publishBlast(FixVenueConnection c, int due) {
        if (c.isStopped()) {
            return -1; // a closing connection's thread, late: not worth rendering for
        }
        if (blastFor != c) {
            // The client's request and symbols are known now: render this connection's refreshes.
            final List<String> bodies = new ArrayList<>(blastBodies);
            for (int i = 0; i < blastBodies; i++) {
                final MarketEvent e = nextEventOn(c.symbols());
                if (e != null) {
                    bodies.add(FixVenueMessages.incrementalRefreshBody(e, c.mdReqId()));
                }
            }
            if (bodies.isEmpty()) {
                LOG.warn("fix venue {}: no market events on {} to blast; not publishing", port(), c.symbols());
                return -1;
            }
            blast = new FixBlastRenderer(config.senderCompId(), config.targetCompId(), bodies);
            blastFor = c;
        }
        final int bytes = c.sendBlast(blast, due);
        if (bytes == 0) {
            return -1;
        }
        incrementalsSent.addAndGet(due);
        incrementalBytesSent.addAndGet(bytes);
        return due;
    }

    /** The next event on one of {@code symbols}, or null after {@value #MAX_DRAWS} events on others. */
    private MarketEvent nextEventOn(Set<String> symbols) {
        synchronized (market) {
            for (int i = 0; i < MAX_DRAWS; i++) {
                final MarketEvent e = market.next();
                if (symbols.contains(e.symbol())) {
                    return e;
                }
            }
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        final FixVenueConnection c = connection;
        if (c != null) {
            c.stop();
        }
        listener.close();
    }

    /**
     * Loses the next {@code count} messages of the live connection: their MsgSeqNums are used up
     * and nothing is sent, as if they were dropped on the way. They are not kept, so a
     * ResendRequest for them is answered with a gap fill, as by a venue that does not store its
     * market data. For tests of gap recovery.
     */
    public void loseNextMessages(int count) {
        final FixVenueConnection c = connection;
        if (c != null) {
            c.loseNextMessages(count);
        }
    }

    /** Closes the live connection without a Logout, as a network failure would. */
    public void dropConnection() {
        final FixVenueConnection c = connection;
        if (c != null) {
            c.stop();
        }
    }
}
