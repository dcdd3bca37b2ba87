package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.UncheckedReads;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import org.agrona.DirectBuffer;

/**
 * Recognises a PossResend (97=Y) application message that was already received: the venue says it
 * may have sent the same message before under another MsgSeqNum, and market data applied twice is
 * wrong downstream (a trade counted twice). FIX leaves the check to the application, by a
 * message-specific id; market data has none that every venue sends, so the id here is the body
 * itself: a 64-bit fingerprint of everything after the standard header (CheckSum excluded), which
 * a PossResend copy repeats unchanged. The fingerprints of the last {@value #WINDOW} application
 * messages are kept, across reconnects (a PossResend is typically a re-send after one).
 *
 * <p>Every application message is fingerprinted (one pass over its body, eight bytes at a time);
 * only a PossResend one is looked up (a linear scan: rare). Two different messages with the same
 * body are told apart only by a PossResend flag on the second: it is then taken for a copy, which
 * for market data (the same levels set again, the same trade) is what it would mean anyway.
 * Allocation-free after construction. Not thread-safe: one per session, on its event loop.
 */
final class FixPossResendFilter {
    static final int WINDOW = 1024;
    private static final int POSS_RESEND = 97;
    private static final int CHECKSUM = 10;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long LANE_SEED = 0xC2B2AE3D27D4EB4FL;

    private final long[] fingerprints = new long[WINDOW];
    private long received;

    /**
     * Called once per in-sequence application message in {@code view}.
     *
     * @return true to publish it; false for a PossResend copy of a message already received
     */
    boolean admit(FixMessageView view) {
        final int n = view.fieldCount();
        boolean possResend = false;
        int body = 1;
        while (body < n && (view.tagAt(body) == 35 || FixInboundValidator.isHeaderTag(view.tagAt(body)))) {
            if (view.tagAt(body) == POSS_RESEND && view.valueLengthAt(body) == 1
                    && view.buffer().getByte(view.valueOffsetAt(body)) == 'Y') {
                possResend = true;
            }
            body++;
        }
        final long fingerprint = fingerprint(view, body, n);
        if (possResend && seen(fingerprint)) {
            return false;
        }
        fingerprints[(int) (received++ % WINDOW)] = fingerprint;
        return true;
    }

    private boolean seen(long fingerprint) {
        final int kept = (int) Math.min(received, WINDOW);
        for (int i = 0; i < kept; i++) {
            if (fingerprints[i] == fingerprint) {
                return true;
            }
        }
        return false;
    }

    /**
     * A hash of the bytes from the first body field's value to the end of the last field before
     * CheckSum. Four words per step into four independent lanes, folded at the end: one chain of
     * multiplications through a 200-byte body cost ~45 ns a message, every message, for a check
     * that matters on the rare PossResend; the lanes let the CPU run the chains side by side.
     */
    private static long fingerprint(FixMessageView view, int body, int n) {
        final int last = n > 0 && view.tagAt(n - 1) == CHECKSUM ? n - 2 : n - 1;
        if (body > last) {
            return 0;
        }
        final DirectBuffer buffer = view.buffer();
        final int start = view.valueOffsetAt(body);
        final int end = view.valueOffsetAt(last) + view.valueLengthAt(last);
        buffer.boundsCheck(start, end - start);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        long a = view.tagAt(body) * MULTIPLIER;
        long b = a ^ LANE_SEED;
        long c = b ^ LANE_SEED;
        long d = c ^ LANE_SEED;
        int i = start;
        for (; i <= end - 4 * Long.BYTES; i += 4 * Long.BYTES) {
            a = mix(a ^ UncheckedReads.longLittleEndian(array, address + i));
            b = mix(b ^ UncheckedReads.longLittleEndian(array, address + i + Long.BYTES));
            c = mix(c ^ UncheckedReads.longLittleEndian(array, address + i + 2 * Long.BYTES));
            d = mix(d ^ UncheckedReads.longLittleEndian(array, address + i + 3 * Long.BYTES));
        }
        long h = a ^ Long.rotateLeft(b, 16) ^ Long.rotateLeft(c, 32) ^ Long.rotateLeft(d, 48);
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            h = mix(h ^ UncheckedReads.longLittleEndian(array, address + i));
        }
        for (; i < end; i++) {
            h = mix(h ^ UncheckedReads.byteAt(array, address + i));
        }
        return mix(h ^ (end - start));
    }

    private static long mix(long h) {
        final long x = h * MULTIPLIER;
        return x ^ (x >>> 29);
    }
}
