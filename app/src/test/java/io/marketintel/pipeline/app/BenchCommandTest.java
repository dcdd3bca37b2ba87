package io.marketintel.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.app.bench.BenchReport;
import io.marketintel.pipeline.app.bench.BenchRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark harness works end to end; the numbers themselves are measured, not asserted. */
class BenchCommandTest {

    @Test
    void shouldMoveMessagesThroughTheWholePipelineAndReportWhatItMeasured() throws Exception {
        final BenchReport report = new BenchRunner(2, 2_000, Duration.ofMillis(500), Duration.ofSeconds(1)).run();
        assertThat(report.messages()).isPositive();
        assertThat(report.messagesPerSecond()).isPositive();
        assertThat(report.processingP50Us()).isPositive();
        assertThat(report.endToEndP50Us()).isPositive();
        assertThat(report.dropped()).isZero();
        assertThat(report.malformed()).isZero();
        assertThat(report.toJson()).startsWith("{\"sources\":2,").contains("\"messagesPerSecond\":");
        assertThat(report.toText()).contains("throughput", "read→hand-off");
    }

    @Test
    void shouldRefuseADurationWithoutUnit() {
        assertThat(PipelineCli.execute("bench", "--duration", "5")).isEqualTo(2);
    }
}
