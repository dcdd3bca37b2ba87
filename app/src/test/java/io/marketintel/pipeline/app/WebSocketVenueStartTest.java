package io.marketintel.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import java.net.BindException;
import org.junit.jupiter.api.Test;

/** A simulated WebSocket venue that cannot start leaves no event-loop thread behind. */
class WebSocketVenueStartTest {

    @Test
    void shouldStopItsEventLoopWhenItsPortIsTaken() throws Exception {
        try (WebSocketVenue first = WebSocketVenue.blast(1, 0, false)) {
            final long before = venueThreads();
            assertThatThrownBy(() -> new WebSocketVenue(first.port(), 2, 0, 0)).isInstanceOf(BindException.class);
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (venueThreads() > before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(venueThreads()).isEqualTo(before);
        }
    }

    private static long venueThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ws-venue")).count();
    }
}
