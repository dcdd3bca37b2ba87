package io.marketintel.pipeline.app;

import static io.marketintel.pipeline.app.Envelopes.assertGapFreeIngestSeq;
import static io.marketintel.pipeline.app.Envelopes.assertMatches;
import static io.marketintel.pipeline.app.Envelopes.data;
import static io.marketintel.pipeline.app.Envelopes.ofSource;
import static io.marketintel.pipeline.app.Envelopes.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.codec.framing.FramingSpec;
import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.config.UnmappedPolicy;
import io.marketintel.pipeline.metrics.SourcePerformance;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import io.marketintel.pipeline.sink.journal.JournalSink;
import io.marketintel.pipeline.source.Backoff;
import io.marketintel.pipeline.source.Receiver;
import io.marketintel.pipeline.source.SourceState;
import io.marketintel.pipeline.time.ManualClock;
import io.marketintel.pipeline.venue.SyntheticMarket;
import io.marketintel.pipeline.venue.tcp.TcpFeedVenue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end over loopback: simulated TCP venues, the pipeline, the journal and the in-process API. */
class TcpPipelineSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private TcpFeedVenue venue(long seed, long rate, long total) throws Exception {
        final TcpFeedVenue venue = new TcpFeedVenue(0, seed, rate, total);
        toClose.add(venue);
        return venue;
    }

    private TcpFeedVenue venue(long seed, long rate, long total, FramingType framing) throws Exception {
        final TcpFeedVenue venue = new TcpFeedVenue(0, seed, rate, total, framing);
        toClose.add(venue);
        return venue;
    }

    private static DataSourceConfig.Builder source(String id, TcpFeedVenue venue) {
        return DataSourceConfig.builder(id, Protocol.TCP, venue.endpoint()).jsonMapping(SyntheticMarket.JSON_MAPPING);
    }

    private RealTimeDataPipeline pipeline(RealTimeDataPipeline.Builder builder) {
        final RealTimeDataPipeline pipeline = builder.metricsLogInterval(Duration.ZERO).build();
        toClose.add(pipeline);
        return pipeline;
    }

    private static SourcePerformance perf(RealTimeDataPipeline pipeline, String id) {
        return pipeline.getPerformanceMetrics().sourcesPerformance().get(id);
    }

    @Test
    void shouldJournalEveryMessageInOrderWithExactDecimalsAndGapFreeIngestSeq() throws Exception {
        final int n = 20_000;
        final TcpFeedVenue venue = venue(42, 0, n);
        final Path journal = tmp.resolve("journal");
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder().inProcessConsumer(false)
                .sink(JournalSink.open(JournalConfig.of(journal))));
        pipeline.addTcpSource(source("tcp_1", venue).build());
        pipeline.startAllReceivers().get();

        await().atMost(WAIT).until(() -> perf(pipeline, "tcp_1").messages() >= n);
        pipeline.close();

        final List<Envelope> all = ofSource(Envelopes.readJournal(journal), "tcp_1");
        final List<Envelope> data = data(all);
        assertThat(data).hasSize(n);
        final SyntheticMarket expected = new SyntheticMarket(42);
        for (Envelope envelope : data) {
            assertMatches(envelope, expected.next());
            assertThat(envelope.getReceiveTimeNs()).isPositive();
            assertThat(envelope.getPublishTimeNs()).isGreaterThanOrEqualTo(envelope.getReceiveTimeNs());
        }
        assertGapFreeIngestSeq(all);
        assertThat(states(all)).startsWith(State.CONNECTING, State.CONNECTED).endsWith(State.STOPPED);
        assertThat(perf(pipeline, "tcp_1").malformed()).isZero();
    }

    @Test
    void shouldFrameTwoAndFourByteLengthPrefixedStreams() throws Exception {
        final int n = 5_000;
        final TcpFeedVenue short16 = venue(21, 0, n, FramingType.LENGTH_PREFIX_2);
        final TcpFeedVenue long32 = venue(22, 0, n, FramingType.LENGTH_PREFIX_4);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder());
        pipeline.addTcpSource(source("lp2", short16)
                .framing(new FramingSpec(FramingType.LENGTH_PREFIX_2, 4_096, ErrorPolicy.SKIP)).build());
        pipeline.addTcpSource(source("lp4", long32)
                .framing(new FramingSpec(FramingType.LENGTH_PREFIX_4, 4_096, ErrorPolicy.SKIP)).build());
        pipeline.startAllReceivers().get();
        final List<Envelope> received = new ArrayList<>();
        Envelopes.consumeUntil(pipeline, received, () -> data(ofSource(received, "lp2")).size() == n
                && data(ofSource(received, "lp4")).size() == n, WAIT);
        for (String id : new String[] {"lp2", "lp4"}) {
            final SyntheticMarket expected = new SyntheticMarket(id.equals("lp2") ? 21 : 22);
            for (Envelope envelope : data(ofSource(received, id))) {
                assertMatches(envelope, expected.next());
            }
            assertThat(perf(pipeline, id).malformed() + perf(pipeline, id).oversize()).isZero();
        }
    }

    @Test
    void shouldSendTheSubscriptionsInOrderOnEveryConnect() throws Exception {
        final TcpFeedVenue venue = venue(23, 1_000, 0);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder());
        final Receiver receiver = pipeline.addTcpSource(source("subscriber", venue)
                .subscribe(List.of("SUBSCRIBE BTCUSDT", "SUBSCRIBE ETHUSDT")).reconnectInterval(Duration.ofMillis(20)).build());
        pipeline.startAllReceivers().get();
        await().atMost(WAIT).until(() -> receiver.state() == SourceState.SUBSCRIBED && venue.linesReceived().size() == 2);
        assertThat(venue.linesReceived()).containsExactly("SUBSCRIBE BTCUSDT", "SUBSCRIBE ETHUSDT");

        venue.dropConnection();
        await().atMost(WAIT).until(() -> venue.connections() == 2 && venue.linesReceived().size() == 4);
        assertThat(venue.linesReceived()).containsExactly("SUBSCRIBE BTCUSDT", "SUBSCRIBE ETHUSDT",
                "SUBSCRIBE BTCUSDT", "SUBSCRIBE ETHUSDT");
        await().atMost(WAIT).until(() -> receiver.state() == SourceState.SUBSCRIBED);
    }

    @Test
    void shouldKeepUnmappedMessagesAsRawOrCountThemAsSkippedPerConfig() throws Exception {
        final TcpFeedVenue rawVenue = venue(24, 2_000, 0);
        final TcpFeedVenue skipVenue = venue(25, 2_000, 0);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder());
        pipeline.addTcpSource(source("keeps_raw", rawVenue).onUnmapped(UnmappedPolicy.RAW).build());
        pipeline.addTcpSource(source("skips", skipVenue).onUnmapped(UnmappedPolicy.SKIP).build());
        pipeline.startAllReceivers().get();
        final List<Envelope> received = new ArrayList<>();
        Envelopes.consumeUntil(pipeline, received, () -> data(ofSource(received, "keeps_raw")).size() >= 20
                && data(ofSource(received, "skips")).size() >= 20, WAIT);

        final String heartbeat = "{\"type\":\"heartbeat\",\"n\":1}";
        rawVenue.inject(heartbeat + "\n");
        skipVenue.inject(heartbeat + "\n");
        Envelopes.consumeUntil(pipeline, received, () -> received.stream().anyMatch(Envelope::hasRaw)
                && perf(pipeline, "skips").unmappedSkipped() == 1, WAIT);

        final Envelope raw = received.stream().filter(Envelope::hasRaw).findFirst().orElseThrow();
        assertThat(raw.getSourceId()).isEqualTo("keeps_raw");
        assertThat(raw.getRaw().getFormat()).isEqualTo("json");
        assertThat(raw.getRaw().getData().toStringUtf8()).isEqualTo(heartbeat);
        assertThat(perf(pipeline, "keeps_raw").raw()).isEqualTo(1);
        assertThat(ofSource(received, "skips")).noneMatch(Envelope::hasRaw);
        assertThat(perf(pipeline, "skips").malformed()).isZero();
    }

    @Test
    void shouldReconnectWithBackoffOnTheInjectedClockAfterTheVenueDropsTheConnection() throws Exception {
        final ManualClock clock = new ManualClock();
        final TcpFeedVenue venue = venue(7, 5_000, 0);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder().clock(clock)
                // Jitter pinned to the top of the step, so the delay is exactly the configured interval.
                .backoff(c -> new Backoff(c.reconnectInterval(), c.reconnectMaxInterval(), bound -> bound - 1)));
        final Receiver receiver = pipeline.addTcpSource(source("tcp_1", venue)
                .reconnectInterval(Duration.ofSeconds(2)).build());
        pipeline.startAllReceivers().get();
        final List<Envelope> received = new ArrayList<>();
        Envelopes.consumeUntil(pipeline, received, () -> data(received).size() >= 200, WAIT);

        venue.dropConnection();
        await().atMost(WAIT).until(() -> receiver.state() == SourceState.BACKOFF);
        final var lifecycle = ((io.marketintel.pipeline.source.Source) receiver).lifecycle();
        assertThat(lifecycle.nextAttemptAtNs() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
        // Real time passes, the injected clock does not: no reconnect may happen.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() ->
                receiver.state() == SourceState.BACKOFF && venue.connections() == 1);
        final long sentBeforeReconnect = venue.messagesSent();

        clock.advance(Duration.ofMillis(1_999));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> receiver.state() == SourceState.BACKOFF);
        clock.advance(Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> receiver.state() == SourceState.CONNECTED && venue.connections() == 2);
        await().atMost(WAIT).until(() -> Envelopes.drain(pipeline, received) >= 0
                && data(received).get(data(received).size() - 1).getSourceSeq() > sentBeforeReconnect + 100);

        assertThat(states(received)).containsSubsequence(State.CONNECTING, State.CONNECTED, State.DISCONNECTED,
                State.BACKOFF, State.CONNECTING, State.CONNECTED, State.GAP_DETECTED);
        assertGapFreeIngestSeq(received);
        // The venue's stream went on from where it was: nothing it sent was lost or duplicated.
        final List<Envelope> data = data(received);
        for (int i = 0; i < data.size(); i++) {
            assertThat(data.get(i).getSourceSeq()).isEqualTo(i + 1);
        }
        assertThat(perf(pipeline, "tcp_1").reconnects()).isEqualTo(1);
    }

    @Test
    void shouldCountAndSkipGarbageAndOversizeLinesWhileOtherSourcesAreUnaffected() throws Exception {
        final int n = 2_000;
        final TcpFeedVenue dirty = venue(1, 20_000, n);
        final TcpFeedVenue clean = venue(2, 20_000, n);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder());
        pipeline.addTcpSource(source("dirty", dirty)
                .framing(new FramingSpec(FramingType.LINE, 4_096, ErrorPolicy.SKIP)).onMalformed(ErrorPolicy.SKIP).build());
        pipeline.addTcpSource(source("clean", clean).build());
        pipeline.startAllReceivers().get();
        final List<Envelope> received = new ArrayList<>();
        await().atMost(WAIT).until(() -> Envelopes.drain(pipeline, received) >= 0
                && data(ofSource(received, "dirty")).size() >= 100);

        dirty.inject("this is not json\n");
        dirty.inject(new byte[] {0, (byte) 0xFF, (byte) 0xFE, 7, '{', '\n'});
        dirty.inject("{\"type\":\"trade\",\"s\":\"BTCUSDT\",\"p\":\"1.2.3\",\"q\":\"1\"}\n");
        dirty.inject("{\"x\":\"" + "y".repeat(100_000) + "\"}\n");

        await().atMost(WAIT).until(() -> Envelopes.drain(pipeline, received) >= 0
                && data(ofSource(received, "dirty")).size() == n && data(ofSource(received, "clean")).size() == n);
        final SourcePerformance dirtyPerf = perf(pipeline, "dirty");
        assertThat(dirtyPerf.malformed()).isEqualTo(3);
        assertThat(dirtyPerf.oversize()).isEqualTo(1);
        assertThat(dirty.connections()).isEqualTo(1);
        assertThat(perf(pipeline, "clean").malformed() + perf(pipeline, "clean").oversize()).isZero();
        for (String id : new String[] {"dirty", "clean"}) {
            final List<Envelope> data = data(ofSource(received, id));
            for (int i = 0; i < n; i++) {
                assertThat(data.get(i).getSourceSeq()).isEqualTo(i + 1);
            }
            assertGapFreeIngestSeq(ofSource(received, id));
        }
    }

    @Test
    void shouldResetTheConnectionOnGarbageWhenThePolicyIsResetAndCarryOn() throws Exception {
        final TcpFeedVenue venue = venue(3, 2_000, 0);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder());
        final Receiver receiver = pipeline.addTcpSource(source("strict", venue).onMalformed(ErrorPolicy.RESET)
                .reconnectInterval(Duration.ofMillis(50)).build());
        pipeline.startAllReceivers().get();
        final List<Envelope> received = new ArrayList<>();
        Envelopes.consumeUntil(pipeline, received, () -> data(received).size() >= 50, WAIT);

        venue.inject("garbage\n");
        await().atMost(WAIT).until(() -> venue.connections() == 2 && receiver.state() == SourceState.CONNECTED);
        final int before = data(received).size();
        Envelopes.consumeUntil(pipeline, received, () -> data(received).size() > before + 50, WAIT);

        assertThat(perf(pipeline, "strict").malformed()).isEqualTo(1);
        assertThat(received.stream().filter(e -> e.hasStatus() && e.getStatus().getState() == State.DISCONNECTED)
                .map(e -> e.getStatus().getReason())).anyMatch(r -> r.contains("policy reset"));
        assertThat(states(received)).containsSubsequence(State.DISCONNECTED, State.BACKOFF, State.CONNECTING,
                State.CONNECTED, State.GAP_DETECTED);
        assertGapFreeIngestSeq(received);
    }

    @Test
    void shouldHoldMemoryBoundedAndLoseNothingWhileTheConsumerStopsUnderTheBlockPolicy() throws Exception {
        final int n = 200_000;
        final TcpFeedVenue venue = venue(11, 0, n);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder()
                .handoffCapacityBytes(64 * 1024).consumerCapacityBytes(64 * 1024));
        // A stale timeout far shorter than the consumer's stop: a source that stopped reading
        // measures no silence, so it must not call the venue stale and reconnect (losing data).
        pipeline.addTcpSource(source("tcp_1", venue).backpressure(BackpressurePolicy.BLOCK)
                .staleTimeout(Duration.ofMillis(200)).build());
        pipeline.startAllReceivers().get();

        // Nobody consumes: the queues fill, the source stops reading, TCP stops the venue.
        await().atMost(WAIT).until(() -> perf(pipeline, "tcp_1").messages() > 0);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(new java.util.concurrent.Callable<>() {
            private long lastSent = -1;
            private int stableChecks;

            @Override
            public Boolean call() {
                final long sent = venue.messagesSent();
                stableChecks = sent == lastSent ? stableChecks + 1 : 0;
                lastSent = sent;
                return stableChecks >= 5;
            }
        });
        assertThat(venue.messagesSent()).as("the venue is held back by TCP").isLessThan(n);
        final var metrics = pipeline.getPerformanceMetrics();
        assertThat(metrics.handoffUsedBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(perf(pipeline, "tcp_1").dropped()).isZero();
        final long processedWhileStopped = perf(pipeline, "tcp_1").messages();
        assertThat(processedWhileStopped).as("only what the bounded queues hold was read").isLessThan(n / 2);

        final List<Envelope> received = new ArrayList<>();
        final Envelopes.DataCounter counter = new Envelopes.DataCounter();
        Envelopes.consumeUntil(pipeline, received, () -> counter.count(received) == n, WAIT);
        final List<Envelope> data = data(received);
        for (int i = 0; i < n; i++) {
            assertThat(data.get(i).getSourceSeq()).isEqualTo(i + 1);
        }
        assertGapFreeIngestSeq(received);
        assertThat(perf(pipeline, "tcp_1").dropped()).isZero();
        assertThat(states(received)).doesNotContain(State.STALE);
        assertThat(venue.connections()).isEqualTo(1);
    }

    @Test
    void shouldDropCountAndAnnounceTheGapWhileTheConsumerStopsUnderTheDropPolicy() throws Exception {
        final int n = 100_000;
        final TcpFeedVenue venue = venue(12, 0, n);
        final RealTimeDataPipeline pipeline = pipeline(RealTimeDataPipeline.builder()
                .handoffCapacityBytes(64 * 1024).consumerCapacityBytes(64 * 1024));
        pipeline.addTcpSource(source("lossy", venue).backpressure(BackpressurePolicy.DROP).build());
        pipeline.startAllReceivers().get();

        await().atMost(WAIT).until(() -> venue.messagesSent() == n && perf(pipeline, "lossy").messages() == n);
        final long dropped = perf(pipeline, "lossy").dropped();
        final List<Envelope> received = new ArrayList<>();
        final Envelopes.DataCounter counter = new Envelopes.DataCounter();
        Envelopes.consumeUntil(pipeline, received, () -> counter.count(received) + dropped == n, WAIT);
        assertThat(dropped).isPositive();
        final long announced = received.stream().filter(e -> e.hasStatus() && e.getStatus().getState() == State.GAP_DETECTED)
                .mapToLong(e -> e.getStatus().getCount()).sum();
        assertThat(data(received).size() + dropped).isEqualTo(n);
        // The last drops are announced with the next envelope that gets through; none came after them here.
        assertThat(announced).isLessThanOrEqualTo(dropped);
        assertGapFreeIngestSeq(received);
    }
}
