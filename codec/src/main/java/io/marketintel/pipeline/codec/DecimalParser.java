package io.marketintel.pipeline.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one decimal parser of the project: text as venues send it ("27000.50", "0.00100000",
 * "-3", "1e-8", "1.5E+3", "+7", "00012") straight from bytes into an exact mantissa/exponent.
 *
 * <p>The scale written is kept ("27000.50" gives 2700050e-2). Leading zeros do not count as
 * significant digits; more significant digits than an int64 holds is {@link
 * DecimalParseResult#OVERFLOW}, never a silent rounding. Stateless and thread-safe; the
 * {@link #parse(DirectBuffer, int, int, MutableDecimal)} path allocates nothing.
 */
public final class DecimalParser {
    private static final long MAX_MANTISSA_DIV_10 = Long.MAX_VALUE / 10;
    // Past int32 either way; capping keeps the long accumulator from overflowing on absurd input.
    private static final long MAX_EXPONENT_DIGITS_VALUE = 100_000_000_000L;

    private static final long POINTS = AsciiSwar.broadcast((byte) '.');

    private DecimalParser() {
    }

    /**
     * Parses {@code length} bytes at {@code offset}. On {@link DecimalParseResult#OK} the value
     * is in {@code out}; otherwise {@code out} is cleared.
     */
    public static DecimalParseResult parse(DirectBuffer buffer, int offset, int length, MutableDecimal out) {
        out.clear();
        if (length <= 0) {
            return DecimalParseResult.EMPTY;
        }
        if (length <= Long.BYTES && offset + Long.BYTES <= buffer.capacity()
                && parsePlain(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN), length, out)) {
            return DecimalParseResult.OK;
        }
        int i = offset;
        final int end = offset + length;
        boolean negative = false;
        byte b = buffer.getByte(i);
        if (b == '-' || b == '+') {
            negative = b == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean overflow = false;
        for (; i < end; i++) {
            b = buffer.getByte(i);
            if (b >= '0' && b <= '9') {
                digits++;
                final int d = b - '0';
                if (mantissa > MAX_MANTISSA_DIV_10 || (mantissa == MAX_MANTISSA_DIV_10 && d > 7)) {
                    overflow = true;
                } else {
                    mantissa = mantissa * 10 + d;
                }
                if (seenPoint) {
                    fractionDigits++;
                }
            } else if (b == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return DecimalParseResult.MALFORMED;
        }
        long exponent = -fractionDigits;
        if (i < end) {
            b = buffer.getByte(i);
            if (b != 'e' && b != 'E') {
                return DecimalParseResult.MALFORMED;
            }
            i++;
            if (i == end) {
                return DecimalParseResult.MALFORMED;
            }
            boolean expNegative = false;
            b = buffer.getByte(i);
            if (b == '-' || b == '+') {
                expNegative = b == '-';
                i++;
            }
            if (i == end) {
                return DecimalParseResult.MALFORMED;
            }
            long expValue = 0;
            for (; i < end; i++) {
                b = buffer.getByte(i);
                if (b < '0' || b > '9') {
                    return DecimalParseResult.MALFORMED;
                }
                if (expValue < MAX_EXPONENT_DIGITS_VALUE) {
                    expValue = expValue * 10 + (b - '0');
                }
            }
            exponent += expNegative ? -expValue : expValue;
        }
        if (overflow) {
            return DecimalParseResult.OVERFLOW;
        }
        if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
            return DecimalParseResult.OVERFLOW;
        }
        out.set(negative ? -mantissa : mantissa, (int) exponent);
        return DecimalParseResult.OK;
    }

    /**
     * The fast path for what venues send most, up to eight bytes of plain digits with at most one
     * point and no sign or exponent ("1.08010", "1000000", "27000.5"): one word read, the point
     * squeezed out and the digits converted with SWAR. Returns false, leaving {@code out} alone,
     * for anything else, which the general loop then parses (and reports) as before. Eight digits
     * cannot overflow.
     */
    private static boolean parsePlain(long word, int length, MutableDecimal out) {
        final long text = length == Long.BYTES ? word : word & AsciiSwar.lowBytes(length);
        final int point = AsciiSwar.firstIndexOf(text, POINTS); // bytes past the text are zero
        long digitBytes = text;
        int digits = length;
        if (point < length) {
            final long after = point + 1 < Long.BYTES ? text >>> ((point + 1) << 3) : 0;
            digitBytes = (text & AsciiSwar.lowBytes(point)) | (after << (point << 3));
            digits = length - 1;
        }
        if (digits == 0 || !AsciiSwar.isDigits(digitBytes, digits)) {
            return false;
        }
        out.set(AsciiSwar.parseDigits(digitBytes, digits), point < length ? point + 1 - length : 0);
        return true;
    }

    /** Convenience for configuration, tests and tools: allocates, throws on bad input. */
    public static MutableDecimal parse(CharSequence text) {
        final byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        final MutableDecimal out = new MutableDecimal();
        final DecimalParseResult result = parse(new UnsafeBuffer(bytes), 0, bytes.length, out);
        if (result != DecimalParseResult.OK) {
            throw new DecimalFormatException(result, text);
        }
        return out;
    }
}
