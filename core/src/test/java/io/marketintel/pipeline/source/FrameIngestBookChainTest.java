package io.marketintel.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.handoff.EnvelopeHandoff;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Book updates through {@link FrameIngest} with the venues' own decoders: a Binance depthUpdate
 * whose {@code U} does not follow the previous {@code u} of its symbol, and an OKX books update
 * whose {@code prevSeqId} is not the previous {@code seqId}, are announced by a GAP_DETECTED
 * ahead of them; OKX's also resets the connection so that the reconnect subscribes again and takes
 * a snapshot.
 */
class FrameIngestBookChainTest {
    private final EnvelopeHandoff handoff = new EnvelopeHandoff(1 << 20);
    private final ManualClock clock = new ManualClock();
    private final SourceMetrics metrics = new SourceMetrics();
    private SourceLifecycle lifecycle;
    private FrameIngest ingest;

    private void source(String format) {
        final DataSourceConfig config = DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET, "ws://127.0.0.1:9000/ws")
                .format(format).build();
        final SourcePublisher publisher = new SourcePublisher(handoff, 0, "ws_1", BackpressurePolicy.BLOCK, 1 << 20, clock,
                metrics);
        lifecycle = new SourceLifecycle(config, clock, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0),
                publisher);
        lifecycle.transport(new SourceTransport() {
            @Override
            public void connect() {
            }

            @Override
            public void disconnect(String reason) {
            }
        });
        lifecycle.start();
        lifecycle.onConnected("test");
        ingest = new FrameIngest(config, Decoders.forSource(config), publisher, metrics, lifecycle, clock);
    }

    private void reconnect() {
        lifecycle.onDisconnected("test");
        clock.advance(Duration.ofSeconds(2));
        lifecycle.tick();
        lifecycle.onConnected("test again");
        assertThat(lifecycle.reconnects()).isPositive();
    }

    private IngestAction frame(String json) {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ingest.beginBatch();
        final IngestAction action = ingest.onFrame(new UnsafeBuffer(bytes), 0, bytes.length);
        ingest.endBatch();
        return action;
    }

    private static String binanceDepth(String symbol, long first, long last) {
        return "{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"" + symbol + "\",\"U\":" + first + ",\"u\":" + last
                + ",\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"]]}";
    }

    private static String okxBooks(String action, long prevSeqId, long seqId) {
        return okx("books", action, prevSeqId, seqId);
    }

    private static String okx(String channel, String action, long prevSeqId, long seqId) {
        return "{\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"BTC-USDT\"}," + (action == null ? ""
                : "\"action\":\"" + action + "\",") + "\"data\":[{"
                + "\"asks\":[[\"8476.98\",\"415\",\"0\",\"13\"]],\"bids\":[[\"8476.97\",\"256\",\"0\",\"12\"]],"
                + "\"ts\":\"1597026383085\",\"checksum\":-855196043,\"prevSeqId\":" + prevSeqId + ",\"seqId\":" + seqId
                + "}]}";
    }

    private List<Envelope> published() {
        final List<Envelope> out = new ArrayList<>();
        while (handoff.read((type, buffer, index, length) -> {
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            try {
                out.add(Envelope.parseFrom(bytes));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return ControlledMessageHandler.Action.CONTINUE;
        }, 1000) > 0) {
            // keep reading
        }
        out.removeIf(e -> e.hasStatus() && e.getStatus().getState() != StreamStatus.State.GAP_DETECTED);
        return out;
    }

    /**
     * Past 65,536 books on one connection, a new book's updates cannot be checked: a gap in them
     * would go unannounced, so they are counted where the operator looks (sources_performance, the
     * periodic metrics line), not passed silently.
     */
    @Test
    void updatesOfBooksPastTheTablesSizeAreCountedAsUnchecked() {
        source("binance");
        for (int s = 0; s < BookChains.MAX_BOOKS; s++) {
            frame(binanceDepth("S" + s, 10, 10));
            if (s % 4096 == 0) {
                published(); // keep the hand-off from filling
            }
        }
        published();
        assertThat(metrics.uncheckedBookUpdates()).isZero();

        frame(binanceDepth("ONE_TOO_MANY", 10, 10));
        frame(binanceDepth("ONE_TOO_MANY", 20, 20)); // a gap, unseen: the book is not followed
        assertThat(metrics.uncheckedBookUpdates()).isEqualTo(2);
        assertThat(metrics.bookGaps()).isZero();
        assertThat(published()).hasSize(2).allMatch(Envelope::hasBookUpdate); // the updates still go out

        frame(binanceDepth("S7", 12, 12)); // books already followed still are
        assertThat(metrics.bookGaps()).isEqualTo(1);
    }

    @Test
    void aBinanceDepthUpdateThatSkipsIdsIsAnnouncedAndTheConnectionKept() {
        source("binance");
        assertThat(frame(binanceDepth("BNBBTC", 157, 160))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(binanceDepth("ETHBTC", 40, 41))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(binanceDepth("BNBBTC", 161, 161))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(binanceDepth("ETHBTC", 42, 45))).isEqualTo(IngestAction.CONTINUE);
        published();

        assertThat(frame(binanceDepth("BNBBTC", 165, 170))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(binanceDepth("BNBBTC", 171, 171))).isEqualTo(IngestAction.CONTINUE);

        final List<Envelope> out = published();
        assertThat(out).hasSize(3);
        final StreamStatus gap = out.get(0).getStatus();
        assertThat(gap.getState()).isEqualTo(StreamStatus.State.GAP_DETECTED);
        assertThat(gap.getExpectedSeq()).isEqualTo(162);
        assertThat(gap.getReceivedSeq()).isEqualTo(165);
        assertThat(gap.getCount()).isEqualTo(3);
        assertThat(gap.getReason()).contains("book BNBBTC", "165..170", "expected first update id 162",
                "3 update id(s) missing", "rebuilt from a snapshot");
        assertThat(out.get(1).getBookUpdate().getFirstUpdateId()).isEqualTo(165); // the update itself is kept
        assertThat(out.get(2).getBookUpdate().getFirstUpdateId()).isEqualTo(171);
        assertThat(metrics.bookGaps()).isEqualTo(1);
        assertThat(ingest.resyncReason()).isNull();
    }

    @Test
    void aNewConnectionStartsTheChainsOver() {
        source("binance");
        frame(binanceDepth("BNBBTC", 157, 160));
        reconnect();

        frame(binanceDepth("BNBBTC", 900, 905));

        assertThat(published()).noneMatch(e -> e.hasStatus() && e.getStatus().getReason().startsWith("book"));
        assertThat(metrics.bookGaps()).isZero();
    }

    @Test
    void anOkxBooksUpdateThatDoesNotLinkIsAnnouncedAndTheConnectionResetForASnapshot() {
        source("okx");
        assertThat(frame(okxBooks("snapshot", -1, 123456))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okxBooks("update", 123456, 123457))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okxBooks("update", 123457, 123457))).isEqualTo(IngestAction.CONTINUE); // keep-alive
        published();

        assertThat(frame(okxBooks("update", 123460, 123470))).isEqualTo(IngestAction.RESET);

        final List<Envelope> out = published();
        assertThat(out).hasSize(2);
        final StreamStatus gap = out.get(0).getStatus();
        assertThat(gap.getState()).isEqualTo(StreamStatus.State.GAP_DETECTED);
        assertThat(gap.getExpectedSeq()).isEqualTo(123457);
        assertThat(gap.getReceivedSeq()).isEqualTo(123460);
        assertThat(gap.getCount()).isZero();
        assertThat(gap.getReason()).contains("book BTC-USDT", "reconnecting");
        assertThat(out.get(1).getBookUpdate().getLastUpdateId()).isEqualTo(123470);
        assertThat(ingest.resyncReason()).contains("BTC-USDT", "fresh snapshot");

        // After the reconnect, the subscription's snapshot starts the chain again.
        reconnect();
        assertThat(frame(okxBooks("snapshot", -1, 500))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okxBooks("update", 500, 501))).isEqualTo(IngestAction.CONTINUE);
        assertThat(ingest.resyncReason()).isNull();
        assertThat(metrics.bookGaps()).isEqualTo(1);
    }

    /** books and bbo-tbt of one instrument on one connection: each channel has its own seqIds. */
    @Test
    void okxChannelsOfOneInstrumentAreFollowedApart() {
        source("okx");
        assertThat(frame(okx("books", "snapshot", -1, 100))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okx("bbo-tbt", null, -1, 102))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okx("books", "update", 100, 103))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okx("bbo-tbt", null, -1, 104))).isEqualTo(IngestAction.CONTINUE);
        assertThat(frame(okx("books", "update", 103, 105))).isEqualTo(IngestAction.CONTINUE);

        assertThat(metrics.bookGaps()).isZero();
    }

    /**
     * A feed whose chain keeps breaking reconnects once per interval, not on every break: the
     * breaks in between are reported and the connection kept.
     */
    @Test
    void anOkxFeedThatKeepsBreakingIsResynchronisedOncePerInterval() {
        source("okx");
        frame(okxBooks("snapshot", -1, 100));
        assertThat(frame(okxBooks("update", 105, 106))).isEqualTo(IngestAction.RESET);
        reconnect();
        frame(okxBooks("snapshot", -1, 200));
        published();

        assertThat(frame(okxBooks("update", 205, 206))).as("2 s after the last resync").isEqualTo(IngestAction.CONTINUE);
        assertThat(published().get(0).getStatus().getReason()).contains("once 30 s have passed since the last resync");
        assertThat(frame(okxBooks("update", 206, 207))).isEqualTo(IngestAction.CONTINUE);

        // The chain goes on from the broken update, but the book is still wrong: the resync is
        // owed, and taken at the first read once the interval is over, even on a clean update.
        clock.advance(Duration.ofSeconds(30));
        assertThat(frame(okxBooks("update", 207, 208))).isEqualTo(IngestAction.RESET);
        assertThat(ingest.resyncReason()).contains("BTC-USDT on books");
        assertThat(metrics.bookGaps()).isEqualTo(2);
    }

    @Test
    void formatsWhoseUpdatesAreNotLinkedAreNotChecked() {
        source("coinbase");
        assertThat(frame("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"time\":\"2019-08-14T20:42:27.265Z\","
                + "\"changes\":[[\"buy\",\"10101.80000000\",\"0.162567\"]]}")).isEqualTo(IngestAction.CONTINUE);
        assertThat(metrics.bookGaps()).isZero();
    }
}
