package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.MutableDecimal;
import java.nio.charset.StandardCharsets;
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
 * Where the time of {@link BinanceDecodeBenchmark}'s {@code tradeOurs} and {@code depthOurs} goes:
 * the decode alone (and that of a bookTicker) (into a {@link CanonicalEvent}, its handler only counting) and the encode
 * alone (of that event, into the same buffer type), in nanoseconds per message. As with any
 * split, the two together cost somewhat more than the sum. For finding what to work on; the
 * comparison with the peers is {@link BinanceDecodeBenchmark}.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class BinanceDecodeStagesBenchmark {
    private final UnsafeBuffer trade = new UnsafeBuffer(BinanceSamples.TRADE);
    private final UnsafeBuffer depthUpdate = new UnsafeBuffer(BinanceSamples.DEPTH_UPDATE);
    /** The documented bookTicker payload, compact: 124 bytes. */
    private final UnsafeBuffer bookTicker = new UnsafeBuffer(("{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\","
            + "\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}").getBytes(StandardCharsets.US_ASCII));
    /** One depth level's two decimals, as the depth update carries them. */
    private final UnsafeBuffer level = new UnsafeBuffer("[\"16850.00000000\",\"0.01234567\"],".getBytes(StandardCharsets.US_ASCII));
    private final MutableDecimal decimal = new MutableDecimal();
    private final BinanceSpotDecoder decoder = new BinanceSpotDecoder();
    private final CanonicalEvent decodedTrade = new CanonicalEvent();
    private final CanonicalEvent decodedDepthUpdate = new CanonicalEvent();
    private final CanonicalEvent event = new CanonicalEvent();
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ByteSlice sourceId = ByteSlice.of("binance_1");
    private long events;
    private final CanonicalEventHandler count = e -> events++;

    @Setup
    public void setup() {
        if (decoder.decode(trade, 0, trade.capacity(), decodedTrade, count) != DecodeOutcome.DATA
                || decoder.decode(depthUpdate, 0, depthUpdate.capacity(), decodedDepthUpdate, count) != DecodeOutcome.DATA
                || decoder.decode(bookTicker, 0, bookTicker.capacity(), event, count) != DecodeOutcome.DATA) {
            throw new IllegalStateException("the benchmark messages do not decode");
        }
    }

    @Benchmark
    public DecodeOutcome tradeDecode() {
        return decoder.decode(trade, 0, trade.capacity(), event, count);
    }

    @Benchmark
    public int tradeEncode() {
        return writer.encode(sourceId, 7, 1L, 2L, decodedTrade);
    }

    @Benchmark
    public DecodeOutcome depthDecode() {
        return decoder.decode(depthUpdate, 0, depthUpdate.capacity(), event, count);
    }

    @Benchmark
    public DecodeOutcome bookTickerDecode() {
        return decoder.decode(bookTicker, 0, bookTicker.capacity(), event, count);
    }

    /** {@link DecimalParser#parsePrefix} on a 14-byte price, as a depth level's first value. */
    @Benchmark
    public long decimalPrice() {
        return DecimalParser.parsePrefix(level, 2, level.capacity(), decimal) + decimal.mantissa();
    }

    /** {@link DecimalParser#parsePrefix} on a 10-byte quantity, as a depth level's second value. */
    @Benchmark
    public long decimalQuantity() {
        return DecimalParser.parsePrefix(level, 19, level.capacity(), decimal) + decimal.mantissa();
    }

    @Benchmark
    public int depthEncode() {
        return writer.encode(sourceId, 7, 1L, 2L, decodedDepthUpdate);
    }
}
