package io.marketintel.pipeline.connector.fix;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes one outgoing FIX message at a time into a reused buffer: {@link #begin} writes MsgType
 * and the standard header, {@code add*} append body fields, {@link #finish()} puts BeginString and
 * the exact BodyLength in front (the body is written first, into head room, so nothing is moved)
 * and the CheckSum behind. Field values are written as given: callers pass FIX-safe text (no SOH).
 *
 * <p>Allocation-free after construction. Not thread-safe: one per session, on its event loop.
 */
final class FixMessageWriter {
    static final byte SOH = 1;
    private static final int HEAD_ROOM = 32; // "8=FIXT.1.1|9=" + up to 7 digits + SOH fits
    private static final int DEFAULT_CAPACITY = 64 * 1024;

    private final byte[] beginString;
    private final byte[] senderCompId;
    private final byte[] targetCompId;
    private final UnsafeBuffer buffer;
    private int position;
    private int start;
    private int end;

    FixMessageWriter(String beginString, String senderCompId, String targetCompId) {
        this(beginString, senderCompId, targetCompId, DEFAULT_CAPACITY);
    }

    FixMessageWriter(String beginString, String senderCompId, String targetCompId, int capacity) {
        this.beginString = ascii(beginString);
        this.senderCompId = ascii(senderCompId);
        this.targetCompId = ascii(targetCompId);
        this.buffer = new UnsafeBuffer(new byte[capacity]);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts a message: 35, 34, 49, 56, 52 (SendingTime from {@code epochMillis}). */
    FixMessageWriter begin(byte[] msgType, long msgSeqNum, long epochMillis) {
        position = HEAD_ROOM;
        addBytes(35, msgType);
        addLong(34, msgSeqNum);
        addBytes(49, senderCompId);
        addBytes(56, targetCompId);
        addTimestamp(52, epochMillis);
        return this;
    }

    FixMessageWriter addLong(int tag, long value) {
        putTag(tag);
        position += buffer.putLongAscii(position, value);
        buffer.putByte(position++, SOH);
        return this;
    }

    FixMessageWriter addChar(int tag, char value) {
        putTag(tag);
        buffer.putByte(position++, (byte) value);
        buffer.putByte(position++, SOH);
        return this;
    }

    FixMessageWriter addBytes(int tag, byte[] value) {
        putTag(tag);
        buffer.putBytes(position, value);
        position += value.length;
        buffer.putByte(position++, SOH);
        return this;
    }

    FixMessageWriter addBytes(int tag, DirectBuffer source, int offset, int length) {
        putTag(tag);
        buffer.putBytes(position, source, offset, length);
        position += length;
        buffer.putByte(position++, SOH);
        return this;
    }

    /** Text such as a Logout reason: non-ASCII characters become '?', SOH cannot occur. */
    FixMessageWriter addText(int tag, CharSequence text) {
        putTag(tag);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            buffer.putByte(position++, (byte) (c >= 0x20 && c < 0x7f ? c : '?'));
        }
        buffer.putByte(position++, SOH);
        return this;
    }

    FixMessageWriter addTimestamp(int tag, long epochMillis) {
        putTag(tag);
        position += UtcTimestampFormatter.format(epochMillis, buffer, position);
        buffer.putByte(position++, SOH);
        return this;
    }

    private void putTag(int tag) {
        position += buffer.putIntAscii(position, tag);
        buffer.putByte(position++, (byte) '=');
    }

    /** Completes the message; then {@link #buffer()}, {@link #offset()} and {@link #length()} frame it. */
    FixMessageWriter finish() {
        final int bodyLength = position - HEAD_ROOM;
        final int digits = digits(bodyLength);
        start = HEAD_ROOM - (2 + beginString.length + 1 + 2 + digits + 1);
        int p = start;
        buffer.putByte(p++, (byte) '8');
        buffer.putByte(p++, (byte) '=');
        buffer.putBytes(p, beginString);
        p += beginString.length;
        buffer.putByte(p++, SOH);
        buffer.putByte(p++, (byte) '9');
        buffer.putByte(p++, (byte) '=');
        p += buffer.putIntAscii(p, bodyLength);
        buffer.putByte(p, SOH);
        int sum = 0;
        for (int i = start; i < position; i++) {
            sum += buffer.getByte(i) & 0xFF;
        }
        sum &= 0xFF;
        buffer.putByte(position++, (byte) '1');
        buffer.putByte(position++, (byte) '0');
        buffer.putByte(position++, (byte) '=');
        buffer.putByte(position++, (byte) ('0' + sum / 100));
        buffer.putByte(position++, (byte) ('0' + sum / 10 % 10));
        buffer.putByte(position++, (byte) ('0' + sum % 10));
        buffer.putByte(position++, SOH);
        end = position;
        return this;
    }

    private static int digits(int value) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    MutableDirectBuffer buffer() {
        return buffer;
    }

    int offset() {
        return start;
    }

    int length() {
        return end - start;
    }
}
