package io.marketintel.pipeline.codec;

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

    public void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            buffer.putByte(position++, (byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.putByte(position++, (byte) value);
    }

    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
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
