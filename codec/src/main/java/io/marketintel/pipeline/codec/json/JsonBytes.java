package io.marketintel.pipeline.codec.json;

import io.marketintel.pipeline.codec.AsciiSwar;
import io.marketintel.pipeline.codec.UncheckedReads;
import org.agrona.DirectBuffer;

/**
 * The byte scans {@link JsonTokenizer} does on every string and number, eight bytes per step
 * with SWAR arithmetic on a {@code long}: a byte-at-a-time loop over a bounds-checked buffer was
 * the largest part of the decode profile (one bounds check and one compare chain per byte; here
 * one bounds check and a few ALU operations per eight bytes). Stateless and thread-safe.
 *
 * <p>Words are read little-endian on every host so that the lowest address is the lowest byte:
 * the first flagged byte is then the lowest set bit, found with {@link Long#numberOfTrailingZeros}.
 * Public for the venue dialects' shape-specific fast paths, which scan strings and digits the
 * same way without going through the tokenizer.
 */
public final class JsonBytes {
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long QUOTES = 0x2222_2222_2222_2222L;
    private static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;
    private static final long SPACES = 0x2020_2020_2020_2020L;

    private JsonBytes() {
    }

    /**
     * Index of the first byte in {@code [from, to)} that ends the plain run of a string: {@code
     * '"'}, {@code '\'} or a control byte (below 0x20); {@code to} if there is none.
     */
    public static int stringSpecial(DirectBuffer buffer, int from, int to) {
        if (from >= to) {
            return to;
        }
        // One range check, then unchecked reads: a check per word cost as much as the scan.
        buffer.boundsCheck(from, to - from);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            final long flags = stringSpecialFlags(UncheckedReads.longLittleEndian(array, address + i));
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        if (i < to && i <= buffer.capacity() - Long.BYTES) {
            // Fewer than eight bytes of the range left, but the buffer goes on: read a whole word
            // and ignore the flags of the bytes past the range (they are not the caller's).
            final long flags = stringSpecialFlags(UncheckedReads.longLittleEndian(array, address + i))
                    & (-1L >>> ((Long.BYTES - (to - i)) << 3));
            return flags != 0 ? i + (Long.numberOfTrailingZeros(flags) >>> 3) : to;
        }
        for (; i < to; i++) {
            final byte b = UncheckedReads.byteAt(array, address + i);
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
                return i;
            }
        }
        return to;
    }

    /** Index of the first byte in {@code [from, to)} that is not an ASCII digit; {@code to} if none. */
    public static int nonDigit(DirectBuffer buffer, int from, int to) {
        if (from >= to) {
            return to;
        }
        buffer.boundsCheck(from, to - from);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            final long flags = AsciiSwar.nonDigitFlags(UncheckedReads.longLittleEndian(array, address + i));
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        for (; i < to; i++) {
            final byte b = UncheckedReads.byteAt(array, address + i);
            if (b < '0' || b > '9') {
                return i;
            }
        }
        return to;
    }

    /**
     * The high bit of each byte lane that is '"', '\' or below 0x20. The classic "has zero byte"
     * test, {@code (x - 0x01..) & ~x & 0x80..}, on the word XORed with the byte looked for; and
     * {@code (x - 0x20..) & ~x & 0x80..} for control bytes (bytes from 0x80 up are excluded by
     * {@code ~x}). A borrow can only run upward from a lane that is truly flagged, so lanes above
     * the first flagged one may be false positives but the lowest flagged lane is always exact,
     * which is all the callers use.
     */
    public static long stringSpecialFlags(long word) {
        final long quote = word ^ QUOTES;
        final long backslash = word ^ BACKSLASHES;
        return (((quote - ONES) & ~quote)
                | ((backslash - ONES) & ~backslash)
                | ((word - SPACES) & ~word)) & HIGHS;
    }
}
