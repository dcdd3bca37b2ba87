package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WsTestSupport.consumeUntil;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.count;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.data;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.states;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.marketintel.pipeline.source.SourceState;
import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Session behaviour: silence, restarts, subscriptions, heartbeat, backoff, the close handshake. */
class WebSocketSourceSessionTest {
    private static final List<String> SUBSCRIBE = List.of(
            BinanceFormatter.subscribeRequest(1, "btcusdt@trade"),
            BinanceFormatter.subscribeRequest(2, "btcusdt@depth"),
            BinanceFormatter.subscribeRequest(3, "ethusdt@trade"));

    /** Every request arrives (they may still be in flight when the source reports SUBSCRIBED), none twice. */
    private static void exactlyOncePerConnection(WebSocketVenue venue, int connections) {
        final int expected = SUBSCRIBE.size() * connections;
        await().atMost(WsTestSupport.WAIT).until(() -> venue.subscriptionsReceived() >= expected);
        await().during(Duration.ofMillis(200)).atMost(WsTestSupport.WAIT)
                .until(() -> venue.subscriptionsReceived() == expected);
    }

    @Test
    void shouldDetectASilentVenueWithinStaleTimeoutAndReconnectAndResubscribe() throws Exception {
        try (WebSocketVenue venue = new WebSocketVenue(0, 11, 500, 0); RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("quiet", venue.endpoint()).subscribe(SUBSCRIBE)
                    .staleTimeout(Duration.ofMillis(300)).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= 50);

            venue.silent(true);
            final long silentAtNs = System.nanoTime();
            consumeUntil(pipeline, received, () -> states(received).contains(State.STALE));
            final long detectedAfterMs = (System.nanoTime() - silentAtNs) / 1_000_000;
            venue.silent(false);
            consumeUntil(pipeline, received, () -> venue.connections() >= 2 && count(received, State.SUBSCRIBED) >= 2);

            // Within the timeout plus the tick and one message interval; not long after.
            assertThat(detectedAfterMs).isLessThan(300 + 700);
            assertThat(states(received)).containsSubsequence(State.SUBSCRIBED, State.STALE, State.DISCONNECTED,
                    State.BACKOFF, State.CONNECTING, State.CONNECTED, State.GAP_DETECTED, State.SUBSCRIBED);
            assertThat(venue.connections()).isEqualTo(2);
            exactlyOncePerConnection(venue, 2);
        }
    }

    @Test
    void shouldReconnectAndResubscribeExactlyOncePerConnectionWhenTheVenueRestarts() throws Exception {
        final WebSocketVenue first = new WebSocketVenue(0, 5, 1_000, 0);
        final int port = first.port();
        try (RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("restart", first.endpoint()).subscribe(SUBSCRIBE)
                    .websocket(WebSocketOptions.builder().subscribeRatePerSecond(50).build()).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= 100);
            exactlyOncePerConnection(first, 1);
            first.close();
            consumeUntil(pipeline, received, () -> count(received, State.BACKOFF) >= 2);

            try (WebSocketVenue second = new WebSocketVenue(port, 6, 1_000, 0)) {
                final int before = data(received).size();
                consumeUntil(pipeline, received, () -> data(received).size() >= before + 100
                        && count(received, State.SUBSCRIBED) >= 2);
                assertThat(second.connections()).isEqualTo(1);
                exactlyOncePerConnection(second, 1);
                assertThat(count(received, State.SUBSCRIBED)).isEqualTo(2);
                assertThat(count(received, State.GAP_DETECTED)).isEqualTo(1);
                assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("restart").malformed()).isZero();
            }
        }
    }

    @Test
    void shouldPaceSubscriptionsAtTheConfiguredRate() throws Exception {
        try (WebSocketVenue venue = new WebSocketVenue(0, 8, 100, 0); RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("paced", venue.endpoint()).subscribe(SUBSCRIBE)
                    .websocket(WebSocketOptions.builder().subscribeRatePerSecond(5).build()).build());
            final long startNs = System.nanoTime();
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> pipeline.receivers().get("paced").state() == SourceState.SUBSCRIBED);
            // Three requests at 5 per second: the third goes out 400 ms after the first.
            assertThat((System.nanoTime() - startNs) / 1_000_000).isGreaterThanOrEqualTo(400);
            exactlyOncePerConnection(venue, 1);
        }
    }

    @Test
    void shouldSendTheHeartbeatAndKeepItsReplyFromTheDecoder() throws Exception {
        try (WebSocketVenue venue = new WebSocketVenue(0, 9, 50, 0); RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("beat", venue.endpoint()).subscribe(SUBSCRIBE)
                    .websocket(WebSocketOptions.builder().heartbeat("ping", Duration.ofMillis(50), "pong").build())
                    .build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "beat");
            consumeUntil(pipeline, received, () -> source.heartbeatReplies() >= 5 && data(received).size() >= 10);
            final var perf = pipeline.getPerformanceMetrics().sourcesPerformance().get("beat");
            // "pong" is neither data nor a malformed or raw message.
            assertThat(perf.malformed()).isZero();
            assertThat(data(received)).allSatisfy(e -> assertThat(e.hasRaw()).isFalse());
        }
    }

    @Test
    void shouldCountHeartbeatRepliesAsSignsOfLifeOnAQuietFeed() throws Exception {
        // No subscription: the venue sends no market data, it only answers "ping" with "pong".
        try (WebSocketVenue venue = new WebSocketVenue(0, 21, 100, 0); RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("quiet", venue.endpoint()).staleTimeout(Duration.ofMillis(300))
                    .websocket(WebSocketOptions.builder().heartbeat("ping", Duration.ofMillis(50), "pong").build()).build());
            pipeline.startAllReceivers().get();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "quiet");
            final List<Envelope> received = new ArrayList<>();
            final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            consumeUntil(pipeline, received, () -> System.nanoTime() > until);

            assertThat(source.heartbeatReplies()).as("pongs received in 1.5 s").isGreaterThan(10);
            assertThat(states(received)).as("statuses: %s", statuses(received)).doesNotContain(State.STALE);
            assertThat(venue.connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldNotCallAVenueStaleWhileBackpressureHasStoppedTheReads() throws Exception {
        try (WebSocketVenue venue = new WebSocketVenue(0, 22, 5_000, 0);
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().metricsLogInterval(Duration.ZERO)
                        .tickInterval(Duration.ofMillis(10)).handoffCapacityBytes(64 * 1024)
                        .consumerCapacityBytes(64 * 1024).build()) {
            pipeline.addWebSocketSource(WsTestSupport.source("busy", venue.endpoint()).staleTimeout(Duration.ofMillis(300))
                    .subscribe(List.of(BinanceFormatter.subscribeRequest(1, "btcusdt@trade"))).build());
            pipeline.startAllReceivers().get();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "busy");
            await().atMost(WsTestSupport.WAIT).until(() -> source.metrics().blockedBatches() > 0);
            // A consumer busy for a second, over three stale timeouts; the venue keeps sending meanwhile.
            final long busyUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > busyUntil);

            final List<Envelope> received = new ArrayList<>();
            final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            consumeUntil(pipeline, received, () -> System.nanoTime() > until);

            assertThat(states(received)).as("statuses: %s", statuses(received)).doesNotContain(State.STALE);
            assertThat(venue.connections()).isEqualTo(1);
            assertThat(source.state()).isEqualTo(SourceState.SUBSCRIBED);
        }
    }

    @Test
    void shouldBackOffEverLongerFromAVenueThatClosesEveryConnectionAtOnce() throws Exception {
        // Close 1008 (policy violation) right after every upgrade, as a venue refusing a key would.
        try (RawWebSocketServer server = new RawWebSocketServer(false,
                (n, c) -> c.frame(0x88, new byte[] {0x03, (byte) 0xF0}, false));
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("flapping", server.endpoint())
                    .reconnectInterval(Duration.ofMillis(100)).reconnectMaxInterval(Duration.ofSeconds(10))
                    .maxReconnectAttempts(4).build());
            pipeline.startAllReceivers().get();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "flapping");
            final List<Envelope> received = new ArrayList<>();
            // 100 + 200 + 400 + 800 ms of backoff, then the fifth close gives up.
            consumeUntil(pipeline, received, () -> states(received).contains(State.FAILED));

            assertThat(source.state()).isEqualTo(SourceState.FAILED);
            assertThat(server.connections.get()).isEqualTo(5);
            assertThat(states(received)).as("statuses: %s", statuses(received)).endsWith(State.FAILED);
        }
    }

    @Test
    void shouldSendNoDataFrameAfterItsCloseFrame() throws Exception {
        // The venue never answers our close, so the source waits out the close timeout while its
        // 20 ms heartbeat would keep firing (RFC 6455 section 5.5.1: no data frame after a close).
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> { });
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("beat", server.endpoint())
                    .websocket(WebSocketOptions.builder().heartbeat("ping", Duration.ofMillis(20), "pong").build())
                    .build());
            pipeline.startAllReceivers().get();
            await().atMost(WsTestSupport.WAIT).until(() -> server.textsReceived.size() >= 3);

            WsTestSupport.wsSource(pipeline, "beat").stop().get(10, TimeUnit.SECONDS);

            final List<String> frames = List.copyOf(server.clientFrames);
            final int close = frames.indexOf("close:1000");
            assertThat(close).as("our close frame in %s", frames).isNotNegative();
            assertThat(frames.subList(close + 1, frames.size())).as("frames sent after our close").isEmpty();
        }
    }

    @Test
    void shouldPublishNoDataAfterTheStoppedStatus() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> {
            for (int id = 1; id < 100_000; id++) {
                c.text(JettyBinanceServer.trade(id));
                Thread.sleep(2);
            }
        }); RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("feed", server.endpoint()).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= 20);

            WsTestSupport.wsSource(pipeline, "feed").stop().get(10, TimeUnit.SECONDS);
            WsTestSupport.drain(pipeline, received);

            final List<State> states = states(received);
            assertThat(states).contains(State.STOPPED);
            final int stopped = received.indexOf(received.stream()
                    .filter(e -> e.hasStatus() && e.getStatus().getState() == State.STOPPED).findFirst().orElseThrow());
            assertThat(data(received.subList(stopped + 1, received.size()))).as("data envelopes after STOPPED").isEmpty();
        }
    }
}
