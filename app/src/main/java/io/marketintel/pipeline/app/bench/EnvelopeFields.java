package io.marketintel.pipeline.app.bench;

import io.marketintel.pipeline.schema.v1.Envelope;
import org.agrona.DirectBuffer;

/**
 * Reads one int64 header field of an encoded envelope in place (no parse, no allocation), so the
 * benchmark's consumer can time envelopes without slowing down the stream it measures.
 */
final class EnvelopeFields {
    private EnvelopeFields() {
    }

    /** The value of varint field {@code field}, or 0 if absent. Only header fields (before the payload). */
    static long int64(DirectBuffer buffer, int offset, int length, int field) {
        int i = offset;
        final int end = offset + length;
        while (i < end) {
            long key = 0;
            int shift = 0;
            byte b;
            do {
                b = buffer.getByte(i++);
                key |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0 && i < end);
            final int number = (int) (key >>> 3);
            final int wireType = (int) (key & 7);
            if (wireType == 0) {
                long value = 0;
                shift = 0;
                do {
                    b = buffer.getByte(i++);
                    value |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0 && i < end);
                if (number == field) {
                    return value;
                }
            } else if (wireType == 2) {
                if (number >= Envelope.TRADE_FIELD_NUMBER) {
                    return 0; // the payload: header fields come before it
                }
                int len = 0;
                shift = 0;
                do {
                    b = buffer.getByte(i++);
                    len |= (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0 && i < end);
                i += len;
            } else {
                return 0;
            }
        }
        return 0;
    }
}
