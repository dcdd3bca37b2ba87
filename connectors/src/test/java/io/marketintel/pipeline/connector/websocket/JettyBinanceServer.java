package io.marketintel.pipeline.connector.websocket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Binance-like WebSocket server built on Jetty 12 (another library than the client's Netty):
 * on a SUBSCRIBE request it acknowledges and then sends {@code trades} trade events with trade
 * ids 1..n, prices {@code 27000.00 + id/100} and sizes {@code id * 0.00000001}. Records the
 * subscription requests, the close code it receives and the extensions negotiated (Jetty
 * compresses with permessage-deflate, context takeover on, when the client offers it). Thread-safe.
 */
public final class JettyBinanceServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final int trades;
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    final List<String> subscriptions = new CopyOnWriteArrayList<>();
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    final List<String> subprotocols = new CopyOnWriteArrayList<>();
    final List<String> apiKeyHeaders = new CopyOnWriteArrayList<>();
    /** Per connection, the extensions Jetty negotiated (permessage-deflate unless the client did not offer it). */
    final List<String> extensions = new CopyOnWriteArrayList<>();

    JettyBinanceServer(int trades) throws Exception {
        this.trades = trades;
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ws", (rq, rs, cb) -> {
            apiKeyHeaders.add(String.valueOf(rq.getHeaders().get("X-Api-Key")));
            if (rq.getSubProtocols().contains("binance.v1")) {
                rs.setAcceptedSubProtocol("binance.v1");
                subprotocols.add("binance.v1");
            }
            return new Endpoint();
        })));
        server.start();
    }

    String endpoint() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/ws";
    }

    static String trade(long id) {
        final String price = java.math.BigDecimal.valueOf(2_700_000 + id, 2).toPlainString();
        final String size = java.math.BigDecimal.valueOf(id, 8).toPlainString();
        return "{\"e\":\"trade\",\"E\":" + (1_700_000_000_000L + id) + ",\"s\":\"BTCUSDT\",\"t\":" + id + ",\"p\":\""
                + price + "\",\"q\":\"" + size + "\",\"T\":" + (1_700_000_000_000L + id) + ",\"m\":" + (id % 2 == 0)
                + ",\"M\":true}";
    }

    @Override
    public void close() throws Exception {
        sender.shutdownNow();
        server.stop();
    }

    /** One connection. */
    public final class Endpoint implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            extensions.add(session.getUpgradeResponse().getExtensions().stream().map(e -> e.getName())
                    .collect(java.util.stream.Collectors.joining(",")));
        }

        @Override
        public void onWebSocketText(String text) {
            if (!text.contains("\"SUBSCRIBE\"")) {
                return;
            }
            subscriptions.add(text);
            sender.execute(() -> {
                try {
                    Callback.Completable.with(c -> session.sendText("{\"result\":null,\"id\":1}", c)).get();
                    for (long id = 1; id <= trades; id++) {
                        final String json = trade(id);
                        Callback.Completable.with(c -> session.sendText(json, c)).get();
                    }
                } catch (Exception e) {
                    // the client went away; the test sees it
                }
            });
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeCodes.add(statusCode);
        }
    }
}
