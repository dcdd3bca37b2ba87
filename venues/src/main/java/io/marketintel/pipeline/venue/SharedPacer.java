package io.marketintel.pipeline.venue;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that paces many venue connections: once a millisecond it asks every registered
 * {@link Stream} to send what has fallen due. A venue per source with a timer thread of its own
 * wakes the machine once a millisecond per source; at 100 paced sources on two cores that took
 * most of the CPU, so the benchmark measured the venues rather than the pipeline.
 *
 * <p>For load generation against clients that read: a stream's write may block, and then every
 * stream waits (a pipeline under backpressure stops reading from all its sources anyway).
 * Thread-safe: streams may be added and removed from any thread.
 */
public final class SharedPacer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPacer.class);
    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A paced connection. */
    public interface Stream {
        /**
         * Sends what is due by {@code nowNs}.
         *
         * @return false when the stream is over (its connection closed), to be dropped
         */
        boolean sendDue(long nowNs);
    }

    private final CopyOnWriteArrayList<Stream> streams = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public SharedPacer() {
        thread = new Thread(this::run, "venue-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    public void add(Stream stream) {
        streams.add(stream);
    }

    public void remove(Stream stream) {
        streams.remove(stream);
    }

    private void run() {
        long nextTickNs = System.nanoTime();
        while (!closed) {
            final long now = System.nanoTime();
            for (Stream stream : streams) {
                boolean more;
                try {
                    more = stream.sendDue(now);
                } catch (RuntimeException e) {
                    // One broken stream must not stop every other venue's.
                    LOG.warn("venue pacer: a stream failed and is dropped", e);
                    more = false;
                }
                if (!more) {
                    streams.remove(stream);
                }
            }
            nextTickNs = Math.max(nextTickNs + TICK_NS, now);
            LockSupport.parkNanos(nextTickNs - System.nanoTime());
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
