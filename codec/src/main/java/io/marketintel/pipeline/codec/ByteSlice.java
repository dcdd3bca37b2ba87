package io.marketintel.pipeline.codec;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A view over a range of bytes in a buffer: how decoders hand symbols, ids and other text to the
 * writer without making a {@code String}. The view is valid only while the underlying frame is.
 *
 * <p>Not thread-safe; reused per message by one decoder.
 */
public final class ByteSlice {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public ByteSlice wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public ByteSlice wrap(ByteSlice other) {
        return wrap(other.buffer, other.offset, other.length);
    }

    /** Points at constant bytes (a configured symbol, a source id): allocates the view once. */
    public static ByteSlice of(String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    public void clear() {
        buffer = null;
        offset = 0;
        length = 0;
    }

    public boolean isPresent() {
        return buffer != null;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public byte byteAt(int index) {
        return buffer.getByte(offset + index);
    }

    /** True when the bytes equal {@code ascii} exactly; allocation-free. */
    public boolean contentEquals(byte[] ascii) {
        if (buffer == null || length != ascii.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(offset + i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive ASCII comparison; allocation-free. */
    public boolean contentEqualsIgnoreCase(byte[] ascii) {
        if (buffer == null || length != ascii.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (toLower(buffer.getByte(offset + i)) != toLower(ascii[i])) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Allocates: for tests, tools and logs only. */
    @Override
    public String toString() {
        if (buffer == null) {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
