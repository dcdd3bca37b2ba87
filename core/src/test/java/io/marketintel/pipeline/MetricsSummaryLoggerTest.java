package io.marketintel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.metrics.SourcePerformance;
import io.marketintel.pipeline.source.SourceState;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The periodic metrics line, and the warning about book updates that could not be checked for gaps. */
class MetricsSummaryLoggerTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("io.marketintel.pipeline.metrics");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong unchecked = new AtomicLong();
    private final MetricsSummaryLogger logger = new MetricsSummaryLogger(() -> new PerformanceMetrics(10, 0.001, 1, 2, 1,
            Map.of("ws_1", new SourcePerformance("ws_1", "websocket", SourceState.SUBSCRIBED, 10, 10, 1000, 0, 0, 0, 0, 0,
                    0, unchecked.get(), 0, 0.001, 1, 2, 3)), 10, 0, 1024, 0, true));

    @BeforeEach
    void capture() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void release() {
        log.detachAppender(lines);
    }

    /** Once per increase, not on every line for the rest of the run (found by review). */
    @Test
    void warnsAboutUncheckedBookUpdatesWhenThereAreMore() {
        logger.log();
        unchecked.set(5);
        logger.log();
        logger.log();
        unchecked.set(7);
        logger.log();

        assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .hasSize(2)
                .satisfiesExactly(
                        first -> assertThat(first).contains("5 book updates were not checked for gaps (5 since the last line)"),
                        second -> assertThat(second).contains("7 book updates", "(2 since the last line)"));
        assertThat(lines.list.stream().filter(e -> e.getLevel() == Level.INFO)).hasSize(4);
    }
}
