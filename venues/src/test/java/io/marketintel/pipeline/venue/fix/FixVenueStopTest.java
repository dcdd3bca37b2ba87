package io.marketintel.pipeline.venue.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that stops reading fills the socket, and the venue's market-data thread blocks in its
 * write: dropping the connection or closing the venue must still end it at once, not wait on the
 * blocked writer.
 */
class FixVenueStopTest {
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldDropAndCloseWhileItsWriterIsBlockedOnAClientThatDoesNotRead(boolean blast) throws Exception {
        final FixVenueConfig config = FixVenueConfig.of(4).withRate(0, 0);
        final FixVenue venue = blast ? FixVenue.blast(config) : new FixVenue(config);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), venue.port())) {
            socket.setReceiveBufferSize(4096);
            final OutputStream out = socket.getOutputStream();
            out.write(FixVenueMessages.encode("FIX.4.4", "CLIENT1", "VENUE", 1, "A", "", "98=0\u0001108=30\u0001141=Y\u0001"));
            out.write(FixVenueMessages.encode("FIX.4.4", "CLIENT1", "VENUE", 2, "V", "",
                    "262=md-1\u0001263=1\u0001264=1\u0001146=1\u000155=EURUSD\u0001"));
            out.flush();
            // Nothing is read: once the socket buffers are full, the count stops moving.
            final AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                final long now = venue.incrementalsSent();
                return now > 0 && now == last.getAndSet(now);
            });

            assertTimeoutPreemptively(STOP_WITHIN, venue::dropConnection);
            assertTimeoutPreemptively(STOP_WITHIN, venue::close);
        } finally {
            venue.close();
        }
        assertThat(venue.incrementalsSent()).isPositive();
    }
}
