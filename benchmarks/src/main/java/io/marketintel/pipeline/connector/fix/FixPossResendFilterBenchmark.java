package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixIncrementalRefreshBenchmark;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
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
 * What {@link FixPossResendFilter#admit} costs a FIX source per in-sequence application message:
 * the body fingerprint it keeps so that a later PossResend copy can be recognised, on the 35=X of
 * {@code FixIncrementalRefreshBenchmark} (not a PossResend, so nothing is looked up), indexed once
 * in setup as the session layer indexes it.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class FixPossResendFilterBenchmark {
    private static final String MESSAGE = FixIncrementalRefreshBenchmark.MESSAGE;

    private final FixMessageView view = new FixMessageView();
    private final FixPossResendFilter filter = new FixPossResendFilter();

    @Setup
    public void setup() {
        final FixWrapResult result =
                view.wrap(new UnsafeBuffer(MESSAGE.getBytes(StandardCharsets.US_ASCII)), 0, MESSAGE.length());
        if (result != FixWrapResult.OK || view.fieldCount() != 29 || !filter.admit(view)) {
            throw new IllegalStateException("the benchmark message does not index");
        }
    }

    @Benchmark
    public boolean admit() {
        return filter.admit(view);
    }
}
