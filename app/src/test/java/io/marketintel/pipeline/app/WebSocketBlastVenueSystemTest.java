package io.marketintel.pipeline.app;

import static io.marketintel.pipeline.app.Envelopes.assertGapFreeIngestSeq;
import static io.marketintel.pipeline.app.Envelopes.consumeUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The unpaced blast WebSocket venue (what {@code pipeline bench --protocol websocket} runs at rate
 * 0) writes whenever the client's channel takes more, with no timer: the pipeline gets its
 * replayed messages in order, and the venue stops while silent and carries on after.
 */
class WebSocketBlastVenueSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldStreamUnpacedThroughTheReplayAndResumeAfterASilence() throws Exception {
        try (WebSocketVenue venue = WebSocketVenue.blast(31, 0, false);
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addWebSocketSource(DataSourceConfig.builder("ws_blast", Protocol.WEBSOCKET, venue.endpoint())
                    .format("binance")
                    .subscribe(List.of(BinanceFormatter.subscribeRequest(1, "btcusdt@trade", "btcusdt@depth")))
                    .build());
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            // More than the 4,096 rendered messages: the replay wraps around.
            consumeUntil(pipeline, all, () -> market(all) >= 20_000, WAIT);
            assertThat(all).anyMatch(Envelope::hasTrade).anyMatch(Envelope::hasBookUpdate);

            venue.silent(true);
            final long sentWhenSilent = untilSteady(venue);
            venue.silent(false);
            consumeUntil(pipeline, all, () -> venue.messagesSent() >= sentWhenSilent + 5_000, WAIT);

            consumeUntil(pipeline, all, () -> market(all) >= venue.messagesSent() - 5_000, WAIT);
            assertGapFreeIngestSeq(all);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("ws_blast").malformed()).isZero();
        }
    }

    private static long market(List<Envelope> all) {
        return all.stream().filter(e -> e.hasTrade() || e.hasBookUpdate()).count();
    }

    /** Waits until the venue's count stops moving (twice the same 50 ms apart); returns it. */
    private static long untilSteady(WebSocketVenue venue) {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            final long now = venue.messagesSent();
            if (now == last) {
                return now;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("a silent venue kept sending: " + venue.messagesSent());
    }
}
