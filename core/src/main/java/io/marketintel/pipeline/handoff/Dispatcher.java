package io.marketintel.pipeline.handoff;

import io.marketintel.pipeline.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single consumer of the hand-off: reads encoded envelopes and delivers each to every sink,
 * in order. A sink that cannot take an envelope leaves it in the hand-off (the read is aborted
 * and retried from that sink), which is how backpressure reaches the sources. Sinks are flushed
 * when the hand-off runs empty.
 *
 * <p>Runs on its own thread, started by {@link #start()}; {@link #drainAndStop(long)} is called
 * once, from the pipeline's shutdown, after the sources have stopped.
 */
public final class Dispatcher implements ControlledMessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final int READ_LIMIT = 256;

    private final EnvelopeHandoff handoff;
    private final List<EnvelopeConsumer> consumers = new ArrayList<>();
    private final List<Sink> sinks;
    private final InProcessConsumer inProcess;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(1));
    private volatile boolean running = true;
    private int resumeAt;
    private static final long IDLE_NOTIFY_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private long lastIdleNotifyNs;

    public Dispatcher(EnvelopeHandoff handoff, List<Sink> sinks, InProcessConsumer inProcess) {
        this.handoff = handoff;
        this.sinks = List.copyOf(sinks);
        this.inProcess = inProcess;
        for (Sink sink : this.sinks) {
            consumers.add(new SinkConsumer(sink));
        }
        if (inProcess != null) {
            consumers.add(inProcess);
        }
        this.thread = new Thread(this::run, "pipeline-dispatcher");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True while the dispatcher thread is alive and delivering. */
    public boolean isRunning() {
        return thread.isAlive() && running;
    }

    /** Envelopes delivered to every consumer so far. */
    public long delivered() {
        return delivered.get();
    }

    private void run() {
        while (running) {
            final int read = handoff.read(this, READ_LIMIT);
            if (read > 0) {
                lastIdleNotifyNs = 0;
                idle.reset();
            } else {
                // At once when the hand-off runs empty, then periodically, so that interval
                // policies (journal fsync) are honoured while nothing arrives.
                final long now = System.nanoTime();
                if (lastIdleNotifyNs == 0 || now - lastIdleNotifyNs >= IDLE_NOTIFY_INTERVAL_NS) {
                    notifyIdle();
                    lastIdleNotifyNs = now;
                }
                idle.idle();
            }
        }
    }

    private void notifyIdle() {
        for (EnvelopeConsumer consumer : consumers) {
            try {
                consumer.onIdle();
            } catch (RuntimeException e) {
                LOG.error("sink failed on flush", e);
            }
        }
    }

    @Override
    public Action onMessage(int msgTypeId, MutableDirectBuffer buffer, int index, int length) {
        final int sourceIndex = EnvelopeHandoff.sourceIndexOf(msgTypeId);
        for (int i = resumeAt; i < consumers.size(); i++) {
            if (!consumers.get(i).accept(sourceIndex, buffer, index, length)) {
                resumeAt = i;
                return Action.ABORT;
            }
        }
        resumeAt = 0;
        delivered.lazySet(delivered.get() + 1);
        return Action.CONTINUE;
    }

    /**
     * Delivers what is left in the hand-off (bounded by {@code timeoutMs}), stops the thread, then
     * flushes and closes the sinks.
     */
    public void drainAndStop(long timeoutMs) {
        if (inProcess != null) {
            inProcess.discardWhenFull();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (handoff.usedBytes() > 0 && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.onSpinWait();
        }
        running = false;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (handoff.usedBytes() > 0) {
            LOG.warn("shutdown: {} bytes of envelopes were still in the hand-off after {} ms and were not delivered",
                    handoff.usedBytes(), timeoutMs);
        }
        if (inProcess != null && inProcess.discarded() > 0) {
            LOG.warn("shutdown: the in-process consumer was full; {} envelopes not delivered to it", inProcess.discarded());
        }
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.error("sink {} failed to close cleanly", sink.name(), e);
            }
        }
    }

    private static final class SinkConsumer implements EnvelopeConsumer {
        private static final int LOGGED_FAILURES = 10;
        private final Sink sink;
        private long failures;

        SinkConsumer(Sink sink) {
            this.sink = sink;
        }

        @Override
        public boolean accept(int sourceIndex, DirectBuffer buffer, int offset, int length) {
            try {
                return sink.onEnvelope(buffer, offset, length);
            } catch (RuntimeException e) {
                // A failing sink must not stop the others; the failure is counted and logged.
                if (++failures <= LOGGED_FAILURES) {
                    LOG.error("sink {} failed to take an envelope (failure {}); it is skipped for this envelope",
                            sink.name(), failures, e);
                }
                return true;
            }
        }

        @Override
        public void onIdle() {
            sink.onIdle();
        }
    }
}
