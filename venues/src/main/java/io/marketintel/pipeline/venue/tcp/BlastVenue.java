package io.marketintel.pipeline.venue.tcp;

import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for benchmarks: renders a block of newline-delimited JSON messages from a
 * {@link SyntheticMarket} once, then writes that block to the client over and over (at a target
 * rate, or as fast as the client reads), so that the venue costs almost no CPU and the pipeline is
 * what is measured. Serves one client. Thread-safe control methods; one serving thread.
 */
public final class BlastVenue implements AutoCloseable {
    private static final int BLOCK_MESSAGES = 4_096;

    private final byte[] block;
    private final int[] messageEnds;
    private final long messagesPerSecond;
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;
    private volatile Socket client;

    /** @param messagesPerSecond 0 for as fast as the client reads */
    public BlastVenue(long seed, long messagesPerSecond) throws IOException {
        final SyntheticMarket market = new SyntheticMarket(seed);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK_MESSAGES * 140);
        messageEnds = new int[BLOCK_MESSAGES];
        for (int i = 0; i < BLOCK_MESSAGES; i++) {
            out.writeBytes(market.next().toJson().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            messageEnds[i] = out.size();
        }
        this.block = out.toByteArray();
        this.messagesPerSecond = messagesPerSecond;
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "blast-venue-" + server.getLocalPort());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public long messagesSent() {
        return sent.get();
    }

    /** Average bytes per message of the rendered block. */
    public double averageMessageBytes() {
        return block.length / (double) BLOCK_MESSAGES;
    }

    private void serve() {
        while (!closed) {
            try (Socket socket = server.accept()) {
                client = socket;
                socket.setTcpNoDelay(true);
                socket.setSendBufferSize(1 << 20);
                blast(socket.getOutputStream());
            } catch (IOException e) {
                // client gone: wait for the next one
            }
        }
    }

    private void blast(OutputStream out) throws IOException {
        final long startNs = System.nanoTime();
        final int chunk = 256; // messages per write at most when rate-limited
        int position = 0;
        while (!closed) {
            if (messagesPerSecond == 0) {
                out.write(block);
                sent.addAndGet(BLOCK_MESSAGES);
                continue;
            }
            final long allowed = Pacing.messagesDue(System.nanoTime() - startNs, messagesPerSecond);
            if (sent.get() >= allowed) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            final int n = (int) Math.min(chunk, Math.min(allowed - sent.get(), BLOCK_MESSAGES - position));
            final int from = position == 0 ? 0 : messageEnds[position - 1];
            final int to = messageEnds[position + n - 1];
            out.write(block, from, to - from);
            sent.addAndGet(n);
            position = (position + n) % BLOCK_MESSAGES;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        final Socket c = client;
        if (c != null) {
            c.close();
        }
    }
}
