package io.marketintel.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.app.bench.BenchProtocol;
import io.marketintel.pipeline.app.bench.BenchReport;
import io.marketintel.pipeline.app.bench.BenchRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmark harness works end to end; the numbers themselves are measured, not asserted. */
class BenchCommandTest {

    @Test
    void shouldMoveMessagesThroughTheWholePipelineAndReportWhatItMeasured() throws Exception {
        final BenchReport report = new BenchRunner(2, 2_000, Duration.ofMillis(500), Duration.ofSeconds(1)).run();
        assertThat(report.messages()).isPositive();
        assertThat(report.messagesPerSecond()).isPositive();
        assertThat(report.processingP50Us()).isPositive();
        assertThat(report.endToEndP50Us()).isPositive();
        // The pipeline's threads are part of the process, and not all of it (the venues run in it too).
        assertThat(report.pipelineCpuMicrosPerMessage()).isPositive().isLessThan(report.cpuMicrosPerMessage());
        assertThat(report.dropped()).isZero();
        assertThat(report.malformed()).isZero();
        assertThat(report.toJson()).contains("\"pipelineCpuMicrosPerMessage\":").startsWith("{\"protocol\":\"tcp\",\"sources\":2,").contains("\"messagesPerSecond\":");
        assertThat(report.toText()).contains("2 TCP sources", "throughput", "read→hand-off", "on the pipeline's own threads");
    }

    @ParameterizedTest
    @CsvSource({"WEBSOCKET, false, websocket", "WEBSOCKET, true, websocket+deflate", "FIX, false, fix"})
    void shouldBenchWebSocketAndFixSourcesAgainstTheirSimulatedVenues(BenchProtocol protocol, boolean deflate,
            String label) throws Exception {
        final BenchReport report =
                new BenchRunner(protocol, deflate, 2, 500, Duration.ofSeconds(1), Duration.ofSeconds(1)).run();
        assertThat(report.protocol()).isEqualTo(label);
        // Two sources at 500 msg/s for a second: far fewer would mean the sources never subscribed.
        assertThat(report.messages()).isGreaterThan(300);
        assertThat(report.avgMessageBytes()).isGreaterThan(50);
        assertThat(report.processingP50Us()).isPositive();
        assertThat(report.endToEndP50Us()).isPositive();
        assertThat(report.dropped()).isZero();
        assertThat(report.malformed()).isZero();
        // The venues number each book's updates as the real ones do: no break the venue did not mean.
        assertThat(report.bookGaps()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownProtocolAndDeflateOutsideWebSocket() {
        assertThat(PipelineCli.execute("bench", "--protocol", "carrier-pigeon", "--duration", "1s")).isEqualTo(2);
        assertThat(PipelineCli.execute("bench", "--protocol", "fix", "--deflate", "--duration", "1s")).isEqualTo(2);
    }

    @Test
    void shouldRefuseADurationWithoutUnit() {
        assertThat(PipelineCli.execute("bench", "--duration", "5")).isEqualTo(2);
    }
}
