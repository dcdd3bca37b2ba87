package io.marketintel.pipeline.time;

/**
 * The pipeline's two clocks: a monotonic one for timeouts and durations, and an epoch one for
 * timestamps in envelopes. Injectable so that tests drive time (backoff, stale detection)
 * deterministically. Implementations are thread-safe and allocation-free.
 */
public interface PipelineClock {

    /** Monotonic nanoseconds, for deadlines and elapsed times only. */
    long nanoTime();

    /** Nanoseconds since the Unix epoch, for {@code receive_time_ns} and friends. */
    long epochNanos();

    static PipelineClock system() {
        return SystemPipelineClock.INSTANCE;
    }
}
