package io.marketintel.pipeline.connector.fix;

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
    private static final String MESSAGE = build("35=X|34=1042|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|262=req-1|"
            + "268=4|279=0|269=0|55=EUR/USD|270=1.08010|271=1000000|279=1|269=0|55=EUR/USD|270=1.08005|271=2500000|"
            + "279=2|269=1|55=EUR/USD|270=1.08030|279=0|269=1|55=EUR/USD|270=1.08040|271=7000000|");

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

    /** '|' for SOH; BodyLength and CheckSum computed. */
    private static String build(String body) {
        final String soh = body.replace('|', '\001');
        final String head = "8=FIX.4.4\0019=" + soh.length() + "\001" + soh;
        int sum = 0;
        for (int i = 0; i < head.length(); i++) {
            sum += head.charAt(i);
        }
        return head + String.format("10=%03d\001", sum & 0xFF);
    }
}
