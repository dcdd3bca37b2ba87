package io.marketintel.pipeline.codec;

import org.agrona.DirectBuffer;

/**
 * A FIX message kept whole for the {@code FixMessage} payload: every field as (tag, value view)
 * in wire order, over the frame's bytes. Fields past {@link #maxFields()} are refused by
 * {@link #add} returning false. Single-threaded, reused per message.
 */
public final class FixFields {
    public static final int DEFAULT_MAX_FIELDS = 2_048;

    public final ByteSlice msgType = new ByteSlice();
    private DirectBuffer buffer;
    private final int[] tags;
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private int count;

    public FixFields() {
        this(DEFAULT_MAX_FIELDS);
    }

    public FixFields(int maxFields) {
        tags = new int[maxFields];
        valueOffsets = new int[maxFields];
        valueLengths = new int[maxFields];
    }

    /** Sets the buffer all value views of this message point into. */
    public void buffer(DirectBuffer buffer) {
        this.buffer = buffer;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public boolean add(int tag, int valueOffset, int valueLength) {
        if (count == tags.length) {
            return false;
        }
        tags[count] = tag;
        valueOffsets[count] = valueOffset;
        valueLengths[count] = valueLength;
        count++;
        return true;
    }

    public int maxFields() {
        return tags.length;
    }

    public int count() {
        return count;
    }

    public int tag(int i) {
        return tags[i];
    }

    public int valueOffset(int i) {
        return valueOffsets[i];
    }

    public int valueLength(int i) {
        return valueLengths[i];
    }

    void clear() {
        msgType.clear();
        buffer = null;
        count = 0;
    }
}
