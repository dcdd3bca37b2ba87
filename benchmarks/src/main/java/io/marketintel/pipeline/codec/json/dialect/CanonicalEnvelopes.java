package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import java.math.BigDecimal;

/**
 * What the two peer paths of {@link BinanceDecodeBenchmark} share when they build the canonical
 * {@code Envelope} with the generated builders: the envelope header (the same source id, ingest
 * sequence and receive/publish times as ours is given) and exact decimals from the venue's text.
 */
final class CanonicalEnvelopes {
    static final String SOURCE_ID = "binance_1";
    static final long INGEST_SEQ = 7;
    static final long RECEIVE_NS = 1_672_515_782_140_000_000L;
    static final long PUBLISH_NS = 1_672_515_782_140_100_000L;
    /** Binance times are epoch milliseconds. */
    static final long NANOS_PER_MILLI = 1_000_000L;

    private CanonicalEnvelopes() {
    }

    static Envelope.Builder envelope(long sourceSeq, long exchangeTimeMs) {
        return Envelope.newBuilder()
                .setSourceId(SOURCE_ID)
                .setSourceSeq(sourceSeq)
                .setIngestSeq(INGEST_SEQ)
                .setExchangeTimeNs(exchangeTimeMs * NANOS_PER_MILLI)
                .setReceiveTimeNs(RECEIVE_NS)
                .setPublishTimeNs(PUBLISH_NS);
    }

    /** "0.00100000" → (100000, -8): the scale the venue sent is kept, as ours keeps it. */
    static Decimal decimal(String text) {
        final BigDecimal value = new BigDecimal(text);
        return Decimal.newBuilder()
                .setMantissa(value.unscaledValue().longValueExact())
                .setExponent(-value.scale())
                .build();
    }
}
