package io.marketintel.pipeline.app;

import static io.marketintel.pipeline.app.Envelopes.assertGapFreeIngestSeq;
import static io.marketintel.pipeline.app.Envelopes.consumeUntil;
import static io.marketintel.pipeline.app.Envelopes.states;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.marketintel.pipeline.venue.fix.FixVenue;
import io.marketintel.pipeline.venue.fix.FixVenueConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end over loopback: the simulated FIX venue, a FIX source with credentials, the in-process API. */
class FixPipelineSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void shouldLogOnSubscribeAndDeliverBooksAndTradesFromTheSimulatedVenue() throws Exception {
        try (FixVenue venue = new FixVenue(FixVenueConfig.of(7).withCredentials("user123", "pass123").withRate(2_000, 0));
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addFixSource(config(venue, FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD"))
                    .resetOnLogon(true).build()));
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            consumeUntil(pipeline, all, () -> all.stream().filter(Envelope::hasTrade).count() >= 50, WAIT);

            assertThat(states(all)).containsSubsequence(State.CONNECTING, State.CONNECTED, State.LOGGED_ON, State.SUBSCRIBED);
            assertThat(all).anyMatch(e -> e.hasBookUpdate() && e.getBookUpdate().getSnapshot()
                    && e.getBookUpdate().getSymbol().equals("EURUSD"));
            assertThat(all).anyMatch(e -> e.hasBookUpdate() && !e.getBookUpdate().getSnapshot());
            assertGapFreeIngestSeq(all);
        }
    }

    @Test
    void shouldTakeABlastVenuesUnpacedRefreshesInOrderWithoutAGap() throws Exception {
        // Unpaced, but a fixed total: all of it must arrive, and the consumer is drained at the end
        // (a full in-process consumer would make the shutdown wait out its drain timeout).
        final int total = 30_000;
        try (FixVenue venue = FixVenue.blast(FixVenueConfig.of(11).withCredentials("user123", "pass123").withRate(0, total));
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addFixSource(config(venue, FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD", "AAPL"))
                    .resetOnLogon(true).build()));
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            // More than the 4,096 rendered refreshes: the replay wraps around several times.
            consumeUntil(pipeline, all, () -> incrementalSeqs(all).length >= total, WAIT);

            assertThat(marketSymbols(all)).containsOnly("EURUSD", "AAPL").contains("EURUSD", "AAPL");
            assertThat(all).anyMatch(Envelope::hasTrade).anyMatch(e -> e.hasBookUpdate() && !e.getBookUpdate().getSnapshot());
            assertThat(states(all)).doesNotContain(State.GAP_DETECTED, State.DISCONNECTED);
            // Every refresh after the snapshots has its own MsgSeqNum, one after the other.
            final long[] seqs = incrementalSeqs(all);
            assertThat(seqs).hasSize(total);
            assertThat(venue.incrementalsSent()).isEqualTo(total);
            for (int i = 1; i < seqs.length; i++) {
                assertThat(seqs[i]).as("MsgSeqNum after %d", seqs[i - 1]).isEqualTo(seqs[i - 1] + 1);
            }
            assertGapFreeIngestSeq(all);
            assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("fix_venue").malformed()).isZero();
        }
    }

    /**
     * Messages the venue cannot resend are gap-filled: the source says how many numbers were
     * skipped and asks for a snapshot, and the venue's answer brings the book back.
     */
    @Test
    void shouldAskForASnapshotWhenLostMessagesAreGapFilled() throws Exception {
        try (FixVenue venue = new FixVenue(FixVenueConfig.of(12).withCredentials("user123", "pass123").withRate(2_000, 0));
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addFixSource(config(venue, FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD"))
                    .resetOnLogon(true).build()));
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            consumeUntil(pipeline, all, () -> incrementalSeqs(all).length >= 20, WAIT);

            venue.loseNextMessages(3);
            consumeUntil(pipeline, all, () -> snapshots(all).size() == 2, WAIT);

            final StreamStatus recovered = all.stream().filter(e -> e.hasStatus()
                    && e.getStatus().getState() == State.RECOVERED).map(Envelope::getStatus).findFirst().orElseThrow();
            assertThat(recovered.getCount()).isEqualTo(3);
            assertThat(recovered.getReason()).contains("a snapshot was requested");
            final List<Envelope> books = snapshots(all);
            assertThat(all.indexOf(books.get(1))).isGreaterThan(all.indexOf(all.stream().filter(e -> e.hasStatus()
                    && e.getStatus().getState() == State.RECOVERED).findFirst().orElseThrow()));
            assertThat(books.get(1).getBookUpdate().getSymbol()).isEqualTo("EURUSD");
            assertThat(states(all)).doesNotContain(State.DISCONNECTED);
            assertGapFreeIngestSeq(all);
        }
    }

    private static List<Envelope> snapshots(List<Envelope> all) {
        return all.stream().filter(e -> e.hasBookUpdate() && e.getBookUpdate().getSnapshot()).toList();
    }

    @Test
    void shouldReceiveOnlyTheSymbolsItSubscribedTo() throws Exception {
        try (FixVenue venue = new FixVenue(FixVenueConfig.of(9).withRate(2_000, 0));
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addFixSource(config(venue, FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD", "AAPL"))
                    .resetOnLogon(true).build()));
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            consumeUntil(pipeline, all, () -> marketSymbols(all).size() >= 200, WAIT);

            // The market moves four symbols; two were asked for, and both snapshots come first.
            assertThat(marketSymbols(all)).containsOnly("EURUSD", "AAPL").contains("EURUSD", "AAPL");
            assertThat(all.stream().filter(e -> e.hasBookUpdate() && e.getBookUpdate().getSnapshot())
                    .map(e -> e.getBookUpdate().getSymbol())).containsExactly("EURUSD", "AAPL");
            assertGapFreeIngestSeq(all);
        }
    }

    @Test
    void shouldReportTheVenuesRejectOfAnUnknownSymbol() throws Exception {
        try (FixVenue venue = new FixVenue(FixVenueConfig.of(10).withRate(2_000, 0));
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.create()) {
            pipeline.addFixSource(config(venue, FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EUR/USD"))
                    .resetOnLogon(true).build()));
            pipeline.startAllReceivers().join();
            final List<Envelope> all = new ArrayList<>();
            consumeUntil(pipeline, all, () -> states(all).contains(State.VENUE_ERROR), WAIT);

            assertThat(all).filteredOn(e -> e.hasStatus() && e.getStatus().getState() == State.VENUE_ERROR)
                    .singleElement().satisfies(e -> assertThat(e.getStatus().getReason())
                            .contains("MarketDataRequest rejected", "MDReqRejReason 0", "Unknown symbol [EUR/USD]"));
            assertThat(all).noneMatch(e -> e.hasBookUpdate() || e.hasTrade());
            assertThat(venue.incrementalsSent()).isZero();
        }
    }

    @Test
    void shouldResumeTheSessionSequenceFromTheFileStoreAfterARestart() throws Exception {
        final FixOptions options = FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD"))
                .storeDir(tmp.resolve("fix-store").toString()).build();
        try (FixVenue venue = new FixVenue(FixVenueConfig.of(8).withRate(2_000, 0))) {
            long lastSeq;
            try (RealTimeDataPipeline first = RealTimeDataPipeline.create()) {
                first.addFixSource(config(venue, options));
                first.startAllReceivers().join();
                final List<Envelope> all = new ArrayList<>();
                consumeUntil(first, all, () -> all.stream().filter(Envelope::hasTrade).count() >= 20, WAIT);
                lastSeq = all.stream().mapToLong(Envelope::getSourceSeq).max().orElseThrow();
            }
            try (RealTimeDataPipeline second = RealTimeDataPipeline.create()) {
                second.addFixSource(config(venue, options));
                second.startAllReceivers().join();
                final List<Envelope> all = new ArrayList<>();
                consumeUntil(second, all, () -> all.stream().filter(Envelope::hasTrade).count() >= 20
                        && fixGaps(all).size() == recoveries(all), WAIT);

                // The venue's numbers carried on and the stored expectation was read: the session did
                // not start over at 1. What the venue sent while we logged out is a gap from there on,
                // filled by a resend.
                assertThat(all.stream().filter(e -> e.hasTrade() || e.hasBookUpdate()).mapToLong(Envelope::getSourceSeq)
                        .min().orElseThrow()).isGreaterThan(lastSeq);
                assertThat(fixGaps(all)).allSatisfy(expected -> assertThat(expected).isGreaterThan(lastSeq));
            }
        }
        assertThat(tmp.resolve("fix-store").toFile().list()).containsExactly("fix_venue_CLIENT1_VENUE.seqnums");
    }

    /** The MsgSeqNums of the incremental refreshes received (trades and non-snapshot books), once each, in order. */
    private static long[] incrementalSeqs(List<Envelope> all) {
        return all.stream().filter(e -> e.hasTrade() || (e.hasBookUpdate() && !e.getBookUpdate().getSnapshot()))
                .mapToLong(Envelope::getSourceSeq).distinct().toArray();
    }

    /** Symbols of the books and trades received, in order. */
    private static List<String> marketSymbols(List<Envelope> all) {
        return all.stream().filter(e -> e.hasBookUpdate() || e.hasTrade())
                .map(e -> e.hasTrade() ? e.getTrade().getSymbol() : e.getBookUpdate().getSymbol()).toList();
    }

    private static List<Long> fixGaps(List<Envelope> all) {
        return all.stream().filter(e -> e.hasStatus() && e.getStatus().getState() == State.GAP_DETECTED
                && e.getStatus().getExpectedSeq() > 0).map(e -> e.getStatus().getExpectedSeq()).toList();
    }

    private static long recoveries(List<Envelope> all) {
        return all.stream().filter(e -> e.hasStatus() && e.getStatus().getState() == State.RECOVERED).count();
    }

    private static DataSourceConfig config(FixVenue venue, FixOptions options) {
        return DataSourceConfig.builder("fix_venue", Protocol.FIX, venue.endpoint())
                .credentials("user123", "pass123")
                .reconnectInterval(Duration.ofMillis(100))
                .fix(options)
                .build();
    }
}
