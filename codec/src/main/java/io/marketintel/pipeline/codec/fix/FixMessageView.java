package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import org.agrona.DirectBuffer;

/**
 * A flyweight over one FIX message: {@link #wrap} indexes every field (tag, value offset, value
 * length, as {@link FixFieldReader} reads them) into pre-allocated arrays, and typed reads parse
 * values straight from the bytes. Fields are kept in wire order, repeats included, so both "first
 * occurrence" lookups and in-order iteration work, and {@link #group} walks repeating groups. It
 * is the random-access view for the session layer, the venues and tools; the market-data decoder
 * does without it, reading a 35=W/X in one forward pass instead of indexing it first.
 *
 * <p>Reads never throw for bad data: a missing field or bad value yields a sentinel
 * ({@link #NO_INT}, {@link #NO_LONG}, {@code '\0'}, {@code false}) and {@link #status()} says why.
 * Length-prefixed data fields (RawData 96 after RawDataLength 95 and the other standard pairs)
 * are taken by their length, so an SOH inside them does not split them.
 *
 * <p>Allocation-free after construction. Not thread-safe; views are valid only while the wrapped
 * bytes are, and until the next {@link #wrap}.
 */
public final class FixMessageView {
    /** The fewest bytes a valid field takes: a one-digit tag, '=', a one-byte value (never empty) and SOH. */
    public static final int MIN_FIELD_BYTES = 4;
    /**
     * Room for every field of the largest message {@link FixFramer} accepts by default, so that a
     * valid frame is never refused for its number of fields (a full-book snapshot has three or more
     * per level). The arrays are allocated once and never cleared per message, so their size costs
     * memory, not time.
     */
    public static final int DEFAULT_MAX_FIELDS = FixFramer.DEFAULT_MAX_MESSAGE_BYTES / MIN_FIELD_BYTES;
    public static final int NO_INT = Integer.MIN_VALUE;
    public static final long NO_LONG = Long.MIN_VALUE;

    private final FixFieldReader fields;
    private final FixLongParser longs = new FixLongParser();
    private final int[] tags;
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private final ByteSlice msgType = new ByteSlice();
    private DirectBuffer buffer;
    private int frameOffset;
    private int frameLength;
    private boolean indexed;
    private int count;
    private FixValueStatus status = FixValueStatus.OK;

    public FixMessageView() {
        this(DEFAULT_MAX_FIELDS);
    }

    public FixMessageView(int maxFields) {
        fields = new FixFieldReader(maxFields);
        tags = new int[maxFields];
        valueOffsets = new int[maxFields];
        valueLengths = new int[maxFields];
    }

