package io.marketintel.pipeline.codec.fix;

import org.agrona.DirectBuffer;

/**
 * FIX Int/SeqNum/Length text ({@code -17}, {@code 1042}) to a {@code long}, straight from the
 * bytes, with the outcome kept in {@link #status()} rather than thrown: the one integer reader of
 * the FIX codec, shared by {@link FixMessageView}, {@link FixFieldReader} (lengths of data fields)
 * and the market-data decoder (MsgSeqNum, NoMDEntries, RptSeq).
 *
 * <p>Allocation-free. Not thread-safe: one per reader or view.
 */
final class FixLongParser {
    /** Returned when {@link #status()} is not OK. */
    static final long NO_LONG = Long.MIN_VALUE;

    private FixValueStatus status = FixValueStatus.OK;

    /** Outcome of the last {@link #parse}: OK, MALFORMED or OVERFLOW. */
    FixValueStatus status() {
        return status;
    }

    /** The integer at {@code [offset, offset + length)}, or {@link #NO_LONG} with {@link #status()} saying why. */
    long parse(DirectBuffer buffer, int offset, int length) {
        int i = offset;
        final int end = offset + length;
        final boolean negative = i < end && buffer.getByte(i) == '-';
        if (negative) {
            i++;
        }
        if (i == end) {
            status = FixValueStatus.MALFORMED;
            return NO_LONG;
        }
        // Eighteen digits cannot overflow: only longer numbers pay for the check (a division).
        final boolean mayOverflow = end - i > 18;
        long value = 0;
        for (; i < end; i++) {
            final int d = buffer.getByte(i) - '0';
            if (d < 0 || d > 9) {
                status = FixValueStatus.MALFORMED;
                return NO_LONG;
            }
            // Accumulate negatively so that Long.MIN_VALUE itself is readable.
            if (mayOverflow && value < (Long.MIN_VALUE + d) / 10) {
                status = FixValueStatus.OVERFLOW;
                return NO_LONG;
            }
            value = value * 10 - d;
        }
        if (!negative && value == Long.MIN_VALUE) {
            status = FixValueStatus.OVERFLOW;
            return NO_LONG;
        }
        status = FixValueStatus.OK;
        return negative ? value : -value;
    }
}
