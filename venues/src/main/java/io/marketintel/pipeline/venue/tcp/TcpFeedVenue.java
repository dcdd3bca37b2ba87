package io.marketintel.pipeline.venue.tcp;

import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.venue.LoopbackListener;
import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated exchange feed over TCP on loopback: serves a {@link SyntheticMarket} as
 * JSON to whoever connects (newline-delimited, or 2/4-byte length-prefixed), at a controlled
 * rate, one client at a time. Lines the client sends (subscriptions) are recorded. The
 * stream continues across connections (a client that reconnects gets the next message, as from a
 * real feed that kept going). For tests it can drop the connection after a complete message and
 * inject raw bytes (garbage, oversize lines) between messages.
 *
 * <p>Thread-safe: control methods may be called from any thread; one thread serves clients.
 */
public final class TcpFeedVenue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFeedVenue.class);

    private final SyntheticMarket market;
    private final long messagesPerSecond;
    private final long totalMessages;
    private final LoopbackListener listener;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean dropRequested = new AtomicBoolean();
    private final Queue<byte[]> injections = new ConcurrentLinkedQueue<>();
    private final Queue<String> linesReceived = new ConcurrentLinkedQueue<>();
    private final FramingType framing;
    private volatile boolean closed;
    private volatile Socket client;

    /**
     * @param port 0 for any free port
     * @param messagesPerSecond 0 for as fast as the client reads
     * @param totalMessages stop sending (but keep the connection) after this many; 0 for endless
     */
    public TcpFeedVenue(int port, long seed, long messagesPerSecond, long totalMessages) throws IOException {
        this(port, seed, messagesPerSecond, totalMessages, FramingType.LINE);
    }

    public TcpFeedVenue(int port, long seed, long messagesPerSecond, long totalMessages, FramingType framing)
            throws IOException {
        this.framing = framing;
        this.market = new SyntheticMarket(seed);
        this.messagesPerSecond = messagesPerSecond;
        this.totalMessages = totalMessages;
        this.listener = new LoopbackListener(port);
        this.listener.start("tcp-venue", this::serve);
    }

    public int port() {
        return listener.port();
    }

    public String endpoint() {
        return listener.endpoint();
    }

    /** Messages of the market written so far (across connections). */
    public long messagesSent() {
        return sent.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Newline-terminated lines the clients sent so far (subscriptions), in order. */
    public java.util.List<String> linesReceived() {
        return java.util.List.copyOf(linesReceived);
    }

    /** Closes the current connection after the message being written. */
    public void dropConnection() {
        dropRequested.set(true);
    }

    /** Writes these bytes as they are, between two messages. */
    public void inject(byte[] raw) {
        injections.add(raw);
    }

    public void inject(String raw) {
        inject(raw.getBytes(StandardCharsets.UTF_8));
    }

    private void serve() {
        while (!closed) {
            try (Socket socket = listener.accept()) {
                client = socket;
                connections.incrementAndGet();
                socket.setTcpNoDelay(true);
                dropRequested.set(false);
                startReader(socket);
                stream(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)));
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("venue {}: client gone: {}", port(), e.getMessage());
                }
            } finally {
                client = null;
            }
        }
    }

    private void startReader(Socket socket) {
        final Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    linesReceived.add(line);
                }
            } catch (IOException e) {
                // the connection is gone; the serving thread notices on its own
            }
        }, "tcp-venue-reader-" + port());
        reader.setDaemon(true);
        reader.start();
    }

    private void stream(DataOutputStream out) throws IOException {
        final long startNs = System.nanoTime();
        long sentThisConnection = 0;
        while (!closed) {
            if (dropRequested.getAndSet(false)) {
                out.flush();
                return;
            }
            byte[] raw;
            while ((raw = injections.poll()) != null) {
                out.write(raw);
            }
            final boolean exhausted = totalMessages > 0 && sent.get() >= totalMessages;
            if (exhausted || (messagesPerSecond > 0 && sentThisConnection >= allowedSince(startNs))) {
                out.flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            writeFrame(out, market.next().toJson().getBytes(StandardCharsets.UTF_8));
            sent.incrementAndGet();
            sentThisConnection++;
            if (messagesPerSecond == 0 && (sentThisConnection & 63) == 0) {
                out.flush();
            }
        }
    }

    private void writeFrame(DataOutputStream out, byte[] message) throws IOException {
        switch (framing) {
            case LINE -> {
                out.write(message);
                out.write('\n');
            }
            case LENGTH_PREFIX_2 -> {
                out.writeShort(message.length);
                out.write(message);
            }
            case LENGTH_PREFIX_4 -> {
                out.writeInt(message.length);
                out.write(message);
            }
        }
    }

    private long allowedSince(long startNs) {
        return Pacing.messagesDue(System.nanoTime() - startNs, messagesPerSecond) + 1;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        final Socket c = client;
        if (c != null) {
            c.close();
        }
        listener.close();
    }
}
