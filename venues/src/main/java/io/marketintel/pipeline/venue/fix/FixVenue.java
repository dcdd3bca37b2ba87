package io.marketintel.pipeline.venue.fix;

import io.marketintel.pipeline.venue.LoopbackListener;
import io.marketintel.pipeline.venue.MarketEvent;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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

    private final FixVenueConfig config;
    private final SyntheticMarket market;
    private final LoopbackListener listener;
    private final AtomicLong incrementalsSent = new AtomicLong();
    private final AtomicLong incrementalBytesSent = new AtomicLong();
    private final FixVenueOutbox outbox;
    private volatile boolean closed;
    private volatile FixVenueConnection connection;

    public FixVenue(FixVenueConfig config) throws IOException {
        this.config = config;
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
                final FixVenueConnection c = new FixVenueConnection(config, outbox, socket.getOutputStream(), this::publish,
                        this::topOfBook);
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
     * subscribed symbol as one incremental refresh. Events on other symbols move the market but
     * are not sent.
     */
    private boolean publish(FixVenueConnection c) {
        final MarketEvent e = nextEventOn(c.symbols());
        if (e == null) {
            return true; // nothing on the client's symbols this time
        }
        final StringBuilder body = new StringBuilder();
        body.append(FixVenueMessages.field(262, c.mdReqId()));
        if (e.kind() == MarketEvent.Kind.TRADE) {
            body.append(FixVenueMessages.field(268, 1)).append(FixVenueMessages.field(279, 0))
                    .append(FixVenueMessages.field(269, 2)).append(FixVenueMessages.field(55, e.symbol()))
                    .append(FixVenueMessages.field(270, e.price().toPlainString()))
                    .append(FixVenueMessages.field(271, e.size().toPlainString()))
                    .append(FixVenueMessages.field(1003, e.tradeId()))
                    .append(FixVenueMessages.field(2446, e.buy() ? 1 : 2));
        } else {
            body.append(FixVenueMessages.field(268, 2))
                    .append(FixVenueMessages.field(279, 1)).append(FixVenueMessages.field(269, 0))
                    .append(FixVenueMessages.field(55, e.symbol()))
                    .append(FixVenueMessages.field(270, e.bidPrice().toPlainString()))
                    .append(FixVenueMessages.field(271, e.bidSize().toPlainString()))
                    .append(FixVenueMessages.field(279, 1)).append(FixVenueMessages.field(269, 1))
                    .append(FixVenueMessages.field(55, e.symbol()))
                    .append(FixVenueMessages.field(270, e.askPrice().toPlainString()))
                    .append(FixVenueMessages.field(271, e.askSize().toPlainString()));
        }
        final int bytes = c.sendAppCountingBytes("X", body.toString());
        if (bytes > 0) {
            incrementalsSent.incrementAndGet();
            incrementalBytesSent.addAndGet(bytes);
        }
        return bytes > 0;
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

    /** Closes the live connection without a Logout, as a network failure would. */
    public void dropConnection() {
        final FixVenueConnection c = connection;
        if (c != null) {
            c.stop();
        }
    }
}
