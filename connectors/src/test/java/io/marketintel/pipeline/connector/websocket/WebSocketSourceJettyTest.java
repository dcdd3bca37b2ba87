package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WsTestSupport.consumeUntil;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.data;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.dec;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.marketintel.pipeline.source.SourceState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against a real peer from another library (Jetty 12): connect, subscribe, 10,000 messages, clean close. */
class WebSocketSourceJettyTest {

    @Test
    void shouldReceiveTenThousandTradesInOrderFromJettyAndCloseWith1000() throws Exception {
        final int n = 10_000;
        try (JettyBinanceServer jetty = new JettyBinanceServer(n)) {
            final RealTimeDataPipeline pipeline = WsTestSupport.pipeline();
            final String subscribe = "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}";
            pipeline.addWebSocketSource(WsTestSupport.source("jetty_1", jetty.endpoint())
                    .subscribe(List.of(subscribe))
                    .websocket(WebSocketOptions.builder().header("X-Api-Key", "k-123").subprotocol("binance.v1").build())
                    .build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= n);
            assertThat(pipeline.receivers().get("jetty_1").state()).isEqualTo(SourceState.SUBSCRIBED);

            pipeline.close();

            await().atMost(WsTestSupport.WAIT).until(() -> !jetty.closeCodes.isEmpty());
            assertThat(jetty.closeCodes).containsExactly(1000);
            assertThat(jetty.subscriptions).containsExactly(subscribe);
            assertThat(jetty.apiKeyHeaders).containsExactly("k-123");
            assertThat(jetty.subprotocols).containsExactly("binance.v1");
            // Every message came compressed, each inflated with the window the ones before left.
            assertThat(jetty.extensions).containsExactly("permessage-deflate");
            final List<Envelope> trades = data(received);
            assertThat(trades).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(trades.get(i).getTrade().getTradeId()).isEqualTo(Long.toString(i + 1));
            }
            final Envelope first = trades.get(0);
            assertThat(first.getTrade().getSymbol()).isEqualTo("BTCUSDT");
            assertThat(dec(first.getTrade().getPrice())).isEqualTo(new BigDecimal("27000.01"));
            assertThat(first.getTrade().getPrice().getExponent()).isEqualTo(-2);
            assertThat(dec(first.getTrade().getSize())).isEqualTo(new BigDecimal("0.00000001"));
            assertThat(first.getTrade().getSize().getExponent()).isEqualTo(-8);
            assertThat(first.getTrade().getAggressorSide()).isEqualTo(Side.SIDE_BUY);
            assertThat(first.getExchangeTimeNs()).isEqualTo(1_700_000_000_001_000_000L);
            final Envelope last = trades.get(n - 1);
            assertThat(dec(last.getTrade().getPrice())).isEqualTo(new BigDecimal("27100.00"));
            assertThat(dec(last.getTrade().getSize())).isEqualTo(new BigDecimal("0.00010000"));
            assertThat(last.getTrade().getAggressorSide()).isEqualTo(Side.SIDE_SELL);
            assertThat(states(received)).containsSubsequence(State.CONNECTING, State.CONNECTED, State.SUBSCRIBED);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("jetty_1").malformed()).isZero();
        }
    }

    @Test
    void shouldStopReadingWhileTheHandOffIsFullAndLoseNothing() throws Exception {
        final int n = 10_000;
        try (JettyBinanceServer jetty = new JettyBinanceServer(n);
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().metricsLogInterval(java.time.Duration.ZERO)
                        .handoffCapacityBytes(64 * 1024).consumerCapacityBytes(64 * 1024).build()) {
            pipeline.addWebSocketSource(WsTestSupport.source("slow_consumer", jetty.endpoint())
                    .subscribe(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}")).build());
            pipeline.startAllReceivers().get();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "slow_consumer");
            // Nobody consumes yet: the queues fill and the source must stop reading rather than buffer or drop.
            await().atMost(WsTestSupport.WAIT).until(() -> source.metrics().blockedBatches() > 0);

            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= n);
            final List<Envelope> trades = data(received);
            assertThat(trades).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(trades.get(i).getTrade().getTradeId()).isEqualTo(Long.toString(i + 1));
            }
            assertThat(source.metrics().dropped()).isZero();
            assertThat(source.upgrades()).isEqualTo(1);
        }
    }
}
