package io.marketintel.pipeline.source;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * The one reconnect backoff of the project: exponential from an initial delay, doubling per
 * consecutive failure up to a cap, with "equal jitter" (a delay is uniformly drawn from the upper
 * half of the exponential step) so that many sources failing together do not reconnect in step.
 * The random source is injectable for tests. Thread-safe if the random source is.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final LongUnaryOperator randomBelow;

    /**
     * @param randomBelow returns a uniformly distributed value in {@code [0, bound)} for a bound
     */
    public Backoff(Duration initial, Duration max, LongUnaryOperator randomBelow) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(max.toNanos(), initialNanos);
        this.randomBelow = randomBelow;
    }

    public static Backoff withRandomJitter(Duration initial, Duration max) {
        return new Backoff(initial, max,
                bound -> bound <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
    }

    /** The exponential step before jitter for the given 1-based attempt. */
    public long ceilingNanos(int attempt) {
        long step = initialNanos;
        for (int i = 1; i < attempt && step < maxNanos; i++) {
            step = step > maxNanos / 2 ? maxNanos : step * 2;
        }
        return Math.min(step, maxNanos);
    }

    /** The delay before the given 1-based attempt: in {@code [ceiling/2, ceiling]}. */
    public long delayNanos(int attempt) {
        final long ceiling = ceilingNanos(attempt);
        final long half = ceiling / 2;
        return half + randomBelow.applyAsLong(ceiling - half + 1);
    }
}
