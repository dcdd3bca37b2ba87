package io.marketintel.pipeline.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: for tests and simulations that must observe timeouts
 * and backoff deterministically. Both clocks advance together. Thread-safe.
 */
public final class ManualClock implements PipelineClock {
    private final AtomicLong nanos;
    private final long epochOffsetNanos;

    public ManualClock() {
        this(1_700_000_000_000_000_000L);
    }

    public ManualClock(long startEpochNanos) {
        this.nanos = new AtomicLong(1_000_000_000L);
        this.epochOffsetNanos = startEpochNanos - nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long epochNanos() {
        return nanos.get() + epochOffsetNanos;
    }
}
