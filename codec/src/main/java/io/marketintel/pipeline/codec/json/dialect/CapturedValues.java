package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.JsonTokenizer;
import java.util.Arrays;

/**
 * Where the scalar values a dialect needs sit in the frame: per row (the message itself, or one
 * element of a venue's data array) and per slot (a key id), the token type and its offsets. A
 * venue may put the field that says what a message is after the data (Bitstamp sends
 * {@code "data"} before {@code "event"}), so values are located during the one pass and only
 * interpreted once the frame is known to be complete and valid JSON. JSON {@code null} is stored
 * as absent.
 *
 * <p>Pre-allocated; not thread-safe, owned by one decoder.
 */
final class CapturedValues {
    private final int rows;
    private final int slots;
    private final JsonToken[] type;
    private final int[] offset;
    private final int[] length;
    private final boolean[] escaped;
    private int rowsUsed;

    CapturedValues(int rows, int slots) {
        this.rows = rows;
        this.slots = slots;
        type = new JsonToken[rows * slots];
        offset = new int[rows * slots];
        length = new int[rows * slots];
        escaped = new boolean[rows * slots];
    }

    int rows() {
        return rows;
    }

    /** Forgets the rows used by the previous frame. */
    void clear() {
        Arrays.fill(type, 0, rowsUsed * slots, null);
        rowsUsed = 0;
    }

    /** Records the tokenizer's current token at ({@code row}, {@code slot}); false if row is out of range. */
    boolean capture(int row, int slot, JsonToken token, JsonTokenizer tokenizer) {
        if (row >= rows) {
            return false;
        }
        if (row >= rowsUsed) {
            rowsUsed = row + 1;
        }
        final int i = row * slots + slot;
        type[i] = token == JsonToken.NULL ? null : token;
        offset[i] = tokenizer.tokenOffset();
        length[i] = tokenizer.tokenLength();
        escaped[i] = tokenizer.hasEscapes();
        return true;
    }

    /** Rows that received at least one value since {@link #clear()}. */
    int rowsUsed() {
        return rowsUsed;
    }

    boolean isPresent(int row, int slot) {
        return type[row * slots + slot] != null;
    }

    JsonToken type(int row, int slot) {
        return type[row * slots + slot];
    }

    int offset(int row, int slot) {
        return offset[row * slots + slot];
    }

    int length(int row, int slot) {
        return length[row * slots + slot];
    }

    boolean isEscaped(int row, int slot) {
        return escaped[row * slots + slot];
    }
}
