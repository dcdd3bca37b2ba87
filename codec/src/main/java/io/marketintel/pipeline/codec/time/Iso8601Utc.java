package io.marketintel.pipeline.codec.time;

import org.agrona.DirectBuffer;

/**
 * Reads an ISO-8601 / RFC 3339 timestamp with an explicit zone straight from bytes into epoch
 * nanoseconds, with integer arithmetic only: venues send "2014-11-07T08:19:27.028459Z" on every
 * message, and going through {@code Instant.parse} would allocate a String and a parser per
 * message. Accepted: {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of 1 to 9 digits (more are
 * truncated toward the past, as they are below one nanosecond), then {@code Z} or a numeric offset
 * {@code ±HH:MM} / {@code ±HHMM}. A missing zone is refused (it would be a guess), as are leap
 * seconds and impossible dates. Placed outside the JSON package so that other decoders (FIX
 * text times, REST bodies) can share it.
 *
 * <p>Stateless and thread-safe; allocation-free.
 */
public final class Iso8601Utc {
    /** Returned for text that is not a timestamp in the accepted form. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int SHORTEST = "YYYY-MM-DDTHH:MM:SSZ".length();
    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Iso8601Utc() {
    }

    /** Epoch nanoseconds of the {@code length} bytes at {@code offset}, or {@link #INVALID}. */
    public static long parseEpochNanos(DirectBuffer buffer, int offset, int length) {
        if (length < SHORTEST) {
            return INVALID;
        }
        final int year = digits(buffer, offset, 4);
        final int month = digits(buffer, offset + 5, 2);
        final int day = digits(buffer, offset + 8, 2);
        final int hour = digits(buffer, offset + 11, 2);
        final int minute = digits(buffer, offset + 14, 2);
        final int second = digits(buffer, offset + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59
                || hour < 0 || minute < 0 || second < 0
                || buffer.getByte(offset + 4) != '-' || buffer.getByte(offset + 7) != '-'
                || !isDateTimeSeparator(buffer.getByte(offset + 10))
                || buffer.getByte(offset + 13) != ':' || buffer.getByte(offset + 16) != ':'
                || day > daysInMonth(year, month)) {
            return INVALID;
        }
        final int end = offset + length;
        int i = offset + 19;
        long fractionNanos = 0;
        if (buffer.getByte(i) == '.') {
            i++;
            final int fractionStart = i;
            long scale = NANOS_PER_SECOND;
            while (i < end && isDigit(buffer.getByte(i))) {
                if (scale > 1) {
                    scale /= 10;
                    fractionNanos += (buffer.getByte(i) - '0') * scale;
                }
                i++;
            }
            if (i == fractionStart) {
                return INVALID;
            }
        }
        final long offsetSeconds = zoneOffsetSeconds(buffer, i, end);
        if (offsetSeconds == INVALID) {
            return INVALID;
        }
        final long epochSeconds = daysFromCivil(year, month, day) * 86_400L
                + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return epochSeconds * NANOS_PER_SECOND + fractionNanos;
    }

    /** Seconds east of UTC for "Z", "+HH:MM" or "+HHMM" filling {@code [i, end)}; INVALID otherwise. */
    private static long zoneOffsetSeconds(DirectBuffer buffer, int i, int end) {
        if (i >= end) {
            return INVALID;
        }
        final byte b = buffer.getByte(i);
        if (b == 'Z' || b == 'z') {
            return i + 1 == end ? 0 : INVALID;
        }
        if (b != '+' && b != '-') {
            return INVALID;
        }
        final int remaining = end - i - 1;
        final int hours = remaining >= 4 ? digits(buffer, i + 1, 2) : -1;
        final int minutesAt = remaining == 5 && buffer.getByte(i + 3) == ':' ? i + 4 : i + 3;
        final int minutes = remaining == 4 || remaining == 5 ? digits(buffer, minutesAt, 2) : -1;
        if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || minutesAt + 2 != end) {
            return INVALID;
        }
        final long seconds = hours * 3_600L + minutes * 60L;
        return b == '-' ? -seconds : seconds;
    }

    /**
     * Days since 1970-01-01 of a proleptic Gregorian date: shifting the year to start in March
     * puts the leap day last, so each 400-year era has a fixed day count (146,097).
     */
    static long daysFromCivil(int year, int month, int day) {
        final int y = month <= 2 ? year - 1 : year;
        final int era = Math.floorDiv(y, 400);
        final int yearOfEra = y - era * 400;
        final int monthFromMarch = month > 2 ? month - 3 : month + 9;
        final int dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    private static int daysInMonth(int year, int month) {
        final boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    }

    /** The value of {@code count} ASCII digits at {@code i}, or -1 if any is not a digit. */
    private static int digits(DirectBuffer buffer, int i, int count) {
        int value = 0;
        for (int k = 0; k < count; k++) {
            final byte b = buffer.getByte(i + k);
            if (!isDigit(b)) {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static boolean isDateTimeSeparator(byte b) {
        return b == 'T' || b == 't';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
