package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.UncheckedReads;
import org.agrona.DirectBuffer;

/**
 * Steps through the {@code tag=value<SOH>} fields of one FIX message in wire order, one field per
 * {@link #next()}, without storing them: the one tokenizer of the FIX codec. {@link
 * FixMessageView} stores what it returns as its per-field index; the market-data decoder acts on
 * each field as it goes and so never builds an index. Length-prefixed data fields (RawData 96 right
 * after RawDataLength 95, and the other standard pairs) are taken by their declared length, so an
 * SOH inside them does not split them.
 *
 * <p>Why a plain byte loop without a bounds check per byte: {@link #wrap} checks once that the
 * message lies within the buffer, and every read stays before its end, so the bytes are read as
 * {@code UnsafeBuffer} itself reads them, minus its check on each call, which cost more than the
 * scan itself (a byte loop through {@code getByte} measured ~210 ns on the benchmark's 272-byte
 * message against ~120 ns without). A byte loop, not eight-byte words: on market data the fields
 * repeat in the same pattern, branches are predicted, and the CPU runs ahead through the message,
 * whereas the word version (find {@code '='}, then SOH, in a register) chains each field's position
 * on the arithmetic of the one before and measured about three times slower.
 *
 * <p>{@link #replay} is the other way to feed it: the fields of a message another reader already
 * found (a {@link FixMessageView}'s index), handed out again by {@link #next()} without touching
 * the bytes, so that a message indexed by the session layer is not tokenized a second time.
 *
 * <p>Allocation-free. Not thread-safe: one per decoder or view; valid while the wrapped bytes are.
 */
final class FixFieldReader {
    /** {@link #next()}: no field left. */
    static final int END = -1;
    /** {@link #next()}: not a {@code tag=value<SOH>} field (a tag that is not a number, no SOH). */
    static final int MALFORMED = -2;
    /** {@link #next()}: one field more than the reader's {@code maxFields}. */
    static final int TOO_MANY_FIELDS = -3;

    private static final byte SOH = 1;
    private static final int MAX_TAG_DIGITS = 9;
    private static final int[] DATA_LENGTH_TAGS = dataLengthTags();

    private final FixLongParser lengths = new FixLongParser();
    private final int maxFields;
    private DirectBuffer buffer;
    private int start;
    private int end;
    private byte[] array;
    private long address;
    private int position;
    private int fieldCount;
    private int tag;
    private int valueOffset;
    private int valueLength;
    // Replay of an index (null when the bytes are walked): its arrays, size and the next entry.
    private int[] indexTags;
    private int[] indexOffsets;
    private int[] indexLengths;
    private int indexCount;
    private int indexPosition;

    /** @param maxFields the most fields a message may have; one more is {@link #TOO_MANY_FIELDS} */
    FixFieldReader(int maxFields) {
        this.maxFields = maxFields;
    }

    /** Positions the reader before the first field of {@code [offset, offset + length)}. */
    void wrap(DirectBuffer buffer, int offset, int length) {
        buffer.boundsCheck(offset, length);
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        this.start = offset;
        this.end = offset + length;
        this.indexTags = null;
        rewind();
    }

    /**
     * Positions the reader before the first of {@code count} fields already found in a message of
     * {@code buffer}: {@link #next()} returns them in order (and {@link #TOO_MANY_FIELDS} past this
     * reader's limit, as a walk would) until the next {@link #wrap} or {@code replay}.
     */
    void replay(DirectBuffer buffer, int[] tags, int[] valueOffsets, int[] valueLengths, int count) {
        this.buffer = buffer;
        this.indexTags = tags;
        this.indexOffsets = valueOffsets;
        this.indexLengths = valueLengths;
        this.indexCount = count;
        rewind();
    }

    /** Back to before the first field. */
    void rewind() {
        position = start;
        indexPosition = 0;
        fieldCount = 0;
        tag = -1;
        valueOffset = 0;
        valueLength = 0;
    }

    DirectBuffer buffer() {
        return buffer;
    }

