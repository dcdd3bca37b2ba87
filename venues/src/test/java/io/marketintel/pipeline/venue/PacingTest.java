package io.marketintel.pipeline.venue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void shouldCountWhatIsDueExactlyAtTheStartAndWithinASecond() {
        assertThat(Pacing.messagesDue(0, 1_000)).isZero();
        assertThat(Pacing.messagesDue(999_999, 1_000)).isZero();
        assertThat(Pacing.messagesDue(1_000_000, 1_000)).isEqualTo(1);
        assertThat(Pacing.messagesDue(TimeUnit.MILLISECONDS.toNanos(2_500), 3_400)).isEqualTo(8_500);
    }

    /** elapsed * rate in one product overflowed after 15 minutes at 10 million a second: the venue went quiet. */
    @Test
    void shouldNotOverflowOnLongRunsAtHighRates() {
        final long thirtyDaysNs = TimeUnit.DAYS.toNanos(30);
        assertThat(Pacing.messagesDue(thirtyDaysNs, 10_000_000)).isEqualTo(TimeUnit.DAYS.toSeconds(30) * 10_000_000);
        assertThat(Pacing.messagesDue(TimeUnit.MINUTES.toNanos(16), 10_000_000)).isEqualTo(16L * 60 * 10_000_000);
    }
}
