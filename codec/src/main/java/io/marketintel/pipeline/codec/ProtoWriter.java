package io.marketintel.pipeline.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A protobuf wire-format writer into its own scratch buffer, allocation-free once the scratch is
 * as large as the largest message seen (a scratch grown past {@link #RETAINED_BYTES} for a rare
 * large message is given back after a run of ordinary ones). Proto3 defaults (zero, empty) are
 * omitted, as the generated code does.
 *
 * <p>One forward pass. A nested message reserves room for its length from an upper bound of its
 * body the caller gives ({@link #beginMessage(int, int)}) and fills it in at the end; in the rare
 * case the bound took more length bytes than the body needs, the body is moved back by the
 * difference, so the output is always protobuf's canonical encoding. {@code Decimal} and other
 * bodies known to stay under 128 bytes reserve their single length byte without a bound.
 *
 * <p>Varints and fixed byte runs are written with 8-byte stores that may touch up to seven bytes
 * past what they write; the scratch keeps {@link #SLACK} spare bytes for that, and
 * {@link #copyTo(MutableDirectBuffer, int)} hands over exactly the bytes written. The scratch is
 * a plain {@code byte[]} written through a {@link VarHandle} view: the JIT turns each store into
 * one move, where a bounds-checked put per byte on an Agrona buffer cost about half the encode.
 *
 * <p>Not thread-safe: one instance per writer thread.
 */
public final class ProtoWriter {
    static final int WIRE_VARINT = 0;
    static final int WIRE_LEN = 2;
    /** Spare bytes past the reserved length, for the wide stores. */
    static final int SLACK = 16;
    /** Field numbers of this schema stay under 2^11: two tag bytes at most. */
    static final int MAX_TAG_BYTES = 2;
    /** The most an int64 field takes: a tag and a ten-byte varint. */
    public static final int MAX_INT64_FIELD_SIZE = MAX_TAG_BYTES + 10;
    /** The most a {@code Decimal} field takes: tag, length, then two ten-byte varints with their tags. */
    public static final int MAX_DECIMAL_FIELD_SIZE = MAX_TAG_BYTES + 1 + 22;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Continuation bits of an n-byte varint (n = 1..8): the top bit of every byte but the last. */
    private static final long[] CONTINUATION = new long[9];
    /**
     * A negative int32 exponent as its field bytes (tag 0x10, then the ten-byte varint of the
     * sign-extended value): bytes 0..7 and bytes 3..10, written as two overlapping stores.
     * Covers -1..-{@value #MAX_TABULATED_NEGATIVE_EXPONENT}, which is what prices and sizes have.
     */
    private static final int MAX_TABULATED_NEGATIVE_EXPONENT = 31;
    private static final long[] NEGATIVE_EXPONENT_HEAD = new long[MAX_TABULATED_NEGATIVE_EXPONENT + 1];
    private static final long[] NEGATIVE_EXPONENT_TAIL = new long[MAX_TABULATED_NEGATIVE_EXPONENT + 1];
    private static final int NEGATIVE_EXPONENT_FIELD_BYTES = 11;
    private static final int EXPONENT_TAG = (io.marketintel.pipeline.schema.v1.Decimal.EXPONENT_FIELD_NUMBER << 3)
            | WIRE_VARINT;
    private static final int MANTISSA_TAG = (io.marketintel.pipeline.schema.v1.Decimal.MANTISSA_FIELD_NUMBER << 3)
            | WIRE_VARINT;

    static {
        for (int n = 2; n <= 8; n++) {
            CONTINUATION[n] = 0x8080808080808080L & ((1L << (8 * (n - 1))) - 1);
        }
        for (int e = 1; e <= MAX_TABULATED_NEGATIVE_EXPONENT; e++) {
            final byte[] field = new byte[NEGATIVE_EXPONENT_FIELD_BYTES];
            field[0] = (byte) EXPONENT_TAG;
            long value = -e;
            for (int i = 1; i < NEGATIVE_EXPONENT_FIELD_BYTES; i++) {
                field[i] = (byte) ((value & 0x7F) | (i < NEGATIVE_EXPONENT_FIELD_BYTES - 1 ? 0x80 : 0));
                value >>>= 7;
            }
            NEGATIVE_EXPONENT_HEAD[e] = (long) LONG_LE.get(field, 0);
            NEGATIVE_EXPONENT_TAIL[e] = (long) LONG_LE.get(field, 3);
        }
    }

    /**
     * The scratch size kept however small the messages are; past it, a scratch grown for a rare
     * large message (a full-book snapshot, a FixMessage of thousands of fields) is given back once
     * {@link #SMALL_MESSAGES_BEFORE_SHRINK} messages in a row have fitted in this size: a source
     * keeps what its usual traffic needs, not the largest message it ever saw. Large messages that
     * come back regularly (a periodic snapshot) must not cost two allocations each time, so every
     * time the scratch has to grow again after a shrink, the run it takes to shrink doubles, up
     * to {@link #MAX_SMALL_MESSAGES_BEFORE_SHRINK}.
     */
    static final int RETAINED_BYTES = 64 * 1024;
    static final int SMALL_MESSAGES_BEFORE_SHRINK = 1024;
    static final int MAX_SMALL_MESSAGES_BEFORE_SHRINK = 1 << 24;
    private static final int INITIAL_BYTES = 4096;

    private byte[] buffer = new byte[INITIAL_BYTES];
    /** {@link #buffer} as a {@link DirectBuffer}, re-wrapped when the scratch grows or shrinks. */
    private final UnsafeBuffer view = new UnsafeBuffer(buffer);
    private int position;
    /** Messages in a row that fitted in {@link #RETAINED_BYTES} while the scratch is larger. */
    private int smallMessagesInARow;
    /** The run of small messages that gives a large scratch back; doubles after each re-growth. */
    private int shrinkAfter = SMALL_MESSAGES_BEFORE_SHRINK;
    private boolean shrunk;

    /** Starts a new message that will take at most {@code maxLength} bytes. */
    public ProtoWriter reset(int maxLength) {
        final int needed = maxLength + SLACK;
        if (buffer.length < needed) {
            // Grows to the largest message seen, then stays: no allocation in the steady state.
            buffer = new byte[Math.max(needed, buffer.length * 2)];
            view.wrap(buffer);
            smallMessagesInARow = 0;
            if (shrunk) {
                shrunk = false;
                shrinkAfter = Math.min(shrinkAfter * 2, MAX_SMALL_MESSAGES_BEFORE_SHRINK);
            }
        } else if (buffer.length > RETAINED_BYTES) {
            smallMessagesInARow = needed <= RETAINED_BYTES ? smallMessagesInARow + 1 : 0;
            if (smallMessagesInARow >= shrinkAfter) {
                buffer = new byte[RETAINED_BYTES];
                view.wrap(buffer);
                smallMessagesInARow = 0;
                shrunk = true;
            }
        }
        position = 0;
        return this;
    }

    /** The scratch's size in bytes, for tests. */
    int capacityBytes() {
        return buffer.length;
    }

    /** Bytes written since {@link #reset(int)}. */
    public int position() {
        return position;
    }

    /**
     * The scratch written into, as a buffer: the message is its first {@link #position()} bytes,
     * valid until the next {@link #reset(int)}. For handing the bytes on without copying them here.
     */
    public DirectBuffer written() {
        return view;
    }

    /** Copies what was written to {@code target} at {@code offset}. */
    public void copyTo(MutableDirectBuffer target, int offset) {
        target.putBytes(offset, buffer, 0, position);
    }

    /** The size of {@code value} as a varint: 1..10 bytes (negative values take ten). */
    public static int varintSize(long value) {
        // ceil(bits / 7) with at least one byte, without a loop (as protobuf's CodedOutputStream).
        return (640 - Long.numberOfLeadingZeros(value) * 9) >>> 6;
    }

    /** The most a bytes/string field of {@code length} bytes can take. */
    public static int maxBytesFieldSize(int length) {
        return MAX_TAG_BYTES + 5 + length;
    }

    /** The most a nested message field can take when its body takes at most {@code maxBodyLength}. */
    public static int maxMessageFieldSize(int maxBodyLength) {
        return MAX_TAG_BYTES + varintSize(maxBodyLength) + maxBodyLength;
    }

    public void tag(int field, int wireType) {
        position = putTag(buffer, position, field, wireType);
    }

    public void varint(long value) {
        position = putVarint(buffer, position, value);
    }

    // The put* helpers take and return the position so that a field is written with the position
    // in a register: the wide stores are raw stores into the array, after which the JIT would
    // otherwise reload and store the position field around every one of them.

    private static int putTag(byte[] b, int p, int field, int wireType) {
        if (field < 16) {
            b[p] = (byte) ((field << 3) | wireType);
            return p + 1;
        }
        return putVarint(b, p, ((long) field << 3) | wireType);
    }

    private static int putVarint(byte[] b, int p, long value) {
        if ((value & ~0x7FL) == 0) {
            b[p] = (byte) value; // lengths, small tags and counters: most varints
            return p + 1;
        }
        final int size = varintSize(value);
        if (size <= Long.BYTES) {
            LONG_LE.set(b, p, spread(value) | CONTINUATION[size]);
        } else {
            LONG_LE.set(b, p, spread(value) | 0x8080808080808080L);
            final long high = value >>> 56;
            if (size == 9) {
                b[p + 8] = (byte) high;
            } else {
                b[p + 8] = (byte) (high | 0x80);
                b[p + 9] = (byte) (high >>> 7);
            }
        }
        return p + size;
    }

    /**
     * The low 56 bits of {@code value} as eight 7-bit groups, one per byte, least significant
     * first: halves of 28 bits into 32-bit lanes, then 14-bit quarters into 16-bit lanes, then
     * 7-bit groups into bytes. Twelve operations against twenty-two for moving each group on its
     * own (as {@code Long.expand} would in one, on JDKs that have it).
     */
    private static long spread(long value) {
        long v = (value & 0x0FFF_FFFFL) | ((value << 4) & 0x0FFF_FFFF_0000_0000L);
        v = (v & 0x0000_3FFF_0000_3FFFL) | ((v << 2) & 0x3FFF_0000_3FFF_0000L);
        return (v & 0x007F_007F_007F_007FL) | ((v << 1) & 0x7F00_7F00_7F00_7F00L);
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
            buffer[position++] = (byte) 1;
        }
    }

    public void bytesField(int field, DirectBuffer src, int offset, int length) {
        if (length > 0) {
            int p = putTag(buffer, position, field, WIRE_LEN);
            p = putVarint(buffer, p, length);
            final int capacity = src.capacity();
            if (length <= 2 * Long.BYTES && capacity >= Long.BYTES && offset >= 0 && offset <= capacity - length) {
                p = putShortBytes(buffer, p, src.byteArray(), src.addressOffset(), capacity, offset, length);
            } else {
                src.getBytes(offset, buffer, p, length);
                p += length;
            }
            position = p;
        }
    }

    /**
     * Copies 1 to 16 bytes of a buffer of at least eight, which lie in it, with one or two word
     * reads and stores: symbols, ids and source ids are this short, and a copy call with its
     * checks cost more than the rest of their field. A store may run up to seven bytes past the
     * field, into the scratch's slack or over bytes that later fields overwrite.
     */
    private static int putShortBytes(byte[] b, int p, byte[] array, long address, int capacity, int offset, int length) {
        if (length >= Long.BYTES) {
            // Two words that overlap when shorter than sixteen: the first eight and the last eight.
            LONG_LE.set(b, p, UncheckedReads.longLittleEndian(array, address + offset));
            LONG_LE.set(b, p + length - Long.BYTES,
                    UncheckedReads.longLittleEndian(array, address + offset + length - Long.BYTES));
        } else if (offset <= capacity - Long.BYTES) {
            LONG_LE.set(b, p, UncheckedReads.longLittleEndian(array, address + offset));
        } else {
            // Within the buffer's last eight bytes: its last word, shifted down to the slice.
            final long last = UncheckedReads.longLittleEndian(array, address + capacity - Long.BYTES);
            LONG_LE.set(b, p, last >>> ((offset - (capacity - Long.BYTES)) << 3));
        }
        return p + length;
    }

    public void bytesField(int field, ByteSlice slice) {
        if (slice.isPresent()) {
            bytesField(field, slice.buffer(), slice.offset(), slice.length());
        }
    }

    public void bytesField(int field, byte[] bytes) {
        if (bytes.length > 0) {
            tag(field, WIRE_LEN);
            varint(bytes.length);
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }
    }

    /**
     * Starts a nested message field whose body, written next, takes at most {@code maxBodyLength}
     * bytes; returns the mark to pass, with the same bound, to {@link #endMessage(int, int)}.
     */
    public int beginMessage(int field, int maxBodyLength) {
        tag(field, WIRE_LEN);
        position += varintSize(maxBodyLength);
        return position;
    }

    /** Ends the message {@link #beginMessage(int, int)} started: fills in its length. */
    public void endMessage(int bodyStart, int maxBodyLength) {
        final int length = position - bodyStart;
        final int reserved = varintSize(maxBodyLength);
        final int needed = varintSize(length);
        int at = bodyStart - reserved;
        if (needed < reserved) {
            // The bound over-reserved: move the body back so the encoding stays canonical.
            System.arraycopy(buffer, bodyStart, buffer, bodyStart - (reserved - needed), length);
            position -= reserved - needed;
        }
        // Byte by byte: a wide store here would overwrite the body that follows.
        int value = length;
        while ((value & ~0x7F) != 0) {
            buffer[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[at] = (byte) value;
    }

    /** Starts a nested message whose body is known to stay under 128 bytes: one length byte. */
    public int beginSmallMessage(int field) {
        tag(field, WIRE_LEN);
        return ++position;
    }

    /** Ends what {@link #beginSmallMessage(int)} started. */
    public void endSmallMessage(int bodyStart) {
        buffer[bodyStart - 1] = (byte) (position - bodyStart);
    }

    /** A {@code Decimal} message field; absent decimals are not written. */
    public void decimalField(int field, MutableDecimal value) {
        if (value.isPresent()) {
            position = putDecimal(buffer, position, field, value.mantissa(), value.exponent());
        }
    }

    /** A {@code Decimal} field: its body takes 22 bytes at most, so one length byte. */
    private static int putDecimal(byte[] b, int at, int field, long mantissa, int exponent) {
        int p = putTag(b, at, field, WIRE_LEN);
        final int bodyStart = ++p;
        if (mantissa != 0) {
            b[p] = (byte) MANTISSA_TAG;
            p = putVarint(b, p + 1, mantissa);
        }
        if (exponent < 0 && exponent >= -MAX_TABULATED_NEGATIVE_EXPONENT) {
            LONG_LE.set(b, p, NEGATIVE_EXPONENT_HEAD[-exponent]);
            LONG_LE.set(b, p + 3, NEGATIVE_EXPONENT_TAIL[-exponent]);
            p += NEGATIVE_EXPONENT_FIELD_BYTES;
        } else if (exponent != 0) {
            b[p] = (byte) EXPONENT_TAG;
            p = putVarint(b, p + 1, exponent);
        }
        b[bodyStart - 1] = (byte) (p - bodyStart);
        return p;
    }
}
