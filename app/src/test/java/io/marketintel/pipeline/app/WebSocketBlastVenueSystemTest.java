package io.marketintel.pipeline.app;

import static io.marketintel.pipeline.app.Envelopes.assertGapFreeIngestSeq;
import static io.marketintel.pipeline.app.Envelopes.consumeUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The unpaced blast WebSocket venue (what {@code pipeline bench --protocol websocket} runs at rate
 * 0) writes whenever the client's channel takes more, with no timer: the pipeline gets every
 * message it sent, through the replay's wrap-around, and the venue stops while silent and carries
 * on after.
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

            // Silent again: every message the venue sent must come through, none lost on the way.
            venue.silent(true);
            final long sent = untilSteady(venue);
            consumeUntil(pipeline, all, () -> market(all) >= sent, WAIT);
            assertThat(market(all)).isEqualTo(sent);
            assertGapFreeIngestSeq(all);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("ws_blast").malformed()).isZero();
            // The replayed depth updates are numbered per connection: their chain holds across the wraps.
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("ws_blast").bookGaps()).isZero();
        }
    }

    private static long market(List<Envelope> all) {
        return all.stream().filter(e -> e.hasTrade() || e.hasBookUpdate()).count();
    }

    /** Waits until the venue's count stops moving (the same twice, 50 ms apart); returns it. */
    private static long untilSteady(WebSocketVenue venue) {
        final AtomicLong last = new AtomicLong(-1);
        await("a silent venue to stop sending").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> venue.messagesSent() == last.getAndSet(venue.messagesSent()));
        return last.get();
    }
}
