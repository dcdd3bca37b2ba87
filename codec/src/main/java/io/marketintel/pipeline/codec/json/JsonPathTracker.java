package io.marketintel.pipeline.codec.json;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Follows the key path of the current token while a {@link JsonTokenizer} walks a frame, so a
 * decoder can tell which configured {@link JsonPath} a value sits at without building a tree.
 * Only members reached from the top-level object through objects have a path: anything inside
 * an array is never matched. A pre-allocated stack holds each depth's key as offsets into the
 * frame.
 *
 * <p>Not thread-safe: owned by one decoder.
 */
final class JsonPathTracker {
    private final int[] keyOffset;
    private final int[] keyLength;
    private final boolean[] keyEscaped;
    // Whether the container open at a depth was reached from the root through object members only.
    private final boolean[] addressable;
    // Escaped keys are unescaped here to compare; a key longer than any configured one cannot match.
    private final UnsafeBuffer keyScratch;

    private DirectBuffer buffer;
    private boolean afterKey;
    private int valueDepth;

    JsonPathTracker(int maxDepth, int longestKeyBytes) {
        keyOffset = new int[maxDepth + 1];
        keyLength = new int[maxDepth + 1];
        keyEscaped = new boolean[maxDepth + 1];
        addressable = new boolean[maxDepth + 1];
        keyScratch = new UnsafeBuffer(new byte[Math.max(1, longestKeyBytes)]);
    }

    void reset(DirectBuffer buffer) {
        this.buffer = buffer;
        this.afterKey = false;
        this.valueDepth = 0;
    }

    /**
     * Takes the token the tokenizer just returned. True when it is the value of an addressable
     * object member (a scalar, or the opening of a nested container); its path is then compared
     * with {@link #matches(JsonPath)}.
     */
    boolean onToken(JsonToken token, JsonTokenizer tokenizer) {
        final int depth = tokenizer.depth();
        switch (token) {
            case KEY -> {
                keyOffset[depth] = tokenizer.tokenOffset();
                keyLength[depth] = tokenizer.tokenLength();
                keyEscaped[depth] = tokenizer.hasEscapes();
                afterKey = true;
                return false;
            }
            case START_OBJECT, START_ARRAY -> {
                final boolean member = afterKey && addressable[depth - 1];
                afterKey = false;
                addressable[depth] = token == JsonToken.START_OBJECT && (depth == 1 || member);
                valueDepth = depth - 1;
                return member;
            }
            case END_OBJECT, END_ARRAY, END, ERROR -> {
                return false;
            }
            default -> {
                final boolean member = afterKey && addressable[depth];
                afterKey = false;
                valueDepth = depth;
                return member;
            }
        }
    }

    /** Depth of the object holding the value {@link #onToken} last accepted. */
    int valueDepth() {
        return valueDepth;
    }

    /** Whether the value {@link #onToken} last accepted sits at {@code path}. */
    boolean matches(JsonPath path) {
        if (path.depth() != valueDepth) {
            return false;
        }
        // Innermost key first: it differs most often between sibling fields.
        for (int level = valueDepth; level >= 1; level--) {
            if (!keyEquals(level, path.segment(level - 1))) {
                return false;
            }
        }
        return true;
    }

    private boolean keyEquals(int level, byte[] expected) {
        DirectBuffer source = buffer;
        int offset = keyOffset[level];
        int length = keyLength[level];
        if (keyEscaped[level]) {
            length = JsonStrings.unescape(buffer, offset, length, keyScratch, 0);
            source = keyScratch;
            offset = 0;
        }
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (source.getByte(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
