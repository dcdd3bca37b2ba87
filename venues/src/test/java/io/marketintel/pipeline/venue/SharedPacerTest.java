package io.marketintel.pipeline.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedPacerTest {

    /** A stream that throws is dropped; the pacer goes on with the others (it used to die with it). */
    @Test
    void shouldDropAStreamThatThrowsAndKeepPacingTheOthers() {
        try (SharedPacer pacer = new SharedPacer()) {
            final AtomicInteger brokenCalls = new AtomicInteger();
            final AtomicInteger healthyCalls = new AtomicInteger();
            pacer.add(now -> {
                brokenCalls.incrementAndGet();
                throw new IllegalStateException("a broken venue");
            });
            pacer.add(now -> healthyCalls.incrementAndGet() > 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> healthyCalls.get() >= 50);
            assertThat(brokenCalls.get()).isEqualTo(1);
        }
    }

    /** A stream that says it is over is called no more. */
    @Test
    void shouldDropAStreamThatIsOver() {
        try (SharedPacer pacer = new SharedPacer()) {
            final AtomicInteger overCalls = new AtomicInteger();
            final AtomicInteger otherCalls = new AtomicInteger();
            pacer.add(now -> overCalls.incrementAndGet() < 3);
            pacer.add(now -> otherCalls.incrementAndGet() > 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> otherCalls.get() >= 50);
            assertThat(overCalls.get()).isEqualTo(3);
        }
    }
}
