package io.marketintel.pipeline.venue.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.venue.BinanceFormatter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The venue numbers each symbol's depth updates per connection as Binance numbers a book's ({@code
 * U} = the previous {@code u} + 1), also when a blast venue replays its block, so that a client
 * checking the chain sees no break that the venue did not mean. Read with the JDK's WebSocket.
 */
class WebSocketVenueDepthIdsTest {
    private static final Pattern DEPTH = Pattern.compile("\"s\":\"([A-Z]+)\",\"U\":(\\d+),\"u\":(\\d+),");

    @Test
    void aBlastVenueKeepsEachSymbolsChainAcrossReplaysOfItsBlock() throws Exception {
        try (WebSocketVenue venue = WebSocketVenue.blast(5, 0, false)) {
            assertChains(venue, 3 * 4_096); // the block is 4,096 messages: three times round it
        }
    }

    @Test
    void aPacedVenueKeepsEachSymbolsChainOnEachConnection() throws Exception {
        try (WebSocketVenue venue = new WebSocketVenue(0, 11, 20_000, 0)) {
            // Two clients share the venue's market: each sees its own unbroken numbering.
            final CompletableFuture<Void> other = CompletableFuture.runAsync(() -> assertChains(venue, 2_000));
            assertChains(venue, 2_000);
            other.get(60, TimeUnit.SECONDS);
        }
    }

    private static void assertChains(WebSocketVenue venue, int messages) {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        try {
            final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(venue.endpoint()), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                texts.add(partial.toString());
                                partial.setLength(0);
                                if (texts.size() >= messages) {
                                    done.complete(null);
                                }
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            socket.sendText(BinanceFormatter.subscribeRequest(1, "btcusdt@trade", "btcusdt@depth"), true)
                    .get(10, TimeUnit.SECONDS);
            done.get(60, TimeUnit.SECONDS);
            socket.abort();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        final java.util.Map<String, Long> lastIds = new java.util.HashMap<>();
        int depthUpdates = 0;
        for (String text : texts) {
            final Matcher m = DEPTH.matcher(text);
            if (!m.find()) {
                continue;
            }
            depthUpdates++;
            final long first = Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(3))).isEqualTo(first);
            final Long previous = lastIds.put(m.group(1), first);
            assertThat(first).as("%s after %s", m.group(1), previous).isEqualTo(previous == null ? 1 : previous + 1);
        }
        assertThat(depthUpdates).isGreaterThan(messages / 10);
    }
}
