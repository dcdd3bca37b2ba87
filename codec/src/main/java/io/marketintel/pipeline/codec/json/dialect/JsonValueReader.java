package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.DecimalParseResult;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Utf8Text;
import io.marketintel.pipeline.codec.json.ExactScaling;
import io.marketintel.pipeline.codec.json.JsonStrings;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.time.Iso8601Utc;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads captured JSON values of the current frame as the canonical types: exact decimals from
 * numbers or numeric strings ({@link DecimalParser}), whole numbers, epoch timestamps in a unit
 * or as ISO-8601 text (to nanoseconds), and text views. Venues send prices both as "0.00100000"
 * and as 0.001, so every numeric reader takes either; an escaped string is never a number.
 *
 * <p>Allocation-free except {@link #string}, which is for rare error texts. Not thread-safe: owned
 * by one decoder.
 */
final class JsonValueReader {
    /** Returned by the whole-number and time readers when the value is absent or not one. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;
    /** Longest venue error text kept in a status reason, in characters. */
    static final int MAX_REASON_CHARS = 512;
    /** Room for an escaped symbol or trade id once unescaped. */
    static final int MAX_TEXT_BYTES = 256;

    private final MutableDecimal number = new MutableDecimal();
    private final UnsafeBuffer[] scratch = {
        new UnsafeBuffer(new byte[MAX_TEXT_BYTES]), new UnsafeBuffer(new byte[MAX_TEXT_BYTES])};
    private DirectBuffer buffer;

    void wrap(DirectBuffer buffer) {
        this.buffer = buffer;
    }

    DirectBuffer buffer() {
        return buffer;
    }

    /** A decimal from a NUMBER or unescaped numeric STRING token; false (and out cleared) otherwise. */
    boolean decimal(JsonToken type, int offset, int length, boolean escaped, MutableDecimal out) {
        final boolean numeric = type == JsonToken.NUMBER || (type == JsonToken.STRING && !escaped);
        if (!numeric || DecimalParser.parse(buffer, offset, length, out) != DecimalParseResult.OK) {
            out.clear();
            return false;
        }
        return true;
    }

    boolean decimal(CapturedValues values, int row, int slot, MutableDecimal out) {
        if (!values.isPresent(row, slot)) {
            out.clear();
            return false;
        }
        return decimal(values.type(row, slot), values.offset(row, slot), values.length(row, slot),
                values.isEscaped(row, slot), out);
    }

    /** Like {@link #decimal(CapturedValues, int, int, MutableDecimal)}, but absent is fine (true). */
    boolean optionalDecimal(CapturedValues values, int row, int slot, MutableDecimal out) {
        return !values.isPresent(row, slot) || decimal(values, row, slot, out);
    }

    /** A whole number (JSON number or numeric string, sign allowed), or {@link #NOT_A_NUMBER}. */
    long wholeNumber(CapturedValues values, int row, int slot) {
        return scaled(values, row, slot, 0, false);
    }

    /** An epoch time in units of 10^-{@code 9 - unitPowerOfTen} s as nanoseconds; fractions below 1 ns drop. */
    long epochNanos(CapturedValues values, int row, int slot, int unitPowerOfTen) {
        return scaled(values, row, slot, unitPowerOfTen, true);
    }

    /** An ISO-8601 string as epoch nanoseconds, or {@link #NOT_A_NUMBER}. */
    long isoEpochNanos(CapturedValues values, int row, int slot) {
        if (values.type(row, slot) != JsonToken.STRING || values.isEscaped(row, slot)) {
            return NOT_A_NUMBER;
        }
        final long nanos = Iso8601Utc.parseEpochNanos(buffer, values.offset(row, slot), values.length(row, slot));
        return nanos == Iso8601Utc.INVALID ? NOT_A_NUMBER : nanos;
    }

    private long scaled(CapturedValues values, int row, int slot, int unitPowerOfTen, boolean truncate) {
        if (!decimal(values, row, slot, number)) {
            return NOT_A_NUMBER;
        }
        final long result = ExactScaling.scale(number.mantissa(), number.exponent(), unitPowerOfTen, truncate);
        return result == ExactScaling.NOT_REPRESENTABLE ? NOT_A_NUMBER : result;
    }

    /**
     * Points {@code out} at a STRING (unescaped into scratch {@code scratchIndex}, 0 or 1, when
     * needed) or NUMBER value; false for anything else, empty text, or text that is not UTF-8 (it
     * goes into a protobuf {@code string}, which a consumer's parser would refuse).
     */
    boolean text(CapturedValues values, int row, int slot, ByteSlice out, int scratchIndex) {
        final JsonToken type = values.type(row, slot);
        if (type != JsonToken.STRING && type != JsonToken.NUMBER) {
            return false;
        }
        final int offset = values.offset(row, slot);
        final int length = values.length(row, slot);
        if (values.isEscaped(row, slot)) {
            final int written = JsonStrings.unescape(buffer, offset, length, scratch[scratchIndex], 0);
            if (written <= 0) {
                return false;
            }
            out.wrap(scratch[scratchIndex], 0, written);
            return Utf8Text.isValid(scratch[scratchIndex], 0, written);
        }
        out.wrap(buffer, offset, length);
        return length > 0 && Utf8Text.isValid(buffer, offset, length);
    }

    /** Whether the value is an unescaped string equal to {@code ascii}. */
    boolean equals(CapturedValues values, int row, int slot, byte[] ascii) {
        return values.type(row, slot) == JsonToken.STRING && !values.isEscaped(row, slot)
                && bytesEqual(values.offset(row, slot), values.length(row, slot), ascii);
    }

    /** Whether the value is an unescaped string starting with {@code prefix}. */
    boolean startsWith(CapturedValues values, int row, int slot, byte[] prefix) {
        return values.type(row, slot) == JsonToken.STRING && !values.isEscaped(row, slot)
                && values.length(row, slot) >= prefix.length
                && bytesEqual(values.offset(row, slot), prefix.length, prefix);
    }

    boolean bytesEqual(int offset, int length, byte[] ascii) {
        if (length != ascii.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(offset + i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as a String, unescaped, for error texts; literals and numbers as written, absent
     * as "". Allocates: only for rare messages.
     */
    String string(CapturedValues values, int row, int slot) {
        if (!values.isPresent(row, slot)) {
            return "";
        }
        final int offset = values.offset(row, slot);
        final int length = Math.min(values.length(row, slot), MAX_REASON_CHARS * 4);
        final byte[] bytes = new byte[length];
        if (values.isEscaped(row, slot)) {
            final UnsafeBuffer out = new UnsafeBuffer(bytes);
            final int written = JsonStrings.unescape(buffer, offset, length, out, 0);
            return written < 0 ? "" : new String(bytes, 0, written, StandardCharsets.UTF_8);
        }
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String bounded(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
