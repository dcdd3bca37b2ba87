package io.marketintel.pipeline.venue.fix;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns incremental-refresh bodies rendered once into whole FIX 4.4 messages, writing per message
 * only what changes: MsgSeqNum, SendingTime, and so BodyLength and CheckSum (the body's byte sum
 * is kept with it). This is what lets a {@link FixVenue#blast blast venue} feed a pipeline at
 * hundreds of thousands of messages per second on the same machine without the venue's own
 * formatting (Strings, BigDecimal, a DateTimeFormatter per message) taking the CPU the pipeline is
 * measured on. The bodies are replayed in a loop, a batch at a time, into one reused buffer.
 *
 * <p>Not thread-safe: used under its connection's write lock.
 */
final class FixBlastRenderer {
    /** The most messages rendered into one batch (one socket write). */
    static final int MAX_BATCH = 64;

    private static final byte SOH = 1;
    private static final byte[] BEGIN = ascii("8=FIX.4.4\u00019=");
    private static final byte[] MSG_TYPE_AND_SEQ = ascii("35=X\u000134=");
    private static final int SENDING_TIME_BYTES = 21; // yyyyMMdd-HH:mm:ss.SSS

    private final byte[][] bodies;
    private final int[] bodySums;
    /** {@code 49=<sender><SOH>56=<target><SOH>52=}: between MsgSeqNum and the SendingTime value. */
    private final byte[] compIdsAndSendingTimeTag;
    private final byte[] sendingTime = new byte[SENDING_TIME_BYTES];
    private final byte[] digits = new byte[20];
    private final byte[] batch;
    private long sendingTimeMs = Long.MIN_VALUE;
    private int nextBody;

    /** @param bodies the fields after the standard header, each ending with its SOH; at least one */
    FixBlastRenderer(String senderCompId, String targetCompId, List<String> bodies) {
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("a blast needs at least one message body");
        }
        this.bodies = new byte[bodies.size()][];
        this.bodySums = new int[bodies.size()];
        int longest = 0;
        for (int i = 0; i < bodies.size(); i++) {
            this.bodies[i] = bodies.get(i).getBytes(StandardCharsets.ISO_8859_1);
            this.bodySums[i] = sum(this.bodies[i], 0, this.bodies[i].length);
            longest = Math.max(longest, this.bodies[i].length);
        }
        this.compIdsAndSendingTimeTag = ascii("49=" + senderCompId + "\u000156=" + targetCompId + "\u000152=");
        // Header (begin string, two lengths of up to 20 digits, the fixed fields) + body + trailer.
        final int largestMessage = BEGIN.length + 20 + 1 + MSG_TYPE_AND_SEQ.length + 20 + 1
                + compIdsAndSendingTimeTag.length + SENDING_TIME_BYTES + 1 + longest + 7;
        this.batch = new byte[MAX_BATCH * largestMessage];
    }

    /** How many bodies are replayed. */
    int bodies() {
        return bodies.length;
    }

    /**
     * Renders the next {@code count} (at most {@link #MAX_BATCH}) bodies as messages numbered from
     * {@code firstSeq}, all sent at {@code nowMs}, into {@link #batch()}.
     *
     * @return the length of the batch in bytes
     */
    int render(long firstSeq, int count, long nowMs) {
        if (count < 1 || count > MAX_BATCH) {
            throw new IllegalArgumentException("batch of " + count + " messages, expected 1 to " + MAX_BATCH);
        }
        if (nowMs != sendingTimeMs) {
            final byte[] text = FixVenueMessages.utcTimestamp(nowMs).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, sendingTime, 0, SENDING_TIME_BYTES);
            sendingTimeMs = nowMs;
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            at = renderOne(firstSeq + i, at);
        }
        return at;
    }

    /** The bytes of the last {@link #render}: {@code [0, length)}. Valid until the next render. */
    byte[] batch() {
        return batch;
    }

    private int renderOne(long seq, int start) {
        final byte[] body = bodies[nextBody];
        final int bodySum = bodySums[nextBody];
        nextBody = (nextBody + 1) % bodies.length;
        final int seqDigits = digits(seq);
        final int bodyLength = MSG_TYPE_AND_SEQ.length + seqDigits + 1 + compIdsAndSendingTimeTag.length
                + SENDING_TIME_BYTES + 1 + body.length;
        int at = put(BEGIN, start);
        at = putDigits(bodyLength, at);
        batch[at++] = SOH;
        at = put(MSG_TYPE_AND_SEQ, at);
        at = putDigits(seq, at);
        batch[at++] = SOH;
        at = put(compIdsAndSendingTimeTag, at);
        at = put(sendingTime, at);
        batch[at++] = SOH;
        final int checksum = (sum(batch, start, at) + bodySum) & 0xFF;
        at = put(body, at);
        batch[at++] = '1';
        batch[at++] = '0';
        batch[at++] = '=';
        batch[at++] = (byte) ('0' + checksum / 100);
        batch[at++] = (byte) ('0' + checksum / 10 % 10);
        batch[at++] = (byte) ('0' + checksum % 10);
        batch[at++] = SOH;
        return at;
    }

    private int put(byte[] bytes, int at) {
        System.arraycopy(bytes, 0, batch, at, bytes.length);
        return at + bytes.length;
    }

    private int putDigits(long value, int at) {
        final int n = digits(value);
        System.arraycopy(digits, digits.length - n, batch, at, n);
        return at + n;
    }

    /** Writes the decimal digits of {@code value} (not negative) at the end of {@link #digits}; returns how many. */
    private int digits(long value) {
        int i = digits.length;
        long v = value;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        return digits.length - i;
    }

    private static int sum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i] & 0xFF;
        }
        return sum;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
