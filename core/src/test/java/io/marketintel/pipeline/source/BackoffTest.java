package io.marketintel.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldDoubleFromTheInitialDelayUpToTheCap() {
        final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), bound -> bound - 1);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(500 * MS);
        assertThat(backoff.ceilingNanos(2)).isEqualTo(1_000 * MS);
        assertThat(backoff.ceilingNanos(3)).isEqualTo(2_000 * MS);
        assertThat(backoff.ceilingNanos(4)).isEqualTo(4_000 * MS);
        assertThat(backoff.ceilingNanos(5)).isEqualTo(5_000 * MS);
        assertThat(backoff.ceilingNanos(1_000)).isEqualTo(5_000 * MS);
    }

    @Test
    void shouldDrawTheDelayFromTheUpperHalfOfTheStep() {
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), bound -> 0).delayNanos(1)).isEqualTo(1_000 * MS);
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), bound -> bound - 1).delayNanos(1)).isEqualTo(2_000 * MS);
        final SplittableRandom random = new SplittableRandom(7);
        final Backoff jittered = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), random::nextLong);
        for (int attempt = 1; attempt < 20; attempt++) {
            final long ceiling = jittered.ceilingNanos(attempt);
            assertThat(jittered.delayNanos(attempt)).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void shouldNotOverflowOnHugeAttemptCounts() {
        final Backoff backoff = Backoff.withRandomJitter(Duration.ofNanos(1), Duration.ofDays(365));
        assertThat(backoff.delayNanos(Integer.MAX_VALUE)).isPositive().isLessThanOrEqualTo(Duration.ofDays(365).toNanos());
    }
}
