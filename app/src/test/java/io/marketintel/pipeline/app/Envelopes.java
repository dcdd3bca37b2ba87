package io.marketintel.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.sink.journal.JournalReader;
import io.marketintel.pipeline.venue.MarketEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: read envelopes back, and compare them with what a venue sent. */
final class Envelopes {
    private Envelopes() {
    }

    static Envelope parse(org.agrona.DirectBuffer buffer, int offset, int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        try {
            return Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("envelope does not parse", e);
        }
    }

    static List<Envelope> readJournal(Path directory) {
        final List<Envelope> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(directory)) {
            while (reader.poll((buffer, offset, length, segment, segmentOffset) -> out.add(parse(buffer, offset, length)),
                    10_000) > 0) {
                // until everything available is read
            }
        }
        return out;
    }

    /** Appends what the in-process consumer has now to {@code into}; returns how many. */
    static int drain(RealTimeDataPipeline pipeline, List<Envelope> into) {
        int total = 0;
        int n;
        while ((n = pipeline.poll((id, buffer, offset, length) -> into.add(parse(buffer, offset, length)), 1_000)) > 0) {
            total += n;
        }
        return total;
    }

    /**
     * Consumes like a real application (a tight loop, not a slow poll) until {@code done} holds or
     * the deadline passes; fails on the deadline.
     */
    static void consumeUntil(RealTimeDataPipeline pipeline, List<Envelope> into, java.util.function.BooleanSupplier done,
            java.time.Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (drain(pipeline, into) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within " + timeout + " after consuming " + into.size()
                            + " envelopes; metrics: " + pipeline.getPerformanceMetrics());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Counts data envelopes of a growing list, looking only at what was added since the last call. */
    static final class DataCounter {
        private int scanned;
        private int data;

        int count(List<Envelope> received) {
            for (; scanned < received.size(); scanned++) {
                if (!received.get(scanned).hasStatus()) {
                    data++;
                }
            }
            return data;
        }
    }

    static List<Envelope> ofSource(List<Envelope> all, String sourceId) {
        return all.stream().filter(e -> e.getSourceId().equals(sourceId)).collect(Collectors.toList());
    }

    static List<Envelope> data(List<Envelope> all) {
        return all.stream().filter(e -> e.getPayloadCase() != Envelope.PayloadCase.STATUS).collect(Collectors.toList());
    }

    static List<StreamStatus.State> states(List<Envelope> all) {
        return all.stream().filter(Envelope::hasStatus).map(e -> e.getStatus().getState()).collect(Collectors.toList());
    }

    /** ingest_seq must run 1, 2, 3, ... over every envelope of one source, status events included. */
    static void assertGapFreeIngestSeq(List<Envelope> ofOneSource) {
        for (int i = 0; i < ofOneSource.size(); i++) {
            assertThat(ofOneSource.get(i).getIngestSeq()).as("ingest_seq of envelope %d", i).isEqualTo(i + 1);
        }
    }

    static BigDecimal dec(Decimal d) {
        return BigDecimal.valueOf(d.getMantissa(), -d.getExponent());
    }

    /** The envelope is exactly the event the venue sent: symbol, exact decimals with their scale, side, ids, time. */
    static void assertMatches(Envelope envelope, MarketEvent sent) {
        assertThat(envelope.getSourceSeq()).isEqualTo(sent.seq());
        assertThat(envelope.getExchangeTimeNs()).isEqualTo(sent.exchangeTimeMs() * 1_000_000L);
        if (sent.kind() == MarketEvent.Kind.TRADE) {
            assertThat(envelope.hasTrade()).as("trade at seq %d", sent.seq()).isTrue();
            assertThat(envelope.getTrade().getSymbol()).isEqualTo(sent.symbol());
            assertThat(dec(envelope.getTrade().getPrice())).isEqualTo(sent.price());
            assertThat(dec(envelope.getTrade().getSize())).isEqualTo(sent.size());
            assertThat(envelope.getTrade().getAggressorSide()).isEqualTo(sent.buy() ? Side.SIDE_BUY : Side.SIDE_SELL);
            assertThat(envelope.getTrade().getTradeId()).isEqualTo(Long.toString(sent.tradeId()));
        } else {
            assertThat(envelope.hasQuote()).as("quote at seq %d", sent.seq()).isTrue();
            assertThat(envelope.getQuote().getSymbol()).isEqualTo(sent.symbol());
            assertThat(dec(envelope.getQuote().getBidPrice())).isEqualTo(sent.bidPrice());
            assertThat(dec(envelope.getQuote().getBidSize())).isEqualTo(sent.bidSize());
            assertThat(dec(envelope.getQuote().getAskPrice())).isEqualTo(sent.askPrice());
            assertThat(dec(envelope.getQuote().getAskSize())).isEqualTo(sent.askSize());
        }
    }
}
