package io.marketintel.pipeline.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a request for a graceful shutdown, so that the command can close
 * the pipeline (FIX Logout, WebSocket close, sinks flushed) and exit 0, instead of the JVM
 * exiting with 130/143 halfway through. Thread-safe.
 */
final class ShutdownSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch requested = new CountDownLatch(1);

    static ShutdownSignal install() {
        final ShutdownSignal signal = new ShutdownSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (signal.requested.getCount() > 0) {
                    LOG.info("received SIG{}: shutting down gracefully", s.getName());
                }
                signal.requested.countDown();
            });
        }
        return signal;
    }

    void request() {
        requested.countDown();
    }

    /** Waits for a signal, at most {@code timeoutMs} (0 = forever). @return true if signalled */
    boolean await(long timeoutMs) throws InterruptedException {
        if (timeoutMs <= 0) {
            requested.await();
            return true;
        }
        return requested.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
