package io.marketintel.pipeline.time;

import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The real clocks. Epoch nanoseconds come from {@link OffsetEpochNanoClock} (a calibrated offset
 * over {@link System#nanoTime()}), which allocates nothing, unlike {@code Instant.now()}.
 * Thread-safe.
 */
public final class SystemPipelineClock implements PipelineClock {
    static final SystemPipelineClock INSTANCE = new SystemPipelineClock();

    private final OffsetEpochNanoClock epochClock = new OffsetEpochNanoClock();

    private SystemPipelineClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long epochNanos() {
        return epochClock.nanoTime();
    }
}
