package io.marketintel.pipeline.codec;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A protobuf wire-format writer straight into a {@link MutableDirectBuffer}, allocation-free.
 * Proto3 defaults (zero, empty) are omitted, as the generated code does. Nested messages are
 * written in one pass: one byte is reserved for the length and the body is shifted in the rare
 * case its length needs more.
 *
 * <p>The buffer must be large enough, or expandable (Agrona's expandable buffers grow on put).
 * Not thread-safe: one instance per writer thread.
 */
public final class ProtoWriter {
    static final int WIRE_VARINT = 0;
    static final int WIRE_LEN = 2;

    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private MutableDirectBuffer buffer;
    private int position;

    public ProtoWriter wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.position = offset;
        return this;
    }

    public int position() {
        return position;
    }

    public void tag(int field, int wireType) {
        varint((field << 3) | wireType);
    }

    /**
     * Writes {@code value} as a base-128 varint. Values of one byte (tags, small counts) take the
     * first branch; longer ones are spread into 7-bit groups in a register and stored with one or
     * two wide writes instead of a bounds-checked {@code putByte} per byte: the envelope's
     * timestamps take nine bytes and every negative exponent ten, and the byte loop was 15% of the
     * FIX benchmark's profile. Exactly {@link #varintSize} bytes are written, never more.
     */
    public void varint(long value) {
        if ((value & ~0x7FL) == 0) {
            buffer.putByte(position++, (byte) value);
            return;
        }
        final int size = varintSize(value);
        // Continuation bit on every byte but the last one inside these eight.
        final long continuation = size > 8 ? HIGH_BITS : HIGH_BITS & ((1L << ((size - 1) << 3)) - 1);
        final long low = spread7(value) | continuation;
        if (size > 8) {
            buffer.putLong(position, low, ByteOrder.LITTLE_ENDIAN);
            final long high = value >>> 56; // at most 8 bits left: one or two more bytes
            if (size == 9) {
                buffer.putByte(position + 8, (byte) high);
            } else {
                buffer.putShort(position + 8, (short) ((high & 0x7F) | 0x80 | ((high >>> 7) << 8)), ByteOrder.LITTLE_ENDIAN);
            }
        } else {
            putLowBytes(low, size);
        }
        position += size;
    }

    /** The low 56 bits of {@code v} as eight 7-bit groups, one per byte, lowest group first. */
    private static long spread7(long v) {
        return (v & 0x7FL)
                | ((v << 1) & 0x7F00L)
                | ((v << 2) & 0x7F_0000L)
                | ((v << 3) & 0x7F00_0000L)
                | ((v << 4) & 0x7F_0000_0000L)
                | ((v << 5) & 0x7F00_0000_0000L)
                | ((v << 6) & 0x7F_0000_0000_0000L)
                | ((v << 7) & 0x7F00_0000_0000_0000L);
    }

    /** Writes the low {@code size} (2 to 8) bytes of {@code bytes} at the position. */
    private void putLowBytes(long bytes, int size) {
        int at = position;
        long rest = bytes;
        int left = size;
        if (left == 8) {
            buffer.putLong(at, rest, ByteOrder.LITTLE_ENDIAN);
            return;
        }
        if (left >= 4) {
            buffer.putInt(at, (int) rest, ByteOrder.LITTLE_ENDIAN);
            at += 4;
            rest >>>= 32;
            left -= 4;
        }
        if (left >= 2) {
            buffer.putShort(at, (short) rest, ByteOrder.LITTLE_ENDIAN);
            at += 2;
            rest >>>= 16;
            left -= 2;
        }
        if (left == 1) {
            buffer.putByte(at, (byte) rest);
        }
    }

    /** Bytes of {@code value} as a varint: one per started group of 7 significant bits, 1 to 10. */
    static int varintSize(long value) {
        return (63 - Long.numberOfLeadingZeros(value | 1)) / 7 + 1;
    }

    /** An int64/int32/enum field; negative values take ten bytes, as protobuf specifies. */
    public void int64Field(int field, long value) {
        if (value != 0) {
            tag(field, WIRE_VARINT);
            varint(value);
        }
    }

    public void boolField(int field, boolean value) {
        if (value) {
            tag(field, WIRE_VARINT);
            varint(1);
        }
    }

    public void bytesField(int field, DirectBuffer src, int offset, int length) {
        if (length > 0) {
            tag(field, WIRE_LEN);
            varint(length);
            buffer.putBytes(position, src, offset, length);
            position += length;
        }
    }

    public void bytesField(int field, ByteSlice slice) {
        if (slice.isPresent()) {
            bytesField(field, slice.buffer(), slice.offset(), slice.length());
        }
    }

    /** A string field from a Java String: allocates, so only for rare events (status reasons). */
    public void stringField(int field, String value) {
        if (value != null && !value.isEmpty()) {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            tag(field, WIRE_LEN);
            varint(bytes.length);
            buffer.putBytes(position, bytes);
            position += bytes.length;
        }
    }

    /** Starts a nested message; pass the returned mark to {@link #endMessage(int)}. */
    public int beginMessage(int field) {
        tag(field, WIRE_LEN);
        final int mark = position;
        position++; // one length byte reserved
        return mark;
    }

    public void endMessage(int mark) {
        final int bodyStart = mark + 1;
        final int length = position - bodyStart;
        if (length < 0x80) {
            buffer.putByte(mark, (byte) length);
            return;
        }
        final int extra = varintSize(length) - 1;
        for (int i = position - 1; i >= bodyStart; i--) {
            buffer.putByte(i + extra, buffer.getByte(i));
        }
        position = mark;
        varint(length);
        position += length;
    }

    /** A {@code Decimal} message field; absent decimals are not written. */
    public void decimalField(int field, MutableDecimal value) {
        if (value.isPresent()) {
            final int mark = beginMessage(field);
            int64Field(io.marketintel.pipeline.schema.v1.Decimal.MANTISSA_FIELD_NUMBER, value.mantissa());
            int64Field(io.marketintel.pipeline.schema.v1.Decimal.EXPONENT_FIELD_NUMBER, value.exponent());
            endMessage(mark);
        }
    }
}
