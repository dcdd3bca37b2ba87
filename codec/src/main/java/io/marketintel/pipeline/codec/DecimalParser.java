package io.marketintel.pipeline.codec;

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
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final DecimalParseResult[] RESULTS = DecimalParseResult.values();

    private DecimalParser() {
    }

    /**
     * Parses {@code length} bytes at {@code offset}. On {@link DecimalParseResult#OK} the value
     * is in {@code out}; otherwise {@code out} is cleared.
     */
    public static DecimalParseResult parse(DirectBuffer buffer, int offset, int length, MutableDecimal out) {
        if (length <= 0) {
            out.clear();
            return DecimalParseResult.EMPTY;
        }
        final long scanned = scan(buffer, offset, offset + length, out);
        if (end(scanned) != offset + length) {
            // Stopped at a byte that cannot be part of a decimal: the text as a whole is not one.
            out.clear();
            return DecimalParseResult.MALFORMED;
        }
        return result(scanned);
    }

    /**
     * Parses the decimal that starts at {@code offset} and runs to the first byte that cannot
     * continue it (or to {@code limit}), and returns that byte's index: for callers that find
     * where a value ends while parsing it, such as a JSON string whose closing quote must follow,
     * so that the bytes are read once. {@code out} holds the value when there was a valid decimal
     * there (see {@link MutableDecimal#isPresent()}); it is cleared when there was none (no
     * digits, an exponent marker without digits) or it overflowed. The bytes before the index
     * returned are all digits, signs, points or exponent markers.
     */
    public static int parsePrefix(DirectBuffer buffer, int offset, int limit, MutableDecimal out) {
        // The fast path first, without packing a result: callers parse many of these per frame.
        final int plainEnd = parsePlain(buffer, offset, limit, out);
        return plainEnd >= 0 ? plainEnd : end(scanGeneral(buffer, offset, limit, out));
    }

    /**
     * The one parser behind {@link #parse} and {@link #parsePrefix}: the outcome's ordinal in the
     * high half of the result and the index where the number stopped in the low half (a long
     * rather than an object, to allocate nothing).
     */
    private static long scan(DirectBuffer buffer, int offset, int limit, MutableDecimal out) {
        final int plainEnd = parsePlain(buffer, offset, limit, out);
        return plainEnd >= 0 ? scanned(DecimalParseResult.OK, plainEnd) : scanGeneral(buffer, offset, limit, out);
    }

    /** Byte by byte, every form: what {@link #parsePlain} leaves, and where it cannot read whole words. */
    private static long scanGeneral(DirectBuffer buffer, int offset, int limit, MutableDecimal out) {
        out.clear();
        int i = offset;
        boolean negative = false;
        byte b = i < limit ? buffer.getByte(i) : 0;
        if (b == '-' || b == '+') {
            negative = b == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean seenPoint = false;
        boolean overflow = false;
        for (; i < limit; i++) {
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
            return scanned(DecimalParseResult.MALFORMED, i);
        }
        long exponent = -fractionDigits;
        if (i < limit && ((b = buffer.getByte(i)) == 'e' || b == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < limit && ((b = buffer.getByte(i)) == '-' || b == '+')) {
                expNegative = b == '-';
                i++;
            }
            final int expStart = i;
            long expValue = 0;
            for (; i < limit && (b = buffer.getByte(i)) >= '0' && b <= '9'; i++) {
                if (expValue < MAX_EXPONENT_DIGITS_VALUE) {
                    expValue = expValue * 10 + (b - '0');
                }
            }
            if (i == expStart) {
                return scanned(DecimalParseResult.MALFORMED, i);
            }
            exponent += expNegative ? -expValue : expValue;
        }
        if (overflow || exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
            return scanned(DecimalParseResult.OVERFLOW, i);
        }
        out.set(negative ? -mantissa : mantissa, (int) exponent);
        return scanned(DecimalParseResult.OK, i);
    }

    /**
     * The fast path for what venues send most: up to sixteen bytes of plain digits with at most
     * one point and no sign or exponent ("1.08010", "27000.5", "0.00240000", "16850.00000000"),
     * read as two words whose digits are found, squeezed past the point and converted with SWAR.
     * Returns the index after the number, or -1, leaving {@code out} alone, for anything else
     * (longer, signed, an exponent, a second point, nothing numeric), which the general loop then
     * parses and reports, as it does when the buffer is shorter than one word from {@code offset}.
     * A second word that would run past the buffer is read as the buffer's last word, shifted
     * down, so that a number at the very end of a frame's buffer stays on this path. Sixteen
     * digits cannot overflow.
     */
    private static int parsePlain(DirectBuffer buffer, int offset, int limit, MutableDecimal out) {
        final int available = limit - offset;
        // Written so that no sum can overflow: the word must lie in the buffer for any offset.
        if (available <= 0 || offset < 0 || offset > buffer.capacity() - Long.BYTES) {
            return -1;
        }
        // Unchecked: the word lies in the buffer, as just checked (and the second one below).
        final long first = UncheckedReads.longLittleEndian(buffer.byteArray(), buffer.addressOffset() + offset);
        // Exact per-lane flags: which bytes are points, and which end the run of digits and points.
        final long firstPoints = AsciiSwar.equalFlags(first, POINTS);
        final long firstStops = runStops(first, firstPoints, available);
        if (firstStops != 0) {
            return oneWord(first, firstPoints, firstStops, offset, available, out);
        }
        // Split in small methods so that this dispatch, and the hot case, inline into callers.
        final long second = secondWord(buffer, offset + Long.BYTES);
        return firstPoints != 0
                ? pointInFirstWord(first, firstPoints, second, offset, available, out)
                : pointInSecondWord(first, second, offset, available, out);
    }

    /** A number that ends inside the first word ({@code firstStops} flags where). */
    private static int oneWord(long first, long firstPoints, long firstStops, int offset, int available, MutableDecimal out) {
        final int length = Long.numberOfTrailingZeros(firstStops) >>> 3;
        final long points = firstPoints & AsciiSwar.lowBytes(length);
        if (length == 0 || Long.bitCount(points) > 1 || isExponent(first, length, available)) {
            return -1;
        }
        // With at most one point, the bytes left once it is squeezed out are all digits.
        final int point = Long.numberOfTrailingZeros(points) >>> 3; // 8 when there is none
        final int digits = points != 0 ? length - 1 : length;
        if (digits == 0) {
            return -1;
        }
        final long digitBytes = squeeze(first & AsciiSwar.lowBytes(length), point);
        out.set(AsciiSwar.parseDigits(digitBytes, digits), points != 0 ? point + 1 - length : 0);
        return offset + length;
    }

    /** The two-word case whose first word is eight digits: a point, if any, is in the second. */
    private static int pointInSecondWord(long first, long second, int offset, int available, MutableDecimal out) {
        final long secondAllPoints = AsciiSwar.equalFlags(second, POINTS);
        final long secondStops = runStops(second, secondAllPoints, available - Long.BYTES);
        if (secondStops == 0) {
            return -1;
        }
        final int secondLength = Long.numberOfTrailingZeros(secondStops) >>> 3;
        final long secondPoints = secondAllPoints & AsciiSwar.lowBytes(secondLength);
        if (Long.bitCount(secondPoints) > 1 || isExponent(second, secondLength, available - Long.BYTES)) {
            return -1;
        }
        final int secondPoint = Long.numberOfTrailingZeros(secondPoints) >>> 3;
        final int secondDigits = secondPoints != 0 ? secondLength - 1 : secondLength;
        final long high = AsciiSwar.parseDigits(first, Long.BYTES);
        out.set(secondDigits == 0 ? high : high * POWERS_OF_TEN[secondDigits] + AsciiSwar.parseDigits(
                squeeze(second & AsciiSwar.lowBytes(secondLength), secondPoint), secondDigits),
                secondPoints != 0 ? secondPoint + 1 - secondLength : 0);
        return offset + Long.BYTES + secondLength;
    }

    /**
     * The two-word case whose point is in the first word, as venues write most prices and
     * quantities ("16850.00000000", "0.01234567"). A point in the second word is then simply a
     * byte that stops the run: stopping at a point (a second one) or an exponent marker is left
     * to the general loop. The seven digits left once the first word's point is squeezed out
     * are topped up with the second word's first byte, so that one whole eight-digit word and
     * one shorter one are converted.
     */
    private static int pointInFirstWord(
            long first, long firstPoints, long second, int offset, int available, MutableDecimal out) {
        final long secondStops = runStops(second, 0, available - Long.BYTES);
        if ((firstPoints & (firstPoints - 1)) != 0 || secondStops == 0) {
            return -1; // two points in the first word, or more than sixteen bytes
        }
        final int secondLength = Long.numberOfTrailingZeros(secondStops) >>> 3;
        if (secondLength < available - Long.BYTES) {
            final int stop = (int) (second >>> (secondLength << 3)) & 0xFF;
            if (stop == '.' || stop == 'e' || stop == 'E') {
                return -1;
            }
        }
        final int point = Long.numberOfTrailingZeros(firstPoints) >>> 3;
        // squeeze(first, point) without its branches: the point is known to be in this word.
        final long below = AsciiSwar.lowBytes(point);
        final long sevenDigits = (first & below) | ((first >>> 8) & ~below);
        final long mantissa;
        if (secondLength == 0) {
            mantissa = AsciiSwar.parseDigits(sevenDigits, Long.BYTES - 1);
        } else {
            final int rest = secondLength - 1;
            mantissa = AsciiSwar.parseDigits(sevenDigits | second << 56, Long.BYTES) * POWERS_OF_TEN[rest]
                    + AsciiSwar.parseDigits(second >>> 8, rest);
        }
        out.set(mantissa, -(Long.BYTES - 1 - point + secondLength));
        return offset + Long.BYTES + secondLength;
    }

    /**
     * The word at {@code at}; when fewer than eight bytes of the buffer are left there, the
     * buffer's last word shifted down so that the missing bytes read as zero (not digits).
     * The caller guarantees a readable word just before {@code at}.
     */
    private static long secondWord(DirectBuffer buffer, int at) {
        final int capacity = buffer.capacity();
        if (at <= capacity - Long.BYTES) {
            return UncheckedReads.longLittleEndian(buffer.byteArray(), buffer.addressOffset() + at);
        }
        final int missing = at + Long.BYTES - capacity;
        if (missing >= Long.BYTES) {
            return 0; // a shift by 64 would be none
        }
        return UncheckedReads.longLittleEndian(buffer.byteArray(), buffer.addressOffset() + capacity - Long.BYTES)
                >>> (missing << 3);
    }

    /**
     * The high bit of each lane of {@code word} that ends a run of digits and points ({@code
     * points} flags the points): any other byte, and every byte at or past {@code available}
     * (those are not the caller's).
     */
    private static long runStops(long word, long points, int available) {
        final long stops = AsciiSwar.nonDigitFlags(word) & ~points;
        return available >= Long.BYTES ? stops : stops | (HIGHS & ~AsciiSwar.lowBytes(Math.max(available, 0)));
    }

    /** Whether the run of {@code length} bytes ends, inside the range, at an exponent marker. */
    private static boolean isExponent(long word, int length, int available) {
        if (length >= available) {
            return false;
        }
        final int stop = (int) (word >>> (length << 3)) & 0xFF;
        return stop == 'e' || stop == 'E';
    }

    /** {@code text} with the byte at {@code point} removed and the bytes above it moved down (as is when past 7). */
    private static long squeeze(long text, int point) {
        if (point >= Long.BYTES) {
            return text;
        }
        final long after = point + 1 < Long.BYTES ? text >>> ((point + 1) << 3) : 0;
        return (text & AsciiSwar.lowBytes(point)) | (after << (point << 3));
    }

    private static long scanned(DecimalParseResult result, int end) {
        return ((long) result.ordinal() << 32) | (end & 0xFFFF_FFFFL);
    }

    private static int end(long scanned) {
        return (int) scanned;
    }

    private static DecimalParseResult result(long scanned) {
        return RESULTS[(int) (scanned >>> 32)];
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