    /**
     * Indexes the message at {@code [offset, offset + length)}: a whole frame, trailer included.
     * After {@code TOO_MANY_FIELDS} the index holds the first {@code maxFields} fields, so the
     * standard header (MsgType, MsgSeqNum ...) can still be read to account for the message;
     * after {@code MALFORMED} nothing should be read.
     */
    public FixWrapResult wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.frameOffset = offset;
        this.frameLength = length;
        indexed = false;
        count = 0;
        msgType.clear();
        fields.wrap(buffer, offset, length);
        int tag;
        while ((tag = fields.next()) >= 0) {
            tags[count] = tag;
            valueOffsets[count] = fields.valueOffset();
            valueLengths[count] = fields.valueLength();
            count++;
        }
        if (tag != FixFieldReader.END && tag != FixFieldReader.TOO_MANY_FIELDS) {
            return FixWrapResult.MALFORMED;
        }
        final int msgTypeIndex = indexOf(FixTags.MSG_TYPE);
        if (msgTypeIndex >= 0) {
            msgType.wrap(buffer, valueOffsets[msgTypeIndex], valueLengths[msgTypeIndex]);
        }
        // Only a whole index may stand in for the bytes (see isIndexOf).
        indexed = tag == FixFieldReader.END;
        return indexed ? FixWrapResult.OK : FixWrapResult.TOO_MANY_FIELDS;
    }

    /** True when the last {@link #wrap} indexed exactly {@code [offset, offset + length)} of {@code buffer} whole. */
    boolean isIndexOf(DirectBuffer buffer, int offset, int length) {
        return indexed && buffer == this.buffer && offset == frameOffset && length == frameLength;
    }

    /** Hands this view's index to {@code reader} to replay (see {@link FixFieldReader#replay}). */
    void replayInto(FixFieldReader reader) {
        reader.replay(buffer, tags, valueOffsets, valueLengths, count);
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int fieldCount() {
        return count;
    }

    public int tagAt(int index) {
        return tags[index];
    }

    public int valueOffsetAt(int index) {
        return valueOffsets[index];
    }

    public int valueLengthAt(int index) {
        return valueLengths[index];
    }

    /** Status of the last typed read (or of the last {@link #group} call). */
    public FixValueStatus status() {
        return status;
    }

    /** MsgType (35) as a view; not present only if the message has no 35. */
    public ByteSlice msgType() {
        return msgType;
    }

    /** True when MsgType is the single character {@code type} (most are: {@code 'X'}, {@code '0'}). */
    public boolean isMsgType(char type) {
        return msgType.length() == 1 && msgType.byteAt(0) == type;
    }

    /** True when MsgType equals {@code type}, e.g. {@code "AE"} as ASCII bytes. */
    public boolean isMsgType(byte[] type) {
        return msgType.contentEquals(type);
    }

    /** MsgSeqNum (34), or {@link #NO_LONG} with {@link #status()} saying why. */
    public long msgSeqNum() {
        return longValue(FixTags.MSG_SEQ_NUM);
    }

    /** Index of the first field with {@code tag}, or -1. */
    public int indexOf(int tag) {
        return indexOf(tag, 0, count);
    }

    /** Index of the first field with {@code tag} in {@code [from, to)}, or -1. */
    public int indexOf(int tag, int from, int to) {
        for (int i = from; i < to; i++) {
            if (tags[i] == tag) {
                return i;
            }
        }
        return -1;
    }

    public int intValue(int tag) {
        return intAt(indexOf(tag));
    }

    public long longValue(int tag) {
        return longAt(indexOf(tag));
    }

    public char charValue(int tag) {
        return charAt(indexOf(tag));
    }

    public boolean booleanValue(int tag) {
        return booleanAt(indexOf(tag));
    }

    public FixValueStatus decimal(int tag, MutableDecimal out) {
        return decimalAt(indexOf(tag), out);
    }

    public FixValueStatus bytes(int tag, ByteSlice out) {
        return bytesAt(indexOf(tag), out);
    }

    public long utcTimestampNs(int tag) {
        return utcTimestampNsAt(indexOf(tag));
    }

    /** The int at field {@code index} (-1 means missing), or {@link #NO_INT}. */
    public int intAt(int index) {
        final long value = longAt(index);
        if (status != FixValueStatus.OK) {
            return NO_INT;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            status = FixValueStatus.OVERFLOW;
            return NO_INT;
        }
        return (int) value;
    }

    /** The long at field {@code index} (-1 means missing), or {@link #NO_LONG}. */
    public long longAt(int index) {
        if (index < 0) {
            status = FixValueStatus.MISSING;
            return NO_LONG;
        }
        final long value = longs.parse(buffer, valueOffsets[index], valueLengths[index]);
        status = longs.status();
        return value;
    }

    /** The single-character value at field {@code index}, or {@code '\0'}. */
    public char charAt(int index) {
        if (index < 0) {
            status = FixValueStatus.MISSING;
            return '\0';
        }
        if (valueLengths[index] != 1) {
            status = FixValueStatus.MALFORMED;
            return '\0';
        }
        status = FixValueStatus.OK;
        return (char) (buffer.getByte(valueOffsets[index]) & 0xFF);
    }

    /** A FIX Boolean ({@code Y} or {@code N}) at field {@code index}; false when not one. */
    public boolean booleanAt(int index) {
        final char c = charAt(index);
        if (status == FixValueStatus.OK && c != 'Y' && c != 'N') {
            status = FixValueStatus.MALFORMED;
        }
        return c == 'Y' && status == FixValueStatus.OK;
    }

    /** Parses the decimal at field {@code index} into {@code out} (cleared unless OK). */
    public FixValueStatus decimalAt(int index, MutableDecimal out) {
        if (index < 0) {
            out.clear();
            return status = FixValueStatus.MISSING;
        }
        status = switch (DecimalParser.parse(buffer, valueOffsets[index], valueLengths[index], out)) {
            case OK -> FixValueStatus.OK;
            case OVERFLOW -> FixValueStatus.OVERFLOW;
            case EMPTY, MALFORMED -> FixValueStatus.MALFORMED;
        };
        return status;
    }

    /** Points {@code out} at the value bytes of field {@code index} (cleared when missing). */
    public FixValueStatus bytesAt(int index, ByteSlice out) {
        if (index < 0) {
            out.clear();
            return status = FixValueStatus.MISSING;
        }
        out.wrap(buffer, valueOffsets[index], valueLengths[index]);
        return status = FixValueStatus.OK;
    }

    /** The UTCTimestamp at field {@code index} in epoch nanoseconds, or {@link #NO_LONG}. */
    public long utcTimestampNsAt(int index) {
        if (index < 0) {
            status = FixValueStatus.MISSING;
            return NO_LONG;
        }
        final long ns = FixTimestamps.parseUtcTimestamp(buffer, valueOffsets[index], valueLengths[index]);
        status = ns == FixTimestamps.INVALID ? FixValueStatus.MALFORMED : FixValueStatus.OK;
        return status == FixValueStatus.OK ? ns : NO_LONG;
    }

    /**
     * Positions {@code cursor} before the first entry of the repeating group counted by {@code
     * countTag}, whose entries each start with {@code delimiterTag}. Without a data dictionary the
     * end of the last entry is not known: it runs to the standard trailer, so fields that follow
     * the group in the body (rare in market data) are seen as part of the last entry.
     *
     * @return OK; MISSING when there is no {@code countTag} (the cursor is then empty); MALFORMED
     *     when the count is not a number, the first field is not the delimiter, or the count does
     *     not match the entries present
     */
    public FixValueStatus group(int countTag, int delimiterTag, FixGroupCursor cursor) {
        return groupAt(indexOf(countTag), delimiterTag, cursor);
    }

    /** {@link #group} for a count field already located at {@code countIndex} (-1 = missing). */
    public FixValueStatus groupAt(int countIndex, int delimiterTag, FixGroupCursor cursor) {
        final int declared = intAt(countIndex);
        if (status != FixValueStatus.OK || declared < 0) {
            cursor.reset(this, delimiterTag, 0, countIndex + 1, countIndex + 1);
            return status == FixValueStatus.OK ? status = FixValueStatus.MALFORMED : status;
        }
        final int groupEnd = trailerStart();
        final int first = countIndex + 1;
        int delimiters = 0;
        for (int i = first; i < groupEnd; i++) {
            if (tags[i] == delimiterTag) {
                delimiters++;
            }
        }
        final boolean startsRight = declared == 0 || (first < groupEnd && tags[first] == delimiterTag);
        if (delimiters != declared || !startsRight) {
            cursor.reset(this, delimiterTag, 0, first, first);
            return status = FixValueStatus.MALFORMED;
        }
        cursor.reset(this, delimiterTag, declared, first, groupEnd);
        return status = FixValueStatus.OK;
    }

    /** Index of the first standard-trailer field (SignatureLength, Signature, CheckSum). */
    private int trailerStart() {
        int i = count;
        while (i > 0 && (tags[i - 1] == FixTags.CHECK_SUM || tags[i - 1] == 93 || tags[i - 1] == 89)) {
            i--;
        }
        return i;
    }
}
