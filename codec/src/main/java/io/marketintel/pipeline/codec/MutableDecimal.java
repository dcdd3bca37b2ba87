package io.marketintel.pipeline.codec;

import java.math.BigDecimal;

/**
 * An exact decimal {@code mantissa * 10^exponent}, reused across messages so that the hot path
 * allocates nothing. "27000.50" is held as (2700050, -2): the scale the venue sent is kept.
 *
 * <p>Not thread-safe: each instance belongs to one decoder, on one thread.
 */
public final class MutableDecimal {
    private long mantissa;
    private int exponent;
    private boolean present;

    public long mantissa() {
        return mantissa;
    }

    public int exponent() {
        return exponent;
    }

    /** False until a value is set, and after {@link #clear()}: the venue did not send this field. */
    public boolean isPresent() {
        return present;
    }

    public MutableDecimal set(long mantissa, int exponent) {
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.present = true;
        return this;
    }

    public MutableDecimal set(MutableDecimal other) {
        this.mantissa = other.mantissa;
        this.exponent = other.exponent;
        this.present = other.present;
        return this;
    }

    public void clear() {
        mantissa = 0;
        exponent = 0;
        present = false;
    }

    public boolean isZero() {
        return mantissa == 0;
    }

    /** Allocates: for tests, tools and display, never the hot path. */
    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(mantissa, -exponent);
    }

    @Override
    public String toString() {
        return present ? toBigDecimal().toPlainString() : "<absent>";
    }
}
