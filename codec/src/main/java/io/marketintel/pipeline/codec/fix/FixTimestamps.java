package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.AsciiSwar;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * FIX UTCTimestamp text ({@code YYYYMMDD-HH:MM:SS} with no fraction or {@code .sss},
 * {@code .ssssss}, {@code .sssssssss}, {@code .ssssssssssss}) to epoch nanoseconds, straight from
 * bytes: the hot path cannot afford {@code java.time} parsing and its allocations. Picoseconds
 * (FIX 5.0 SP2 allows them) are truncated to nanoseconds. Leap second 60 is accepted as FIX allows
 * it (it lands on the next second). A time whose epoch nanoseconds do not fit a long (before
 * 1677-09-21 or after 2262-04-11) is {@link #INVALID}. Stateless and thread-safe.
 */
public final class FixTimestamps {
    /** Returned for text that is not a UTCTimestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    // The whole seconds whose nanoseconds may fit a long, 1677-09-21T00:12:43Z to
    // 2262-04-11T23:47:16Z (the division rounds toward zero, hence the -1).
    private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
    private static final long MIN_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND - 1;
    // The colons of "HH:MM:SS" are bytes 2 and 5 of the word read little-endian.
    private static final long COLON_BYTES = (0xFFL << 16) | (0xFFL << 40);
    private static final long COLONS = ((long) ':' << 16) | ((long) ':' << 40);
    private static final long COLONS_TO_ZEROS = ((long) (':' ^ '0') << 16) | ((long) (':' ^ '0') << 40);
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private FixTimestamps() {
    }

    /** Epoch nanoseconds of the timestamp at {@code [offset, offset + length)}, or {@link #INVALID}. */
    public static long parseUtcTimestamp(DirectBuffer buffer, int offset, int length) {
        final int fractionDigits = switch (length) {
            case 17 -> 0;
            case 21 -> 3;
            case 24 -> 6;
            case 27 -> 9;
            case 30 -> 12;
            default -> -1;
        };
        if (fractionDigits < 0 || buffer.getByte(offset + 8) != '-'
                || (fractionDigits > 0 && buffer.getByte(offset + 17) != '.')) {
            return INVALID;
        }
        // YYYYMMDD and HH:MM:SS are one word each: digits checked and converted with SWAR, the
        // colons turned into zeros first (HH0MM0SS), instead of fourteen bounds-checked reads.
        final long date = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final long clock = buffer.getLong(offset + 9, ByteOrder.LITTLE_ENDIAN);
        final long time = clock ^ COLONS_TO_ZEROS;
        if ((clock & COLON_BYTES) != COLONS || !AsciiSwar.isDigits(date, 8) || !AsciiSwar.isDigits(time, 8)) {
            return INVALID;
        }
        final int yyyymmdd = AsciiSwar.parseDigits(date, 8);
        final int hh0mm0ss = AsciiSwar.parseDigits(time, 8);
        final int year = yyyymmdd / 10_000;
        final int month = yyyymmdd / 100 % 100;
        final int day = yyyymmdd % 100;
        final int hour = hh0mm0ss / 1_000_000;
        final int minute = hh0mm0ss / 1_000 % 100;
        final int second = hh0mm0ss % 100;
        // Nanoseconds are the first nine digits; picoseconds beyond them need only be digits.
        final int fraction = fractionDigits == 0 ? 0 : digits(buffer, offset + 18, Math.min(fractionDigits, 9));
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || fraction < 0
                || (fractionDigits > 9 && digits(buffer, offset + 27, fractionDigits - 9) < 0)) {
            return INVALID;
        }
        final long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        if (seconds > MAX_SECONDS || seconds < MIN_SECONDS) {
            return INVALID;
        }
        // Refused rather than wrapped onto another time (year 9999 went negative, 2^64 ns on landed
        // on the same instant). Within those seconds the wrapping arithmetic gives the exact value
        // whenever it fits a long, and it fits exactly when it has the sign of the seconds.
        final long ns = seconds * NANOS_PER_SECOND + fraction * scale(fractionDigits);
        return (ns < 0) == (seconds < 0) ? ns : INVALID;
    }

    private static long scale(int fractionDigits) {
        return switch (fractionDigits) {
            case 3 -> 1_000_000L;
            case 6 -> 1_000L;
            default -> 1L;
        };
    }

    /** The value of {@code count} ASCII digits, or -1 if any is not a digit. */
    private static int digits(DirectBuffer buffer, int offset, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            final int d = buffer.getByte(offset + i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        final boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
    static long epochDay(int year, int month, int day) {
        final int y = month <= 2 ? year - 1 : year;
        final int era = (y >= 0 ? y : y - 399) / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
