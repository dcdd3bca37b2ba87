package io.marketintel.pipeline.codec.json;

/**
 * Integer arithmetic that turns an exact decimal {@code mantissa * 10^exponent} into a whole
 * number of smaller units (seconds with a fraction into nanoseconds) without a {@code double}:
 * a timestamp such as "1700000000.123456789" keeps every digit. Stateless and thread-safe.
 */
public final class ExactScaling {
    /** Returned when the value does not fit a long, or is not whole when truncation is refused. */
    public static final long NOT_REPRESENTABLE = Long.MIN_VALUE;

    private static final long MAX_DIV_10 = Long.MAX_VALUE / 10;
    // 10^19 exceeds any long, so shifting a mantissa 19 places down always leaves zero.
    private static final int MAX_SHIFT_DIGITS = 18;

    private ExactScaling() {
    }

    /**
     * Returns {@code mantissa * 10^(exponent + unitPowerOfTen)}. Digits below one unit are
     * dropped toward zero if {@code truncate}, otherwise they make the value {@link
     * #NOT_REPRESENTABLE}. {@code mantissa} must not be {@code Long.MIN_VALUE} (the decimal
     * parser never produces it), so a real result never equals the sentinel.
     */
    public static long scale(long mantissa, int exponent, int unitPowerOfTen, boolean truncate) {
        if (mantissa == 0) {
            return 0;
        }
        final long shift = (long) exponent + unitPowerOfTen;
        if (shift > MAX_SHIFT_DIGITS) {
            return NOT_REPRESENTABLE;
        }
        if (shift < -MAX_SHIFT_DIGITS) {
            return truncate ? 0 : NOT_REPRESENTABLE;
        }
        long magnitude = Math.abs(mantissa);
        if (shift >= 0) {
            for (int i = 0; i < shift; i++) {
                if (magnitude > MAX_DIV_10) {
                    return NOT_REPRESENTABLE;
                }
                magnitude *= 10;
            }
        } else {
            long divisor = 1;
            for (int i = 0; i < -shift; i++) {
                divisor *= 10;
            }
            if (!truncate && magnitude % divisor != 0) {
                return NOT_REPRESENTABLE;
            }
            magnitude /= divisor;
        }
        return mantissa < 0 ? -magnitude : magnitude;
    }

    /** The k with {@code 10^k == value}, for the nanoseconds-per-unit of a timestamp unit. */
    static int powerOfTen(long value) {
        int k = 0;
        long v = value;
        while (v > 1 && v % 10 == 0) {
            v /= 10;
            k++;
        }
        if (v != 1) {
            throw new IllegalArgumentException(value + " is not a power of ten");
        }
        return k;
    }
}
