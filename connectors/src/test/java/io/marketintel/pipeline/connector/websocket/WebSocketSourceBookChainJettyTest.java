package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WsTestSupport.consumeUntil;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

/**
 * An OKX-like books channel served by Jetty 12 (another library than the client's): a snapshot,
 * then updates whose {@code prevSeqId} is the previous {@code seqId}. On the first connection one
 * update is lost on the venue's side. The source must say so (GAP_DETECTED naming the book),
 * close normally, reconnect, subscribe again and take the new snapshot, after which the chain
 * holds.
 */
class WebSocketSourceBookChainJettyTest {
    private static final String SUBSCRIBE = "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}";
    private static final int UPDATES = 200;
    private static final int LOST_AT = 50;

    @Test
    void shouldAnnounceABrokenBookChainAndResubscribeForAFreshSnapshot() throws Exception {
        try (OkxBooksServer okx = new OkxBooksServer();
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("okx_1", okx.endpoint()).format("okx")
                    .subscribe(List.of(SUBSCRIBE)).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            // Up to the second connection's last update.
            consumeUntil(pipeline, received, () -> books(received).stream()
                    .anyMatch(e -> e.getBookUpdate().getLastUpdateId() == seqId(2, UPDATES)));

            final List<Envelope> bookGaps = received.stream().filter(e -> e.hasStatus()
                    && e.getStatus().getState() == StreamStatus.State.GAP_DETECTED
                    && e.getStatus().getReason().startsWith("book BTC-USDT")).toList();
            assertThat(bookGaps).hasSize(1);
            final StreamStatus gap = bookGaps.get(0).getStatus();
            // Update LOST_AT names the lost one's seqId as its prevSeqId; the one before it was expected.
            assertThat(gap.getExpectedSeq()).isEqualTo(seqId(1, LOST_AT - 2));
            assertThat(gap.getReceivedSeq()).isEqualTo(seqId(1, LOST_AT - 1));
            assertThat(gap.getReason()).contains("reconnecting");

            // The update that revealed the break is published after the status, then the reconnect's snapshot.
            final int gapAt = received.indexOf(bookGaps.get(0));
            final Envelope revealing = received.get(gapAt + 1);
            assertThat(revealing.getBookUpdate().getLastUpdateId()).isEqualTo(seqId(1, LOST_AT));
            final List<Envelope> afterGap = books(received.subList(gapAt + 1, received.size()));
            final Envelope secondSnapshot = afterGap.stream().filter(e -> e.getBookUpdate().getSnapshot()).findFirst()
                    .orElseThrow();
            assertThat(secondSnapshot.getBookUpdate().getLastUpdateId()).isEqualTo(seqId(2, 0));
            assertThat(afterGap.stream().filter(e -> e.getBookUpdate().getLastUpdateId() > seqId(2, 0)))
                    .hasSize(UPDATES); // the second connection's chain held: every update, no second gap
            assertThat(okx.subscriptions).containsExactly(SUBSCRIBE, SUBSCRIBE);
            assertThat(okx.closeCodes).startsWith(1000);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("okx_1").bookGaps()).isEqualTo(1);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("okx_1").malformed()).isZero();
        }
    }

    private static List<Envelope> books(List<Envelope> all) {
        return data(all).stream().filter(Envelope::hasBookUpdate).toList();
    }

    /** The seqId of the {@code n}th message (0 the snapshot) of connection {@code connection}. */
    private static long seqId(int connection, int n) {
        return connection * 1_000_000L + n * 3L;
    }

    /** One books channel per connection; the first connection loses update {@link #LOST_AT} - 1. Thread-safe. */
    public static final class OkxBooksServer implements AutoCloseable {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);
        private final ExecutorService sender = Executors.newCachedThreadPool();
        private final AtomicInteger connections = new AtomicInteger();
        final List<String> subscriptions = new CopyOnWriteArrayList<>();
        final List<Integer> closeCodes = new CopyOnWriteArrayList<>();

        OkxBooksServer() throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ws",
                    (rq, rs, cb) -> new Endpoint(connections.incrementAndGet()))));
            server.start();
        }

        String endpoint() {
            return "ws://127.0.0.1:" + connector.getLocalPort() + "/ws";
        }

        static String books(String action, long prevSeqId, long seqId, int n) {
            return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"" + action + "\",\"data\":[{"
                    + "\"asks\":[[\"" + (8477 + n % 7) + ".5\",\"" + (n + 1) + "\",\"0\",\"1\"]],"
                    + "\"bids\":[[\"8476.97\",\"" + (n + 2) + "\",\"0\",\"1\"]],"
                    + "\"ts\":\"" + (1_597_026_383_085L + n) + "\",\"checksum\":0,\"prevSeqId\":" + prevSeqId
                    + ",\"seqId\":" + seqId + "}]}";
        }

        @Override
        public void close() throws Exception {
            sender.shutdownNow();
            server.stop();
        }

        public final class Endpoint implements Session.Listener.AutoDemanding {
            private final int connection;
            private Session session;

            Endpoint(int connection) {
                this.connection = connection;
            }

            @Override
            public void onWebSocketOpen(Session session) {
                this.session = session;
            }

            @Override
            public void onWebSocketText(String text) {
                if (!text.contains("\"subscribe\"")) {
                    return;
                }
                subscriptions.add(text);
                sender.execute(() -> {
                    try {
                        send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}");
                        send(books("snapshot", -1, seqId(connection, 0), 0));
                        for (int n = 1; n <= UPDATES; n++) {
                            if (connection == 1 && n == LOST_AT - 1) {
                                continue; // lost on the venue's side: the next update names a seqId never sent
                            }
                            send(books("update", seqId(connection, n - 1), seqId(connection, n), n));
                        }
                    } catch (Exception e) {
                        // the client went away (it does, after the break); the test sees the rest
                    }
                });
            }

            private void send(String json) throws Exception {
                Callback.Completable.with(c -> session.sendText(json, c)).get();
            }

            @Override
            public void onWebSocketClose(int statusCode, String reason) {
                closeCodes.add(statusCode);
            }
        }
    }
}
