package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.INGEST_SEQ;
import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.PUBLISH_NS;
import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.RECEIVE_NS;
import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.SOURCE_ID;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.schema.v1.Envelope;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A Binance spot trade (the documented example, 126 bytes) and a 10-level depth update (10 bids,
 * 10 asks, 707 bytes) turned from the frame's bytes into the canonical {@code Envelope} bytes by
 * three paths in the same run. Ours: {@link BinanceSpotDecoder} over the bytes in place (an
 * {@code UnsafeBuffer} over the frame's array) into a reused {@link CanonicalEvent}, its handler
 * encoding it with {@link EnvelopeWriter#encode} into the writer's scratch, from which {@code
 * SourcePublisher} copies it into the hand-off in the pipeline (as the peers' {@code byte[]}
 * would be). Jackson: {@link
 * JacksonBinancePath} (databind to records, generated builders, {@code toByteArray()}).
 * JsonFormat: {@link
 * JsonFormatBinancePath} (protobuf's JSON parser into venue-shaped generated messages, mapped with
 * the generated builders). {@link #setup()} checks that all three produce byte-identical
 * envelopes for both messages.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class BinanceDecodeBenchmark {
    private static final byte[] TRADE = BinanceSamples.TRADE;
    private static final byte[] DEPTH_UPDATE = BinanceSamples.DEPTH_UPDATE;

    // Ours
    private final UnsafeBuffer tradeFrame = new UnsafeBuffer(TRADE);
    private final UnsafeBuffer depthUpdateFrame = new UnsafeBuffer(DEPTH_UPDATE);
    private final BinanceSpotDecoder decoder = new BinanceSpotDecoder();
    private final CanonicalEvent event = new CanonicalEvent();
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ByteSlice sourceId = ByteSlice.of(SOURCE_ID);
    private final CanonicalEventHandler encode = this::encode;
    private int written;

    // Peers
    private final JacksonBinancePath jackson = new JacksonBinancePath();
    private final JsonFormatBinancePath jsonFormat = new JsonFormatBinancePath();

    @Setup
    public void setup() throws IOException {
        assertSame("trade", ours(tradeFrame), tradeJackson(), tradeJsonFormat());
        assertSame("depth update", ours(depthUpdateFrame), depthJackson(), depthJsonFormat());
    }

    @Benchmark
    public int tradeOurs() {
        written = 0;
        decoder.decode(tradeFrame, 0, TRADE.length, event, encode);
        return written;
    }

    @Benchmark
    public byte[] tradeJackson() throws IOException {
        return jackson.trade(TRADE, 0, TRADE.length);
    }

    @Benchmark
    public byte[] tradeJsonFormat() throws IOException {
        return jsonFormat.trade(TRADE, 0, TRADE.length);
    }

    @Benchmark
    public int depthOurs() {
        written = 0;
        decoder.decode(depthUpdateFrame, 0, DEPTH_UPDATE.length, event, encode);
        return written;
    }

    @Benchmark
    public byte[] depthJackson() throws IOException {
        return jackson.depthUpdate(DEPTH_UPDATE, 0, DEPTH_UPDATE.length);
    }

    @Benchmark
    public byte[] depthJsonFormat() throws IOException {
        return jsonFormat.depthUpdate(DEPTH_UPDATE, 0, DEPTH_UPDATE.length);
    }

    /** The one envelope ours makes of the frame, copied out; checks that the frame was data and made one. */
    private byte[] ours(UnsafeBuffer frame) {
        final int[] events = new int[1];
        written = 0;
        final DecodeOutcome outcome = decoder.decode(frame, 0, frame.capacity(), event, e -> {
            events[0]++;
            encode(e);
        });
        if (outcome != DecodeOutcome.DATA || events[0] != 1) {
            throw new IllegalStateException("ours decoded the sample as " + outcome + ", " + events[0] + " events");
        }
        final byte[] envelope = new byte[written];
        writer.encoded().getBytes(0, envelope);
        return envelope;
    }

    private void encode(CanonicalEvent e) {
        written += writer.encode(sourceId, INGEST_SEQ, RECEIVE_NS, PUBLISH_NS, e);
    }

    private static void assertSame(String message, byte[] ours, byte[] jackson, byte[] jsonFormat) throws IOException {
        if (ours.length == 0 || !Arrays.equals(ours, jackson) || !Arrays.equals(ours, jsonFormat)) {
            throw new IllegalStateException("the three paths disagree on the " + message + ":\nours "
                    + Envelope.parseFrom(ours) + "\njackson " + Envelope.parseFrom(jackson)
                    + "\njsonFormat " + Envelope.parseFrom(jsonFormat));
        }
    }
}
