package io.marketintel.pipeline.codec;

/**
 * SWAR (SIMD within a register) helpers for ASCII text held in a {@code long} read little-endian,
 * so that the byte at the lowest address is the lowest byte of the word. Decoders read eight bytes
 * with one bounds-checked {@code getLong} and then find delimiters and convert digits with a few
 * arithmetic steps, instead of one bounds-checked {@code getByte} and one branch per byte.
 * Stateless and thread-safe.
 */
public final class AsciiSwar {
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long ZEROS = 0x3030_3030_3030_3030L;
    private static final long HIGH_NIBBLES = 0xF0F0_F0F0_F0F0_F0F0L;
    private static final long SIXES = 0x0606_0606_0606_0606L;
    private static final long LOWS_7 = 0x7F7F_7F7F_7F7F_7F7FL;
    // Added to a byte's low seven bits, these set its high bit exactly when the byte is >= '0'
    // (0x80 - 0x30) or >= ':' (0x80 - 0x3A); the sum never exceeds 0xFF, so no lane carries.
    private static final long AT_LEAST_ZERO = 0x5050_5050_5050_5050L;
    private static final long AT_LEAST_COLON = 0x4646_4646_4646_4646L;

    private AsciiSwar() {
    }

    /** {@code b} repeated in all eight bytes, for {@link #firstIndexOf}. */
    public static long broadcast(byte b) {
        return (b & 0xFFL) * ONES;
    }

    /**
     * Index (0 to 7) of the first byte of {@code word} equal to the byte {@code pattern} was made
     * from with {@link #broadcast}, or 8 when there is none. Borrows in the zero-byte test run
     * upward, so flags above the first match may be false, but the lowest one is always exact.
     */
    public static int firstIndexOf(long word, long pattern) {
        final long x = word ^ pattern;
        return Long.numberOfTrailingZeros((x - ONES) & ~x & HIGHS) >>> 3;
    }

    /**
     * The high bit of each byte lane of {@code word} that is not '0'..'9'. Exact in every lane
     * (unlike {@link #firstIndexOf}): the additions are done on the low seven bits of each byte,
     * which cannot carry into the next lane, and a byte with its own high bit set (not ASCII) is
     * flagged by OR-ing the word itself in.
     */
    public static long nonDigitFlags(long word) {
        final long low7 = word & LOWS_7;
        return (~(low7 + AT_LEAST_ZERO) | (low7 + AT_LEAST_COLON) | word) & HIGHS;
    }

    /** The high bit of each byte lane of {@code word} equal to the byte of {@code pattern} ({@link #broadcast}); exact in every lane. */
    public static long equalFlags(long word, long pattern) {
        final long x = word ^ pattern;
        // A lane is zero exactly when adding 0x7F to its low seven bits leaves the high bit clear
        // and its own high bit is clear; the low-seven-bit sums cannot carry across lanes.
        return ~(((x & LOWS_7) + LOWS_7) | x | LOWS_7);
    }

    /** Mask of the low {@code n} bytes, 0 to 7. */
    public static long lowBytes(int n) {
        return (1L << (n << 3)) - 1;
    }

    /** True when the low {@code n} (1 to 8) bytes of {@code word} are all ASCII digits. */
    public static boolean isDigits(long word, int n) {
        final long mask = n == 8 ? -1L : lowBytes(n);
        final long bytes = word & mask;
        // '0'..'9' is 0x30..0x39: high nibble 3, and adding 6 must not leave that nibble. The
        // second test runs only on bytes of at most 0x3F, so the additions cannot carry over.
        return (bytes & HIGH_NIBBLES & mask) == (ZEROS & mask)
                && ((bytes + (SIXES & mask)) & HIGH_NIBBLES & mask) == (ZEROS & mask);
    }

    /**
     * The value of the low {@code n} (1 to 8) bytes of {@code word}, which must be digits
     * ({@link #isDigits}), first byte most significant.
     */
    public static int parseDigits(long word, int n) {
        final long mask = n == 8 ? -1L : lowBytes(n);
        // Shift the digits to the top so the unused low bytes read as leading zeros of an
        // eight-digit number, then combine pairs, quads and halves with three multiplications.
        long v = ((word & mask) - (ZEROS & mask)) << ((8 - n) << 3);
        v = (v * 10) + (v >>> 8);
        v = (((v & 0x0000_00FF_0000_00FFL) * (100 + (1_000_000L << 32)))
                + (((v >>> 16) & 0x0000_00FF_0000_00FFL) * (1 + (10_000L << 32)))) >>> 32;
        return (int) v;
    }
}
