package io.marketintel.pipeline.venue.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.venue.BinanceFormatter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * An unpaced venue (rate 0) writes while the client's channel takes more and has no timer: when a
 * client stops reading, the venue stops writing, and it must carry on by itself once the client
 * reads again. The client is the JDK's WebSocket, whose reading is driven by explicit demand.
 */
class WebSocketVenueUnpacedTest {
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

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
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (venue.messagesSent() < stalledAt + 50_000 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertThat(venue.messagesSent()).as("sent after the client read again").isGreaterThanOrEqualTo(stalledAt + 50_000);
            assertThat(received.get()).isGreaterThan(stalledAt);
            socket.abort();
        }
    }

    /** Waits until the venue's count stops moving (twice the same 100 ms apart) with data sent; returns it. */
    private static long untilSteady(WebSocketVenue venue) {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        long last = -1;
        while (System.nanoTime() < deadline) {
            final long now = venue.messagesSent();
            if (now > 0 && now == last) {
                return now;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("the venue kept writing to a client that does not read: " + venue.messagesSent());
    }
}
