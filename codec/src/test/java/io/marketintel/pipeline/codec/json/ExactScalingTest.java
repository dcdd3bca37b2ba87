package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExactScalingTest {
    @Test
    void shouldShiftUpIntoSmallerUnits() {
        assertThat(ExactScaling.scale(1_700_000_000_123L, -3, 9, true)).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(ExactScaling.scale(17, 8, 9, true)).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(ExactScaling.scale(-15, -1, 6, true)).isEqualTo(-1_500_000L);
    }

    @Test
    void shouldTruncateTowardZeroBelowOneUnit() {
        assertThat(ExactScaling.scale(1239, -1, 0, true)).isEqualTo(123);
        assertThat(ExactScaling.scale(-1239, -1, 0, true)).isEqualTo(-123);
        assertThat(ExactScaling.scale(5, -30, 0, true)).isZero();
    }

    @Test
    void shouldRefuseFractionsWhenTruncationIsNotAllowed() {
        assertThat(ExactScaling.scale(45, -1, 0, false)).isEqualTo(ExactScaling.NOT_REPRESENTABLE);
        assertThat(ExactScaling.scale(40, -1, 0, false)).isEqualTo(4);
        assertThat(ExactScaling.scale(5, -30, 0, false)).isEqualTo(ExactScaling.NOT_REPRESENTABLE);
    }

    @Test
    void shouldReportOverflowInsteadOfWrapping() {
        assertThat(ExactScaling.scale(Long.MAX_VALUE, 0, 0, true)).isEqualTo(Long.MAX_VALUE);
        assertThat(ExactScaling.scale(Long.MAX_VALUE / 10 + 1, 1, 0, true)).isEqualTo(ExactScaling.NOT_REPRESENTABLE);
        assertThat(ExactScaling.scale(1, 19, 0, true)).isEqualTo(ExactScaling.NOT_REPRESENTABLE);
        assertThat(ExactScaling.scale(0, 1_000_000, 9, true)).isZero();
    }

    @Test
    void shouldFindThePowerOfTenOfEachTimestampUnit() {
        assertThat(ExactScaling.powerOfTen(TimestampUnit.SECONDS.nanosPerUnit())).isEqualTo(9);
        assertThat(ExactScaling.powerOfTen(TimestampUnit.MILLISECONDS.nanosPerUnit())).isEqualTo(6);
        assertThat(ExactScaling.powerOfTen(TimestampUnit.MICROSECONDS.nanosPerUnit())).isEqualTo(3);
        assertThat(ExactScaling.powerOfTen(TimestampUnit.NANOSECONDS.nanosPerUnit())).isZero();
        assertThatThrownBy(() -> ExactScaling.powerOfTen(60)).isInstanceOf(IllegalArgumentException.class);
    }
}
