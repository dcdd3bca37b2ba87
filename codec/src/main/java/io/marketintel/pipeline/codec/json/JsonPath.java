package io.marketintel.pipeline.codec.json;

import java.nio.charset.StandardCharsets;

/**
 * A configured dot-separated key path ("data.p" for {@code {"data":{"p":...}}}) compiled once to
 * the UTF-8 bytes of each key, so that matching on the hot path compares bytes and never builds
 * a {@code String}. Keys that themselves contain a '.' cannot be addressed. Immutable.
 */
final class JsonPath {
    private final String text;
    private final byte[][] segments;
    private final int longestSegment;

    private JsonPath(String text, byte[][] segments, int longestSegment) {
        this.text = text;
        this.segments = segments;
        this.longestSegment = longestSegment;
    }

    /** Compiles {@code path}; null stays null (the venue does not send that field). */
    static JsonPath compile(String path) {
        if (path == null) {
            return null;
        }
        final String[] keys = path.split("\\.", -1);
        final byte[][] segments = new byte[keys.length][];
        int longest = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].isEmpty()) {
                throw new IllegalArgumentException("empty key in JSON path \"" + path + "\"");
            }
            segments[i] = keys[i].getBytes(StandardCharsets.UTF_8);
            longest = Math.max(longest, segments[i].length);
        }
        return new JsonPath(path, segments, longest);
    }

    /** Number of keys: the depth of the object whose member this path names. */
    int depth() {
        return segments.length;
    }

    byte[] segment(int index) {
        return segments[index];
    }

    int longestSegment() {
        return longestSegment;
    }

    @Override
    public String toString() {
        return text;
    }
}
