package io.marketintel.pipeline.connector.fix;

import org.agrona.MutableDirectBuffer;

/**
 * Writes FIX UTCTimestamps ({@code YYYYMMDD-HH:MM:SS.sss}) from epoch milliseconds straight into a
 * buffer: the session stamps every outgoing message, and {@code java.time} formatting would
 * allocate each time. Stateless and thread-safe.
 */
final class UtcTimestampFormatter {
    static final int LENGTH = 21;

    private UtcTimestampFormatter() {
    }

    /** @return the bytes written, always {@link #LENGTH} */
    static int format(long epochMillis, MutableDirectBuffer buffer, int offset) {
        final long epochDay = Math.floorDiv(epochMillis, 86_400_000L);
        final int millisOfDay = (int) Math.floorMod(epochMillis, 86_400_000L);
        // Civil date from days since 1970-01-01 (Howard Hinnant's days-to-civil).
        final long z = epochDay + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int p = offset;
        p = digits(buffer, p, year, 4);
        p = digits(buffer, p, month, 2);
        p = digits(buffer, p, day, 2);
        buffer.putByte(p++, (byte) '-');
        p = digits(buffer, p, millisOfDay / 3_600_000, 2);
        buffer.putByte(p++, (byte) ':');
        p = digits(buffer, p, millisOfDay / 60_000 % 60, 2);
        buffer.putByte(p++, (byte) ':');
        p = digits(buffer, p, millisOfDay / 1000 % 60, 2);
        buffer.putByte(p++, (byte) '.');
        digits(buffer, p, millisOfDay % 1000, 3);
        return LENGTH;
    }

    private static int digits(MutableDirectBuffer buffer, int offset, int value, int width) {
        int v = value;
        for (int i = width - 1; i >= 0; i--) {
            buffer.putByte(offset + i, (byte) ('0' + v % 10));
            v /= 10;
        }
        return offset + width;
    }
}
