package io.marketintel.pipeline.codec.framing;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Cuts a byte stream into frames by newline or by a 2/4-byte big-endian length prefix, as views
 * over the bytes given (zero copy). Bytes of an incomplete frame are left unconsumed: the caller
 * keeps them and presents them again with what arrives next. A frame over the limit is never
 * buffered: it is reported once and its bytes are discarded as they arrive (to the next newline,
 * or the declared length), so memory stays bounded whatever the peer sends.
 *
 * <p>Not thread-safe: one per connection; {@link #reset()} on reconnect.
 */
public final class StreamFramer {
    private final FramingType type;
    private final int maxFrameBytes;
    private final int prefixBytes;
    private boolean skippingLine;
    private long skipRemaining;
    private int scannedBytes;

    public StreamFramer(FramingSpec spec) {
        this.type = spec.type();
        this.maxFrameBytes = spec.maxFrameBytes();
        this.prefixBytes = switch (type) {
            case LINE -> 0;
            case LENGTH_PREFIX_2 -> 2;
            case LENGTH_PREFIX_4 -> 4;
        };
    }

    /** Forgets any partial state: for a new connection. */
    public void reset() {
        skippingLine = false;
        skipRemaining = 0;
        scannedBytes = 0;
    }

    /**
     * Frames what it can of {@code [offset, offset + length)}.
     *
     * @return the number of bytes consumed; the rest must be presented again
     */
    public int frame(DirectBuffer buffer, int offset, int length, FrameHandler handler) {
        return type == FramingType.LINE
                ? frameLines(buffer, offset, length, handler)
                : frameLengthPrefixed(buffer, offset, length, handler);
    }

    private int frameLines(DirectBuffer buffer, int offset, int length, FrameHandler handler) {
        final int end = offset + length;
        int pos = offset;
        while (pos < end) {
            if (skippingLine) {
                final int newline = indexOfNewline(buffer, pos, end);
                if (newline < 0) {
                    return length;
                }
                skippingLine = false;
                pos = newline + 1;
                continue;
            }
            final int newline = indexOfNewline(buffer, pos + scannedBytes, end);
            if (newline < 0) {
                final int available = end - pos;
                if (available > maxFrameBytes) {
                    scannedBytes = 0;
                    skippingLine = true;
                    // Either way everything here belongs to the oversize line: consume it.
                    handler.onOversize();
                    return length;
                }
                scannedBytes = available;
                return pos - offset;
            }
            scannedBytes = 0;
            int frameEnd = newline;
            if (frameEnd > pos && buffer.getByte(frameEnd - 1) == '\r') {
                frameEnd--;
            }
            final int frameLength = frameEnd - pos;
            final int next = newline + 1;
            if (frameLength > maxFrameBytes) {
                if (!handler.onOversize()) {
                    return next - offset;
                }
            } else if (frameLength > 0 && !handler.onFrame(buffer, pos, frameLength)) {
                return next - offset;
            }
            pos = next;
        }
        return pos - offset;
    }

    private static int indexOfNewline(DirectBuffer buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer.getByte(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int frameLengthPrefixed(DirectBuffer buffer, int offset, int length, FrameHandler handler) {
        final int end = offset + length;
        int pos = offset;
        while (pos < end) {
            if (skipRemaining > 0) {
                final int n = (int) Math.min(skipRemaining, end - pos);
                skipRemaining -= n;
                pos += n;
                continue;
            }
            if (end - pos < prefixBytes) {
                break;
            }
            final long frameLength = prefixBytes == 2
                    ? buffer.getShort(pos, ByteOrder.BIG_ENDIAN) & 0xFFFFL
                    : buffer.getInt(pos, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            if (frameLength > maxFrameBytes) {
                pos += prefixBytes;
                skipRemaining = frameLength;
                if (!handler.onOversize()) {
                    return length;
                }
                continue;
            }
            if (end - pos - prefixBytes < frameLength) {
                break;
            }
            final int start = pos + prefixBytes;
            pos = start + (int) frameLength;
            if (frameLength > 0 && !handler.onFrame(buffer, start, (int) frameLength)) {
                return pos - offset;
            }
        }
        return pos - offset;
    }
}
