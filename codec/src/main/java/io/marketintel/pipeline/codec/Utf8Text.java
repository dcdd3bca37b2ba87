package io.marketintel.pipeline.codec;

import org.agrona.DirectBuffer;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing past U+10FFFF, no stray or missing continuation bytes. For text that
 * must be UTF-8 before anything reads it, such as a WebSocket text message (RFC 6455 section 8.1),
 * and for the text a decoder puts in a {@code string} field of the canonical schema (a symbol, a
 * trade id), which protobuf's parsers refuse unless it is UTF-8.
 *
 * <p>Why not a byte-at-a-time state machine (Netty's {@code Utf8FrameValidator}): venues send
 * JSON that is almost all ASCII, and that took ~2.5 ns per byte there, more than decoding and
 * encoding the message together. Here runs of ASCII go eight bytes per step (one word read and
 * one mask), and only the bytes of multi-byte sequences are looked at one by one.
 *
 * <p>Allocation-free. Stateless and thread-safe.
 */
public final class Utf8Text {
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    private Utf8Text() {
    }

    /** True when {@code [offset, offset + length)} of {@code buffer} is well-formed UTF-8 (empty is). */
    public static boolean isValid(DirectBuffer buffer, int offset, int length) {
        // One bounds check for the range, then unchecked reads inside it.
        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        final int end = offset + length;
        if (length < Long.BYTES && offset <= buffer.capacity() - Long.BYTES) {
            // Short text, as symbols and ids are: one word, the bytes past the text masked off.
            final long text = UncheckedReads.longLittleEndian(array, address + offset) & ((1L << (length << 3)) - 1);
            if ((text & HIGHS) == 0) {
                return true;
            }
        }
        int i = offset;
        while (i < end) {
            while (i + Long.BYTES <= end && (UncheckedReads.longLittleEndian(array, address + i) & HIGHS) == 0) {
                i += Long.BYTES;
            }
            if (i == end) {
                return true;
            }
            if (UncheckedReads.byteAt(array, address + i) >= 0) {
                i++; // ASCII in the last few bytes, or before a multi-byte sequence in this word
            } else {
                i = afterSequence(array, address, i, end);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The index after the multi-byte sequence whose lead byte is at {@code i}, or -1 if it is not well-formed. */
    private static int afterSequence(byte[] array, long address, int i, int end) {
        final int lead = UncheckedReads.byteAt(array, address + i) & 0xFF;
        // The second byte's range is narrower after four lead bytes: that is what excludes the
        // overlong forms (E0, F0), the surrogates (ED) and code points past U+10FFFF (F4).
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        final int continuations;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuations = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuations = 2;
            if (lead == 0xE0) {
                secondLow = 0xA0;
            } else if (lead == 0xED) {
                secondHigh = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuations = 3;
            if (lead == 0xF0) {
                secondLow = 0x90;
            } else if (lead == 0xF4) {
                secondHigh = 0x8F;
            }
        } else {
            return -1; // a continuation byte without a lead, or C0, C1, F5..FF
        }
        if (i + continuations >= end) {
            return -1; // cut short
        }
        final int second = UncheckedReads.byteAt(array, address + i + 1) & 0xFF;
        if (second < secondLow || second > secondHigh) {
            return -1;
        }
        for (int k = 2; k <= continuations; k++) {
            if ((UncheckedReads.byteAt(array, address + i + k) & 0xC0) != 0x80) {
                return -1;
            }
        }
        return i + continuations + 1;
    }
}
