package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
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
 * Where the time of {@link FixIncrementalRefreshBenchmark#ours()} goes: each stage of it alone on
 * the same 35=X, in nanoseconds per message. {@code frame} is the framer's validation (CheckSum
 * included) with a handler that only counts; {@code checksum} the CheckSum alone; {@code walk}
 * the field tokenizer over every field; {@code read} the market-data pass (walk plus entries
 * checked and parsed); {@code decode} the whole decoder to a filled {@link CanonicalEvent},
 * its handler only counting; {@code encode} the envelope of that event; {@code sessionThenDecode}
 * what a FIX source does per message before the encode (the session layer's {@link
 * FixMessageView} index, then the decoder walking the bytes again) and {@code
 * sessionThenDecodeReusingIndex} the same with the decoder reading the view's index ({@link
 * FixMarketDataDecoder#reuseIndexOf}), as the source now does. The stages do not add up
 * to the whole: run together the JIT compiles one larger unit and the stages share the CPU's
 * predictors and caches, which measured 60-90 ns more than the sum. For finding what to work on,
 * not for comparison with the peer: that is {@link FixIncrementalRefreshBenchmark}.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FixIncrementalRefreshStagesBenchmark {
    private final UnsafeBuffer input =
            new UnsafeBuffer(FixIncrementalRefreshBenchmark.MESSAGE.getBytes(StandardCharsets.US_ASCII));
    private final int trailerStart = input.capacity() - 7; // "10=ddd" + SOH
    private final FixFramer framer = new FixFramer();
    private final FixFieldReader fields = new FixFieldReader(FixMessageView.DEFAULT_MAX_FIELDS);
    private final MarketDataReader reader =
            new MarketDataReader(new MarketDataEntries(FixMarketDataDecoder.DEFAULT_MAX_ENTRIES));
    private final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
    private final FixMessageView view = new FixMessageView();
    private final CanonicalEvent decoded = new CanonicalEvent();
    private final CanonicalEvent event = new CanonicalEvent();
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ByteSlice sourceId = ByteSlice.of("fix_1");
    private long events;
    private final CanonicalEventHandler count = e -> events++;
    private final FixFrameHandler frames = new CountingFrames();

    @Setup
    public void setup() {
        if (decoder.decode(input, 0, input.capacity(), decoded, count) != DecodeOutcome.DATA) {
            throw new IllegalStateException("the benchmark message does not decode");
        }
    }

    @Benchmark
    public int checksum() {
        return FixBytes.checksum(input, 0, trailerStart);
    }

    @Benchmark
    public int frame() {
        return framer.frame(input, 0, input.capacity(), frames);
    }

    @Benchmark
    public int walk() {
        fields.wrap(input, 0, input.capacity());
        int sum = 0;
        int tag;
        while ((tag = fields.next()) >= 0) {
            sum += tag;
        }
        return sum;
    }

    @Benchmark
    public FixMalformedReason read() {
        fields.wrap(input, 0, input.capacity());
        return reader.read(fields, true, FixMarketDataDecoder.DEFAULT_MAX_ENTRIES);
    }

    @Benchmark
    public DecodeOutcome decode() {
        return decoder.decode(input, 0, input.capacity(), event, count);
    }

    @Benchmark
    public DecodeOutcome sessionThenDecode() {
        view.wrap(input, 0, input.capacity());
        return decoder.decode(input, 0, input.capacity(), event, count);
    }

    @Benchmark
    public DecodeOutcome sessionThenDecodeReusingIndex() {
        view.wrap(input, 0, input.capacity());
        decoder.reuseIndexOf(view);
        return decoder.decode(input, 0, input.capacity(), event, count);
    }

    @Benchmark
    public int encode() {
        return writer.encode(sourceId, 7, 1L, 2L, decoded);
    }

    private final class CountingFrames extends StrictFrames {
        @Override
        public boolean onMessage(DirectBuffer buffer, int offset, int length) {
            events++;
            return true;
        }
    }
}
