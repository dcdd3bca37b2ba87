package io.marketintel.pipeline.venue.tcp;

import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SharedPacer;
import io.marketintel.pipeline.venue.SyntheticMarket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
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
    private final SharedPacer pacer;
    private final ServerSocket server;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;
    private volatile Socket client;

    /** @param messagesPerSecond 0 for as fast as the client reads */
    public BlastVenue(long seed, long messagesPerSecond) throws IOException {
        this(seed, messagesPerSecond, null);
    }

    /**
     * @param messagesPerSecond 0 for as fast as the client reads
     * @param pacer the thread that sends a paced venue's messages, shared with other venues; null
     *     for one of its own
     */
    public BlastVenue(long seed, long messagesPerSecond, SharedPacer pacer) throws IOException {
        this.pacer = pacer;
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
        if (messagesPerSecond == 0) {
            while (!closed) {
                out.write(block);
                sent.addAndGet(BLOCK_MESSAGES);
            }
            return;
        }
        final Paced paced = new Paced(out);
        if (pacer == null) {
            while (paced.sendDue(System.nanoTime())) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return;
        }
        pacer.add(paced);
        try {
            // The pacer's thread writes; this one keeps the connection until the stream is over.
            while (!paced.over.await(100, TimeUnit.MILLISECONDS) && !closed) {
                // check again
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pacer.remove(paced);
        }
    }

    /** One connection at the venue's rate: the block's next messages as they fall due, up to 256 per write. */
    private final class Paced implements SharedPacer.Stream {
        private static final int MAX_MESSAGES_PER_WRITE = 256;
        private final OutputStream out;
        private final long startNs = System.nanoTime();
        private final CountDownLatch over = new CountDownLatch(1);
        private long sentHere;
        private int position;

        Paced(OutputStream out) {
            this.out = out;
        }

        @Override
        public boolean sendDue(long nowNs) {
            if (closed) {
                over.countDown();
                return false;
            }
            try {
                long due = Pacing.messagesDue(nowNs - startNs, messagesPerSecond) - sentHere;
                while (due > 0) {
                    final int n = (int) Math.min(MAX_MESSAGES_PER_WRITE, Math.min(due, BLOCK_MESSAGES - position));
                    final int from = position == 0 ? 0 : messageEnds[position - 1];
                    out.write(block, from, messageEnds[position + n - 1] - from);
                    sent.addAndGet(n);
                    sentHere += n;
                    due -= n;
                    position = (position + n) % BLOCK_MESSAGES;
                }
                return true;
            } catch (IOException e) {
                over.countDown(); // the client is gone
                return false;
            }
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
