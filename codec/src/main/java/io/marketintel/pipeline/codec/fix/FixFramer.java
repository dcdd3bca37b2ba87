package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.UncheckedReads;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Cuts validated FIX messages out of a byte stream as views over the bytes given (zero copy), in
 * the contract of {@code StreamFramer}: {@link #frame} returns the bytes consumed and leaves a
 * partial message unconsumed, for the caller to present again with what arrives next.
 *
 * <p>A message is delivered only when BeginString is the first field and configured, BodyLength
 * the second and numeric, exactly BodyLength bytes later comes {@code 10=ddd<SOH>}, MsgType is
 * the first body field, and the CheckSum is the sum of the preceding bytes mod 256. Anything else
 * is reported once through {@link FixFrameHandler#onGarbled} and skipped by resynchronising on
 * the next {@code 8=FIX}, wherever it is (a message right after a truncated one is not lost). A
 * candidate found mid-field, not after an SOH, whose header then fails ({@code 58=FIX…} inside a
 * text field) is skipped silently as part of the garbled input already reported, so a count of
 * garbled reports means garbled messages. The size limit is enforced from the header alone, before any
 * body is buffered: a BodyLength over the limit is reported at once through {@link
 * FixFrameHandler#onOversize} and is fatal, the framer then discards all input until {@link
 * #reset()}. So the caller never holds more than {@link #maxMessageBytes()} of one message.
 *
 * <p>Allocation-free after construction. Not thread-safe: one per connection; {@link #reset()} on
 * reconnect.
 */
public final class FixFramer {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final List<String> DEFAULT_BEGIN_STRINGS = List.of("FIX.4.2", "FIX.4.4", "FIXT.1.1");

    static final byte SOH = 1;
    private static final byte[] START = {'8', '=', 'F', 'I', 'X'};
    private static final int TRAILER_BYTES = 7; // "10=ddd" + SOH
    private static final int NEED_MORE = -1;
    private static final int OVERSIZE = -2;
    private static final int GARBLED = -3;

    private final int maxMessageBytes;
    private final byte[][] beginStrings;
    /** Each BeginString of up to eight bytes as a little-endian word, for {@link #isAcceptedBeginString}. */
    private final long[] beginStringWords;
    private final int longestBeginString;

    // The bytes of the current frame() call, read without a bounds check per byte: frame() checks
    // the whole range once, and every read stays inside it.
    private byte[] array;
    private long address;

    private boolean resyncing;
    private boolean failed;
    private boolean weakStart;
    private byte byteBeforeScan = SOH;
    private FixGarbledReason garbledReason;
    private long declaredBodyLength;

    public FixFramer() {
        this(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_BEGIN_STRINGS);
    }

    /**
     * @param maxMessageBytes the largest whole message accepted, header and trailer included
     * @param beginStrings the accepted BeginString values, e.g. {@code FIX.4.4}
     */
    public FixFramer(int maxMessageBytes, List<String> beginStrings) {
        if (maxMessageBytes < 32) {
            throw new IllegalArgumentException("max message bytes too small for any FIX message: " + maxMessageBytes);
        }
        if (beginStrings.isEmpty()) {
            throw new IllegalArgumentException("at least one BeginString must be accepted");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.beginStrings = new byte[beginStrings.size()][];
        this.beginStringWords = new long[beginStrings.size()];
        int longest = 0;
        for (int i = 0; i < beginStrings.size(); i++) {
            final String value = beginStrings.get(i);
            if (!value.startsWith("FIX")) {
                throw new IllegalArgumentException("BeginString must start with FIX: " + value);
            }
            this.beginStrings[i] = value.getBytes(StandardCharsets.US_ASCII);
            this.beginStringWords[i] = littleEndianWord(this.beginStrings[i]);
            longest = Math.max(longest, this.beginStrings[i].length);
        }
        this.longestBeginString = longest;
    }

    /** The first eight bytes (or fewer, zero-padded) as a little-endian word. */
    private static long littleEndianWord(byte[] bytes) {
        long word = 0;
        for (int k = Math.min(bytes.length, Long.BYTES) - 1; k >= 0; k--) {
            word = (word << 8) | (bytes[k] & 0xFF);
        }
        return word;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** True after an oversize header, until {@link #reset()}. */
    public boolean isFailed() {
        return failed;
    }

    /** Forgets partial and failed state: for a new connection. */
    public void reset() {
        resyncing = false;
        failed = false;
        weakStart = false;
        byteBeforeScan = SOH;
    }

    /**
     * Frames what it can of {@code [offset, offset + length)}.
     *
     * @return the number of bytes consumed; the rest must be presented again
     */
    public int frame(DirectBuffer buffer, int offset, int length, FixFrameHandler handler) {
        if (failed) {
            return length;
        }
        buffer.boundsCheck(offset, length);
        array = buffer.byteArray();
        address = buffer.addressOffset();
        final int end = offset + length;
        int pos = offset;
        while (pos < end) {
            if (resyncing) {
                final int start = scanForStart(buffer, pos, end);
                if (start > pos) {
                    byteBeforeScan = byteAt(start - 1);
                }
                if (end - start < START.length) {
                    return start - offset; // keep a possible "8=FI" prefix for the next call
                }
                resyncing = false;
                weakStart = (start == pos ? byteBeforeScan : byteAt(start - 1)) != SOH;
                pos = start;
            }
            final int result = parse(buffer, pos, end);
            if (result == NEED_MORE) {
                break;
            }
            final boolean silent = weakStart && result == GARBLED && isHeaderReason(garbledReason);
            weakStart = false;
            if (result >= 0) {
                final int next = pos + result;
                if (!handler.onMessage(buffer, pos, result)) {
                    return next - offset;
                }
                pos = next;
            } else if (result == OVERSIZE) {
                failed = true;
                handler.onOversize(declaredBodyLength);
                return length;
            } else {
                resyncing = true;
                byteBeforeScan = byteAt(pos);
                final boolean carryOn = silent || handler.onGarbled(garbledReason, buffer, pos, end - pos);
                pos++;
                if (!carryOn) {
                    return pos - offset;
                }
            }
        }
        return pos - offset;
    }

    private static boolean isHeaderReason(FixGarbledReason reason) {
        return reason == FixGarbledReason.UNSUPPORTED_BEGIN_STRING || reason == FixGarbledReason.BODY_LENGTH_NOT_SECOND
                || reason == FixGarbledReason.BAD_BODY_LENGTH;
    }

    /** Index of the first {@code 8=FIX}, or of a prefix of it that runs to {@code end}, or {@code end}. */
    private int scanForStart(DirectBuffer buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            final int n = Math.min(START.length, end - i);
            if (matches(buffer, i, START, n)) {
                return i;
            }
        }
        return end;
    }

    private boolean matches(DirectBuffer buffer, int at, byte[] expected, int n) {
        for (int k = 0; k < n; k++) {
            if (byteAt(at + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** Length of the valid message at {@code start}, or NEED_MORE, OVERSIZE or GARBLED. */
    private int parse(DirectBuffer buffer, int start, int end) {
        final int available = end - start;
        if (!matches(buffer, start, START, Math.min(START.length, available))) {
            return garbled(FixGarbledReason.GARBAGE);
        }
        if (available < START.length) {
            return NEED_MORE;
        }
        final int beginStringEnd = FixBytes.indexOfSoh(buffer, start + 2, Math.min(end, start + 3 + longestBeginString));
        if (beginStringEnd < 0) {
            return end - start - 2 <= longestBeginString ? NEED_MORE : garbled(FixGarbledReason.UNSUPPORTED_BEGIN_STRING);
        }
        if (!isAcceptedBeginString(buffer, start + 2, beginStringEnd - start - 2)) {
            return garbled(FixGarbledReason.UNSUPPORTED_BEGIN_STRING);
        }
        final int bodyLengthTag = beginStringEnd + 1;
        if (bodyLengthTag >= end) {
            return NEED_MORE;
        }
        final int tagBytes = Math.min(2, end - bodyLengthTag);
        if (byteAt(bodyLengthTag) != '9' || (tagBytes == 2 && byteAt(bodyLengthTag + 1) != '=')) {
            return garbled(FixGarbledReason.BODY_LENGTH_NOT_SECOND);
        }
        if (tagBytes < 2) {
            return NEED_MORE;
        }
        return parseFromBodyLength(buffer, start, bodyLengthTag + 2, end);
    }

    private int parseFromBodyLength(DirectBuffer buffer, int start, int digitsStart, int end) {
        long bodyLength = 0;
        int i = digitsStart;
        for (; i < end; i++) {
            final byte b = byteAt(i);
            if (b == SOH) {
                break;
            }
            if (b < '0' || b > '9') {
                return garbled(FixGarbledReason.BAD_BODY_LENGTH);
            }
            bodyLength = bodyLength * 10 + (b - '0');
            if (bodyLength > maxMessageBytes) {
                // Reported on the digits seen so far: a huge length is refused before it ends.
                declaredBodyLength = bodyLength;
                return OVERSIZE;
            }
        }
        if (i >= end) {
            return NEED_MORE;
        }
        if (i == digitsStart) {
            return garbled(FixGarbledReason.BAD_BODY_LENGTH);
        }
        final int bodyStart = i + 1;
        final int bodyEnd = bodyStart + (int) bodyLength;
        final int frameLength = bodyEnd + TRAILER_BYTES - start;
        if (frameLength > maxMessageBytes) {
            declaredBodyLength = bodyLength;
            return OVERSIZE;
        }
        if (end - start < frameLength) {
            return NEED_MORE;
        }
        return validateComplete(buffer, start, bodyStart, bodyEnd, frameLength);
    }

    private int validateComplete(DirectBuffer buffer, int start, int bodyStart, int bodyEnd, int frameLength) {
        final boolean trailerInPlace = bodyEnd > bodyStart && byteAt(bodyEnd - 1) == SOH
                && byteAt(bodyEnd) == '1' && byteAt(bodyEnd + 1) == '0'
                && byteAt(bodyEnd + 2) == '=';
        if (!trailerInPlace) {
            return garbled(FixGarbledReason.WRONG_BODY_LENGTH);
        }
        if (!startsWithMsgType(buffer, bodyStart, bodyEnd)) {
            return garbled(FixGarbledReason.MSG_TYPE_NOT_THIRD);
        }
        int expected = 0;
        for (int k = bodyEnd + 3; k < bodyEnd + 6; k++) {
            final byte b = byteAt(k);
            if (b < '0' || b > '9') {
                return garbled(FixGarbledReason.BAD_CHECKSUM);
            }
            expected = expected * 10 + (b - '0');
        }
        if (byteAt(bodyEnd + 6) != SOH || FixBytes.checksum(buffer, start, bodyEnd) != expected) {
            return garbled(FixGarbledReason.BAD_CHECKSUM);
        }
        return frameLength;
    }

    private boolean startsWithMsgType(DirectBuffer buffer, int bodyStart, int bodyEnd) {
        if (bodyEnd - bodyStart < 5 || byteAt(bodyStart) != '3' || byteAt(bodyStart + 1) != '5'
                || byteAt(bodyStart + 2) != '=') {
            return false;
        }
        final int valueEnd = FixBytes.indexOfSoh(buffer, bodyStart + 3, bodyEnd);
        return valueEnd > bodyStart + 3;
    }

    private boolean isAcceptedBeginString(DirectBuffer buffer, int at, int length) {
        // Every standard BeginString fits in a word: one read and a compare per accepted value
        // instead of a bounds-checked read per byte of each.
        if (length <= Long.BYTES && at + Long.BYTES <= buffer.capacity()) {
            final long mask = length == Long.BYTES ? -1L : (1L << (length << 3)) - 1;
            final long text = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN) & mask;
            for (int i = 0; i < beginStrings.length; i++) {
                if (beginStrings[i].length == length && beginStringWords[i] == text) {
                    return true;
                }
            }
            return false;
        }
        for (final byte[] accepted : beginStrings) {
            if (accepted.length == length && matches(buffer, at, accepted, length)) {
                return true;
            }
        }
        return false;
    }

    /** Only for indexes inside the range {@link #frame} checked. */
    private byte byteAt(int index) {
        return UncheckedReads.byteAt(array, address + index);
    }

    private int garbled(FixGarbledReason reason) {
        garbledReason = reason;
        return GARBLED;
    }
}
