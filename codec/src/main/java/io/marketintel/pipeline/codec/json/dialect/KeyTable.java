package io.marketintel.pipeline.codec.json.dialect;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * The member names a dialect reacts to, each given the id of its position, so that the scan
 * compares a key's bytes once and then works with small ints. Escaped keys are never looked up:
 * no venue escapes its own field names, and treating them as unknown keeps the scan copy-free.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class KeyTable {
    static final int UNKNOWN = -1;

    private final byte[][] names;

    KeyTable(String... names) {
        this.names = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    int size() {
        return names.length;
    }

    /** The id of the {@code length} bytes at {@code offset}, or {@link #UNKNOWN}. */
    int lookup(DirectBuffer buffer, int offset, int length) {
        for (int id = 0; id < names.length; id++) {
            final byte[] name = names[id];
            if (name.length == length && matches(buffer, offset, name)) {
                return id;
            }
        }
        return UNKNOWN;
    }

    private static boolean matches(DirectBuffer buffer, int offset, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (buffer.getByte(offset + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
