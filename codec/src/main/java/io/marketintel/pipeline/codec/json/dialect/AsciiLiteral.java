package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.AsciiSwar;
import io.marketintel.pipeline.codec.UncheckedReads;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Eight to sixteen exact ASCII bytes (a key with its punctuation, an event type with the comma
 * after it) that a dialect's fast path recognises with two word compares rather than a byte
 * loop. It only looks where at least sixteen bytes of the frame are left, so a frame shorter
 * than that is simply not recognised (and left to the general pass).
 *
 * <p>Immutable and thread-safe.
 */
final class AsciiLiteral {
    /** How many bytes the literal is. */
    final int length;
    private final long first;
    private final long second;
    private final long secondMask;

    AsciiLiteral(String text) {
        if (text.length() < Long.BYTES || text.length() > 2 * Long.BYTES) {
            throw new IllegalArgumentException("a literal is 8 to 16 bytes: " + text);
        }
        final byte[] bytes = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 2 * Long.BYTES);
        length = text.length();
        first = word(bytes, 0);
        secondMask = length == 2 * Long.BYTES ? -1L : AsciiSwar.lowBytes(length - Long.BYTES);
        second = word(bytes, Long.BYTES);
    }

    /**
     * Whether the literal is at index {@code i} of the memory at {@code array}/{@code address}
     * (as {@link UncheckedReads} addresses it), with at least sixteen bytes before {@code end};
     * the caller guarantees that {@code [i, end)} is inside its buffer.
     */
    boolean at(byte[] array, long address, int i, int end) {
        return i <= end - 2 * Long.BYTES
                && UncheckedReads.longLittleEndian(array, address + i) == first
                && (UncheckedReads.longLittleEndian(array, address + i + Long.BYTES) & secondMask) == second;
    }

    /** Eight bytes as a little-endian word: the first byte lowest. */
    private static long word(byte[] bytes, int from) {
        long word = 0;
        for (int k = Long.BYTES - 1; k >= 0; k--) {
            word = word << 8 | (bytes[from + k] & 0xFFL);
        }
        return word;
    }
}
