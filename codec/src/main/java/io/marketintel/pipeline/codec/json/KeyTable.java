package io.marketintel.pipeline.codec.json;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * The member names a decoder reacts to (a dialect's keys, the keys of a JSON mapping's paths),
 * each given the id of its position, so that the scan compares a key's bytes once and then works
 * with small ints. It looks up the bytes it is given: the dialects treat an escaped key as
 * unknown (no venue escapes its own field names, and the scan stays copy-free), the JSON mapping
 * unescapes one into a scratch first.
 *
 * <p>Venue keys are short (Binance's are mostly one letter), so a key is identified by its
 * length and its first eight bytes read as one {@code long}: one word read and, through a small
 * open-addressed table, usually one compare, where a list scan compared byte by byte against
 * every name of the same length and walked the whole list for each key the dialect ignores.
 * Only names longer than eight bytes compare their remaining bytes.
 *
 * <p>Immutable after construction; thread-safe.
 */
public final class KeyTable {
    public static final int UNKNOWN = -1;

    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final byte[][] names;
    private final long[] prefixes;
    // Open addressing with linear probing: slot -> id + 1, 0 for an empty slot. At most a
    // quarter full, so a miss usually ends at the first empty slot.
    private final int[] slots;
    private final int mask;

    /** ASCII names (a dialect's keys). */
    public KeyTable(String... names) {
        this(ascii(names));
    }

    /** Names as their UTF-8 bytes (a configured mapping's keys may be any text). */
    public KeyTable(byte[][] names) {
        this.names = new byte[names.length][];
        this.prefixes = new long[names.length];
        final int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
        this.slots = new int[size];
        this.mask = size - 1;
        for (int id = 0; id < names.length; id++) {
            final byte[] name = names[id].clone();
            this.names[id] = name;
            prefixes[id] = prefix(name);
            int slot = slotOf(prefixes[id], name.length);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    private static byte[][] ascii(String... names) {
        final byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    public int size() {
        return names.length;
    }

    /** The id of the {@code length} bytes at {@code offset}, or {@link #UNKNOWN}. */
    public int lookup(DirectBuffer buffer, int offset, int length) {
        final long prefix = prefix(buffer, offset, length);
        int slot = slotOf(prefix, length);
        while (true) {
            final int id = slots[slot] - 1;
            if (id < 0) {
                return UNKNOWN;
            }
            final byte[] name = names[id];
            if (prefixes[id] == prefix && name.length == length
                    && (length <= Long.BYTES || restMatches(buffer, offset, name))) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int slotOf(long prefix, int length) {
        // Fibonacci hashing: the multiply spreads every input bit into the top bits taken.
        return (int) (((prefix + length) * GOLDEN) >>> 40) & mask;
    }

    /** The first eight bytes (fewer, zero-padded) as a little-endian long. */
    private static long prefix(DirectBuffer buffer, int offset, int length) {
        if (length >= Long.BYTES) {
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }
        if (offset + Long.BYTES <= buffer.capacity()) {
            // One word read, then the bytes past the key (its closing quote and what follows)
            // masked off. An empty key is its own case: a shift by 64 would be a shift by 0.
            return length == 0 ? 0
                    : buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) & (-1L >>> ((Long.BYTES - length) << 3));
        }
        long word = 0;
        for (int i = length - 1; i >= 0; i--) {
            word = (word << 8) | (buffer.getByte(offset + i) & 0xFF);
        }
        return word;
    }

    private static long prefix(byte[] name) {
        long word = 0;
        for (int i = Math.min(name.length, Long.BYTES) - 1; i >= 0; i--) {
            word = (word << 8) | (name[i] & 0xFF);
        }
        return word;
    }

    private static boolean restMatches(DirectBuffer buffer, int offset, byte[] name) {
        for (int i = Long.BYTES; i < name.length; i++) {
            if (buffer.getByte(offset + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
