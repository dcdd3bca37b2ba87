package io.marketintel.pipeline.venue.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.venue.BinanceFormatter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An unpaced venue (rate 0) writes while the client's channel takes more and has no timer: when a
 * client stops reading, the venue stops writing, and it must carry on by itself once the client
 * reads again. The client is the JDK's WebSocket, whose reading is driven by explicit demand.
 */
class WebSocketVenueUnpacedTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldStopWhileTheClientDoesNotReadAndCarryOnWhenItDoes() throws Exception {
        try (WebSocketVenue venue = WebSocketVenue.blast(5, 0, false)) {
            final AtomicLong received = new AtomicLong();
            final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(venue.endpoint()), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            // No demand yet: nothing is read until the test asks.
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            if (last) {
                                received.incrementAndGet();
                            }
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText(BinanceFormatter.subscribeRequest(1, "btcusdt@trade", "btcusdt@depth"), true)
                    .get(10, TimeUnit.SECONDS);

            final long stalledAt = untilSteady(venue);
            assertThat(received.get()).isZero();

            socket.request(Long.MAX_VALUE);
            await("the venue to carry on once the client reads").atMost(WAIT)
                    .until(() -> venue.messagesSent() >= stalledAt + 50_000 && received.get() > stalledAt);
            socket.abort();
        }
    }

    /** Waits until the venue's count stops moving (the same twice, 100 ms apart) with data sent; returns it. */
    private static long untilSteady(WebSocketVenue venue) {
        final AtomicLong last = new AtomicLong(-1);
        await("the venue to stop writing to a client that does not read").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    final long now = venue.messagesSent();
                    return now > 0 && now == last.getAndSet(now);
                });
        return last.get();
    }
}
