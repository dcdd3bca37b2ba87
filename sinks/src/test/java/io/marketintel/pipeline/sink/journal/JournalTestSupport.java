package io.marketintel.pipeline.sink.journal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Raw;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.Trade;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds envelopes and journals for the tests, and reads them back with the generated classes. */
final class JournalTestSupport {
    private JournalTestSupport() {
    }

    /** A trade envelope whose size varies with {@code i}, so records straddle buffers and segments differently. */
    static Envelope envelope(long i) {
        return Envelope.newBuilder()
                .setSourceId("ws_source_" + (i % 7))
                .setSourceSeq(1_000_000 + i)
                .setIngestSeq(i + 1)
                .setReceiveTimeNs(1_700_000_000_000_000_000L + i)
                .setTrade(Trade.newBuilder()
                        .setSymbol("BTCUSDT".repeat(1 + (int) (i % 5)))
                        .setPrice(Decimal.newBuilder().setMantissa(2_700_050 + i).setExponent(-2))
                        .setSize(Decimal.newBuilder().setMantissa(15).setExponent(-3))
                        .setAggressorSide(i % 2 == 0 ? Side.SIDE_BUY : Side.SIDE_SELL)
                        .setTradeId("t-" + i))
                .build();
    }

    static List<Envelope> envelopes(int count) {
        return IntStream.range(0, count).mapToObj(JournalTestSupport::envelope).toList();
    }

    static Envelope rawEnvelope(int payloadBytes) {
        byte[] bytes = new byte[payloadBytes];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return Envelope.newBuilder().setSourceId("big").setIngestSeq(1)
                .setRaw(Raw.newBuilder().setFormat("blob").setData(ByteString.copyFrom(bytes))).build();
    }

    static JournalConfig config(Path directory, long segmentBytes, FsyncPolicy fsync) {
        return new JournalConfig(directory, segmentBytes, fsync, Duration.ofSeconds(1));
    }

    /** Writes the envelopes through a sink and closes it. */
    static void writeJournal(JournalConfig config, List<Envelope> envelopes) {
        try (JournalSink sink = JournalSink.open(config)) {
            envelopes.forEach(e -> offer(sink, e));
        }
    }

    static void offer(JournalSink sink, Envelope envelope) {
        byte[] bytes = envelope.toByteArray();
        // An offset inside a larger buffer checks that offsets are honoured.
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 10]);
        buffer.putBytes(3, bytes);
        if (!sink.onEnvelope(buffer, 3, bytes.length)) {
            throw new AssertionError("journal sink refused an envelope");
        }
    }

    /** A record as delivered: the envelope and where it was. */
    record Delivered(Envelope envelope, Path segment, long offset) {
    }

    /** Collects what a reader delivers, parsing each payload with the generated class. */
    static final class Collector implements JournalRecordHandler {
        final List<Delivered> delivered = new ArrayList<>();

        @Override
        public void onRecord(org.agrona.DirectBuffer buffer, int offset, int length, Path segment, long segmentOffset) {
            byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            try {
                delivered.add(new Delivered(Envelope.parseFrom(bytes), segment, segmentOffset));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("record at " + segment + ":" + segmentOffset + " is not an Envelope", e);
            }
        }

        List<Envelope> envelopes() {
            return delivered.stream().map(Delivered::envelope).toList();
        }
    }

    /** Reads every record available now from a directory or a segment file. */
    static List<Delivered> readAll(Path path) {
        Collector collector = new Collector();
        try (JournalReader reader = JournalReader.open(path)) {
            reader.readAvailable(collector);
        }
        return collector.delivered;
    }

    static List<Envelope> readEnvelopes(Path path) {
        return readAll(path).stream().map(Delivered::envelope).toList();
    }
}
