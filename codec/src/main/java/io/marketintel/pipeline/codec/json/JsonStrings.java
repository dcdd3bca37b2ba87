package io.marketintel.pipeline.codec.json;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns the still-escaped contents of a JSON string token into the UTF-8 bytes they stand for,
 * straight into a caller-provided buffer: decoders only pay for this on the rare string that
 * {@link JsonTokenizer#hasEscapes() has escapes}. Stateless and thread-safe; allocation-free.
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    /** The value of four hex digits at {@code i}, or -1 if they are not there. */
    static int hex4(DirectBuffer src, int i, int end) {
        if (i + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            final int digit = hexDigit(src.getByte(i + k));
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /**
     * Writes the unescaped UTF-8 of a string token's contents ({@code length} bytes at {@code
     * offset} in {@code src}, as reported by {@link JsonTokenizer#tokenOffset()} and {@link
     * JsonTokenizer#tokenLength()}) to {@code dst} at {@code dstOffset}. {@code &#92;uXXXX}
     * escapes become UTF-8, surrogate pairs one
     * 4-byte sequence; a lone surrogate becomes U+FFFD, as it has no UTF-8 form. The output is
     * never longer than the input. Allocation-free.
     *
     * @return the number of bytes written, or -1 if an escape is malformed or {@code dst} (when
     *     not expandable) has no room left; {@code dst} may then hold a partial result.
     */
    public static int unescape(
            DirectBuffer src, int offset, int length, MutableDirectBuffer dst, int dstOffset) {
        final int end = offset + length;
        final int limit = dst.isExpandable() ? Integer.MAX_VALUE : dst.capacity();
        int d = dstOffset;
        int i = offset;
        while (i < end) {
            final byte b = src.getByte(i);
            if (b != '\\') {
                if (d >= limit) {
                    return -1;
                }
                dst.putByte(d++, b);
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return -1;
            }
            final int codePoint;
            final byte escaped = src.getByte(i + 1);
            if (escaped == 'u') {
                final int unit = hex4(src, i + 2, end);
                if (unit < 0) {
                    return -1;
                }
                i += 6;
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    final int low = i + 6 <= end && src.getByte(i) == '\\' && src.getByte(i + 1) == 'u'
                            ? hex4(src, i + 2, end) : -1;
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        codePoint = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    } else {
                        codePoint = 0xFFFD;
                    }
                } else {
                    codePoint = unit >= 0xDC00 && unit <= 0xDFFF ? 0xFFFD : unit;
                }
            } else {
                codePoint = simpleEscape(escaped);
                if (codePoint < 0) {
                    return -1;
                }
                i += 2;
            }
            d = putUtf8(dst, d, limit, codePoint);
            if (d < 0) {
                return -1;
            }
        }
        return d - dstOffset;
    }

    private static int simpleEscape(byte escaped) {
        switch (escaped) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            default:
                return -1;
        }
    }

    private static int putUtf8(MutableDirectBuffer dst, int d, int limit, int codePoint) {
        if (codePoint < 0x80) {
            if (d + 1 > limit) {
                return -1;
            }
            dst.putByte(d, (byte) codePoint);
            return d + 1;
        }
        if (codePoint < 0x800) {
            if (d + 2 > limit) {
                return -1;
            }
            dst.putByte(d, (byte) (0xC0 | (codePoint >> 6)));
            dst.putByte(d + 1, (byte) (0x80 | (codePoint & 0x3F)));
            return d + 2;
        }
        if (codePoint < 0x10000) {
            if (d + 3 > limit) {
                return -1;
            }
            dst.putByte(d, (byte) (0xE0 | (codePoint >> 12)));
            dst.putByte(d + 1, (byte) (0x80 | ((codePoint >> 6) & 0x3F)));
            dst.putByte(d + 2, (byte) (0x80 | (codePoint & 0x3F)));
            return d + 3;
        }
        if (d + 4 > limit) {
            return -1;
        }
        dst.putByte(d, (byte) (0xF0 | (codePoint >> 18)));
        dst.putByte(d + 1, (byte) (0x80 | ((codePoint >> 12) & 0x3F)));
        dst.putByte(d + 2, (byte) (0x80 | ((codePoint >> 6) & 0x3F)));
        dst.putByte(d + 3, (byte) (0x80 | (codePoint & 0x3F)));
        return d + 4;
    }
}