    /** Tag of the current field. */
    int tag() {
        return tag;
    }

    /** Offset of the current field's value in {@link #buffer()}. */
    int valueOffset() {
        return valueOffset;
    }

    /** Length of the current field's value (0 for {@code 58=<SOH>}). */
    int valueLength() {
        return valueLength;
    }

    /** Fields read since {@link #wrap}. */
    int fieldCount() {
        return fieldCount;
    }

    /**
     * Moves to the next field.
     *
     * @return its tag (0 or more), or {@link #END}, {@link #MALFORMED} or {@link #TOO_MANY_FIELDS}
     */
    int next() {
        if (indexTags != null) {
            return nextIndexed();
        }
        int pos = position;
        if (pos >= end) {
            return END;
        }
        int fieldTag = 0;
        int tagDigits = 0;
        byte b;
        while (pos < end && (b = byteAt(pos)) != '=') {
            if (b < '0' || b > '9' || tagDigits == MAX_TAG_DIGITS) {
                return MALFORMED;
            }
            fieldTag = fieldTag * 10 + (b - '0');
            tagDigits++;
            pos++;
        }
        if (pos == end || tagDigits == 0) {
            return MALFORMED;
        }
        final int valueStart = pos + 1;
        final int valueEnd = isDataField(fieldTag) ? dataValueEnd(valueStart) : indexOfSoh(valueStart);
        return accept(fieldTag, valueStart, valueEnd);
    }

    private int nextIndexed() {
        final int i = indexPosition;
        if (i == indexCount) {
            return END;
        }
        if (fieldCount == maxFields) {
            return TOO_MANY_FIELDS;
        }
        indexPosition = i + 1;
        fieldCount++;
        tag = indexTags[i];
        valueOffset = indexOffsets[i];
        valueLength = indexLengths[i];
        return tag;
    }

    /** Index of the first SOH from {@code from} on, or -1. */
    private int indexOfSoh(int from) {
        for (int i = from; i < end; i++) {
            if (byteAt(i) == SOH) {
                return i;
            }
        }
        return -1;
    }

    /** Only for {@code start <= index < end}, which {@link #wrap} checked lies within the buffer. */
    private byte byteAt(int index) {
        return UncheckedReads.byteAt(array, address + index);
    }

    private int accept(int fieldTag, int valueStart, int valueEnd) {
        if (valueEnd < 0) {
            return MALFORMED;
        }
        if (fieldCount == maxFields) {
            return TOO_MANY_FIELDS;
        }
        fieldCount++;
        tag = fieldTag;
        valueOffset = valueStart;
        valueLength = valueEnd - valueStart;
        position = valueEnd + 1;
        return fieldTag;
    }

    /** A data field counts as one only right after its length field; elsewhere it is plain text. */
    private boolean isDataField(int fieldTag) {
        return fieldTag < DATA_LENGTH_TAGS.length && DATA_LENGTH_TAGS[fieldTag] != 0
                && DATA_LENGTH_TAGS[fieldTag] == tag;
    }

    /** End of a data value whose length is the current (length) field's value, or -1. */
    private int dataValueEnd(int valueStart) {
        final long declared = lengths.parse(buffer, valueOffset, valueLength);
        if (lengths.status() != FixValueStatus.OK || declared < 0 || declared >= end - valueStart
                || byteAt(valueStart + (int) declared) != SOH) {
            return -1;
        }
        return valueStart + (int) declared;
    }

    /** For each data-type field tag, the length tag that must precede it; 0 for other tags. */
    private static int[] dataLengthTags() {
        final int[] table = new int[447];
        table[89] = 93;     // Signature / SignatureLength
        table[91] = 90;     // SecureData / SecureDataLen
        table[96] = 95;     // RawData / RawDataLength
        table[213] = 212;   // XmlData / XmlDataLen
        table[446] = 445;   // EncodedListStatusText / its length
        for (int t = 349; t <= 365; t += 2) {
            table[t] = t - 1; // the Encoded* text fields and their lengths
        }
        return table;
    }
}
