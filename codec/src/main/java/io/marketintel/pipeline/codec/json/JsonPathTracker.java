package io.marketintel.pipeline.codec.json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Follows the key path of the current token while a {@link JsonTokenizer} walks a frame, so a
 * decoder can tell which configured {@link JsonPath} a value sits at without building a tree.
 * Only members reached from the top-level object through objects have a path: anything inside
 * an array is never matched. Each key is looked up once, when the tokenizer reads it, in a {@link
 * KeyTable} of the configured paths' keys; a pre-allocated stack holds each depth's key id, and a
 * path matches when its ids ({@link #ids}) equal the stack's. Comparing each value's keys byte by
 * byte with every configured path instead took a third of a TCP source's I/O threads.
 *
 * <p>Not thread-safe: owned by one decoder.
 */
final class JsonPathTracker {
    private final KeyTable keys;
    private final int[] keyId;
    // Whether the container open at a depth was reached from the root through object members only.
    private final boolean[] addressable;
    // Escaped keys are unescaped here to compare; a key longer than any configured one cannot match.
    private final UnsafeBuffer keyScratch;

    private DirectBuffer buffer;
    private boolean afterKey;
    private int valueDepth;

    /** @param paths the paths to match (null entries are skipped) */
    JsonPathTracker(int maxDepth, JsonPath... paths) {
        keys = new KeyTable(distinctSegments(paths));
        keyId = new int[maxDepth + 1];
        addressable = new boolean[maxDepth + 1];
        int longestKeyBytes = 1;
        for (JsonPath path : paths) {
            longestKeyBytes = path == null ? longestKeyBytes : Math.max(longestKeyBytes, path.longestSegment());
        }
        keyScratch = new UnsafeBuffer(new byte[longestKeyBytes]);
    }

    private static byte[][] distinctSegments(JsonPath... paths) {
        final Map<String, byte[]> distinct = new LinkedHashMap<>();
        for (JsonPath path : paths) {
            for (int level = 0; path != null && level < path.depth(); level++) {
                distinct.putIfAbsent(new String(path.segment(level), StandardCharsets.UTF_8), path.segment(level));
            }
        }
        return distinct.values().toArray(new byte[0][]);
    }

    /** {@code path}'s keys as ids of this tracker's table, outermost first: what {@link #matches} compares. */
    int[] ids(JsonPath path) {
        final int[] ids = new int[path.depth()];
        for (int level = 0; level < ids.length; level++) {
            final byte[] segment = path.segment(level);
            ids[level] = keys.lookup(new UnsafeBuffer(segment), 0, segment.length);
            if (ids[level] == KeyTable.UNKNOWN) {
                // UNKNOWN is every unknown key's id too: such a path would match anything.
                throw new IllegalArgumentException("JSON path \"" + path + "\" was not given to this tracker");
            }
        }
        return ids;
    }

    void reset(DirectBuffer buffer) {
        this.buffer = buffer;
        this.afterKey = false;
        this.valueDepth = 0;
    }

    /**
     * Takes the token the tokenizer just returned. True when it is the value of an addressable
     * object member (a scalar, or the opening of a nested container); its path is then compared
     * with {@link #matches(int[])}.
     */
    boolean onToken(JsonToken token, JsonTokenizer tokenizer) {
        final int depth = tokenizer.depth();
        switch (token) {
            case KEY -> {
                keyId[depth] = lookup(tokenizer.tokenOffset(), tokenizer.tokenLength(), tokenizer.hasEscapes());
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

    /** How many distinct keys the configured paths have: the ids run from 0 to this, exclusive. */
    int keyCount() {
        return keys.size();
    }

    /** The id of the key of the value {@link #onToken} last accepted ({@link KeyTable#UNKNOWN} when no path has it). */
    int valueKeyId() {
        return keyId[valueDepth];
    }

    /** Depth of the object holding the value {@link #onToken} last accepted. */
    int valueDepth() {
        return valueDepth;
    }

    /** Whether the value {@link #onToken} last accepted sits at the path whose {@link #ids} these are. */
    boolean matches(int[] pathIds) {
        if (pathIds.length != valueDepth) {
            return false;
        }
        // Innermost key first: it differs most often between sibling fields.
        for (int level = valueDepth; level >= 1; level--) {
            if (keyId[level] != pathIds[level - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The id of a key; an escaped one is unescaped first, into a scratch as long as the longest
     * configured key (one that does not fit cannot be a configured key: -1 from the unescape).
     */
    private int lookup(int offset, int length, boolean escaped) {
        if (!escaped) {
            return keys.lookup(buffer, offset, length);
        }
        final int unescaped = JsonStrings.unescape(buffer, offset, length, keyScratch, 0);
        return unescaped < 0 ? KeyTable.UNKNOWN : keys.lookup(keyScratch, 0, unescaped);
    }
}
