package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.source.SourceState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import quickfix.MemoryStoreFactory;

/**
 * Our FIX initiator against a real QuickFIX/J 2.3.2 acceptor in process: logon with credentials,
 * subscription, 10,000 incremental refreshes in order with exact decimals, Logout on shutdown;
 * messages lost on the way (a proxy drops chosen MsgSeqNums) recovered through ResendRequest with
 * no loss and no duplicates downstream; a wrong password refused and reported; FIXT.1.1 with the
 * configured application version against a QuickFIX/J FIXT acceptor.
 */
class FixSourceQuickFixJTest {
    private static final int INCREMENTALS = 10_000;

    @Test
    void shouldLogOnSubscribeAndReceiveEveryIncrementalInOrderWithExactDecimalsThenLogOutOnShutdown() throws Exception {
        try (QuickFixJAcceptor venue = new QuickFixJAcceptor(INCREMENTALS)) {
            final RealTimeDataPipeline pipeline = pipeline();
            pipeline.addFixSource(config(venue.port(), QuickFixJAcceptor.PASSWORD, 0));
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(60)).until(() -> collector.incrementalBooks().size() >= INCREMENTALS);
                assertThat(venue.logonUsers).containsExactly(QuickFixJAcceptor.USERNAME);
                assertThat(venue.marketDataRequests).hasSize(1);
                assertThat(pipeline.receivers().get("fix_qfj").state()).isEqualTo(SourceState.SUBSCRIBED);
                assertEveryIncrementalOnceInOrder(collector.incrementalBooks());
                final Envelope snapshot = collector.envelopes.stream()
                        .filter(e -> e.hasBookUpdate() && e.getBookUpdate().getSnapshot()).findFirst().orElseThrow();
                assertThat(snapshot.getBookUpdate().getBids(0).getPrice().getMantissa()).isEqualTo(1_085_000L);
                assertThat(snapshot.getBookUpdate().getBids(0).getPrice().getExponent()).isEqualTo(-6);
                pipeline.close();
                await().atMost(Duration.ofSeconds(10)).untilTrue(venue.logoutReceived);
            } finally {
                pipeline.close();
            }
        }
    }

    /**
     * FIXT.1.1 against a QuickFIX/J FIXT acceptor that knows only FIX 5.0 SP1: the configured
     * DefaultApplVerID is what the Logon announces and what QuickFIX/J parses our
     * MarketDataRequest under; its 5.0 SP1 refreshes arrive whole, in order, exact.
     */
    @Test
    void shouldSpeakFixtWithTheConfiguredApplicationVersionToAFixtAcceptor() throws Exception {
        try (FixtQuickFixJAcceptor venue = new FixtQuickFixJAcceptor(INCREMENTALS)) {
            final RealTimeDataPipeline pipeline = pipeline();
            pipeline.addFixSource(DataSourceConfig.builder("fix_qfj", Protocol.FIX, "127.0.0.1:" + venue.port())
                    .credentials(QuickFixJAcceptor.USERNAME, QuickFixJAcceptor.PASSWORD)
                    .reconnectInterval(Duration.ofMillis(200))
                    .fix(FixOptions.builder("CLIENT1", "VENUE").beginString("FIXT.1.1").defaultApplVerId("FIX.5.0SP1")
                            .symbols(List.of(QuickFixJAcceptor.SYMBOL)).marketDepth(1).resetOnLogon(true).build())
                    .build());
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(60)).until(() -> collector.incrementalBooks().size() >= INCREMENTALS);
                assertThat(venue.logonApplVerIds).containsExactly("8");
                assertThat(venue.sessionApplVerIds).containsExactly("8");
                assertThat(venue.marketDataRequests).hasSize(1);
                assertEveryIncrementalOnceInOrder(collector.incrementalBooks());
                pipeline.close();
                await().atMost(Duration.ofSeconds(10)).untilTrue(venue.logoutReceived);
            } finally {
                pipeline.close();
            }
        }
    }

    /**
     * A venue that keeps no market data to resend (QuickFIX/J with PersistMessages=N) answers the
     * ResendRequest for lost refreshes with a gap fill over everything since: the lost data is gone,
     * which RECOVERED says with its count, the refreshes held after it are delivered all the same,
     * and the source asks for a snapshot, which brings the book back.
     */
    @Test
    void shouldAskForASnapshotWhenTheVenueGapFillsTheMarketDataLostOnTheWay() throws Exception {
        final Set<Long> lost = Set.of(50L, 51L);
        try (QuickFixJAcceptor venue = new QuickFixJAcceptor(2_000, new MemoryStoreFactory(), false);
                LossyFixProxy proxy = new LossyFixProxy(venue.port(), lost)) {
            final RealTimeDataPipeline pipeline = pipeline();
            final FixSource source = (FixSource) pipeline.addFixSource(config(proxy.port(), QuickFixJAcceptor.PASSWORD, 0));
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(60)).until(() -> venue.marketDataRequests.size() == 2
                        && snapshots(collector.envelopes).size() == 2
                        && collector.incrementalBooks().size() == 2_000 - lost.size());

                assertThat(proxy.dropped()).containsExactlyInAnyOrderElementsOf(lost);
                assertThat(collector.statuses(StreamStatus.State.DISCONNECTED)).isEmpty();
                // The subscription at logon, then a snapshot alone under a new MDReqID.
                assertThat(venue.marketDataRequests).satisfiesExactly(
                        request -> assertThat(request).matches("fix_qfj-1-[0-9a-z]+:1"),
                        request -> assertThat(request).matches("fix_qfj-2-[0-9a-z]+:0"));
                final StreamStatus recovered = collector.statuses(StreamStatus.State.RECOVERED).get(0);
                // Only the two lost: what arrived after them was held, and is delivered although the
                // gap fill covers it too.
                assertThat(recovered.getCount()).isEqualTo(lost.size());
                assertThat(recovered.getReason()).contains("skipped by a SequenceReset", "a snapshot was requested");
                assertThat(source.sessionMetrics().skippedInGaps()).isEqualTo(lost.size());
                // The second snapshot comes after the RECOVERED that asked for it.
                final List<Envelope> inOrder = List.copyOf(collector.envelopes);
                final int recoveredAt = inOrder.indexOf(inOrder.stream().filter(e -> e.hasStatus()
                        && e.getStatus().getState() == StreamStatus.State.RECOVERED).findFirst().orElseThrow());
                final Envelope resnapshot = snapshots(inOrder).get(1);
                assertThat(inOrder.indexOf(resnapshot)).isGreaterThan(recoveredAt);
                assertThat(resnapshot.getBookUpdate().getBids(0).getPrice().getMantissa()).isEqualTo(1_085_000L);
            } finally {
                pipeline.close();
            }
        }
    }

    private static List<Envelope> snapshots(List<Envelope> envelopes) {
        return envelopes.stream().filter(e -> e.hasBookUpdate() && e.getBookUpdate().getSnapshot()).toList();
    }

    @Test
    void shouldRecoverMessagesLostOnTheWayThroughResendRequestWithoutLossOrDuplicates() throws Exception {
        final Set<Long> lost = Set.of(5L, 6L, 7L, 1_000L, 5_000L, 5_001L, 9_990L);
        try (QuickFixJAcceptor venue = new QuickFixJAcceptor(INCREMENTALS);
                LossyFixProxy proxy = new LossyFixProxy(venue.port(), lost)) {
            final RealTimeDataPipeline pipeline = pipeline();
            final FixSource source = (FixSource) pipeline.addFixSource(config(proxy.port(), QuickFixJAcceptor.PASSWORD, 0));
            // Each loss its own gap: the venue sends the next lost message once the previous gap is
            // recovered. Otherwise, on a slow machine, a gap still open at the next loss absorbs it
            // (the resend carries its copy) and the four losses make fewer gaps.
            venue.holdBefore(1_000, () -> source.sessionMetrics().gapsRecovered() >= 1);
            venue.holdBefore(5_000, () -> source.sessionMetrics().gapsRecovered() >= 2);
            venue.holdBefore(9_990, () -> source.sessionMetrics().gapsRecovered() >= 3);
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(60)).until(() -> collector.incrementalBooks().size() >= INCREMENTALS
                        && collector.statuses(StreamStatus.State.RECOVERED).size() >= 4);
                assertThat(proxy.dropped()).containsExactlyInAnyOrderElementsOf(lost);
                assertThat(collector.statuses(StreamStatus.State.DISCONNECTED))
                        .as("the session must stay up while it recovers the gaps").isEmpty();
                assertEveryIncrementalOnceInOrder(collector.incrementalBooks());
                final List<StreamStatus> gaps = collector.statuses(StreamStatus.State.GAP_DETECTED).stream()
                        .filter(s -> s.getExpectedSeq() > 0).toList();
                assertThat(gaps).extracting(StreamStatus::getExpectedSeq).containsExactly(5L, 1_000L, 5_000L, 9_990L);
                assertThat(gaps).allSatisfy(g -> assertThat(g.getReceivedSeq()).isGreaterThan(g.getExpectedSeq()));
                assertGapThenRecoveredInStreamOrder(collector.envelopes);
                assertThat(source.sessionMetrics().gapsRecovered()).isEqualTo(source.sessionMetrics().gapsDetected());
            } finally {
                pipeline.close();
            }
        }
    }

    /**
     * QuickFIX/J can answer a ResendRequest with a PossDup copy of a message before that message
     * itself goes out (it stores a message before writing it, and resends from the store without
     * the send lock). The store here holds the publisher in that window until the copy has reached
     * the initiator, so the original arrives after its copy, with a MsgSeqNum already processed.
     */
    @Test
    void shouldStayUpWhenAResentCopyOvertakesItsOriginal() throws Exception {
        // 9,990 is lost; the venue answers the ResendRequest for it while its publisher is held
        // right after storing 9,993, so the resend ends with 9,993 and its copy goes out first.
        final int lostSeq = 9_990;
        final int overtakenSeq = 9_993;
        final StallingAfterStoreFactory stores = new StallingAfterStoreFactory(overtakenSeq);
        try (QuickFixJAcceptor venue = new QuickFixJAcceptor(INCREMENTALS, stores);
                LossyFixProxy proxy = new LossyFixProxy(venue.port(), Set.of((long) lostSeq))) {
            proxy.afterResentCopyForwarded(overtakenSeq, stores::release);
            final RealTimeDataPipeline pipeline = pipeline();
            final FixSource source = (FixSource) pipeline.addFixSource(config(proxy.port(), QuickFixJAcceptor.PASSWORD, 0));
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(60)).until(() -> venue.finishedSending.get()
                        && (collector.incrementalBooks().size() >= INCREMENTALS
                        || !collector.statuses(StreamStatus.State.DISCONNECTED).isEmpty()));
                assertThat(stores.stalled()).as("the publisher was held between storing and sending").isTrue();
                assertThat(collector.statuses(StreamStatus.State.DISCONNECTED))
                        .as("the session must stay up when a resent copy overtakes its original").isEmpty();
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.incrementalBooks().size() >= INCREMENTALS);
                assertEveryIncrementalOnceInOrder(collector.incrementalBooks());
                assertThat(source.sessionMetrics().lateOriginalsIgnored()).isEqualTo(1);
            } finally {
                stores.release(); // never leave the venue's publisher held, whatever failed
                pipeline.close();
            }
        }
    }

    @Test
    void shouldReportARefusedLogonAndNeverLeakThePassword() throws Exception {
        try (QuickFixJAcceptor venue = new QuickFixJAcceptor(0)) {
            final RealTimeDataPipeline pipeline = pipeline();
            pipeline.addFixSource(config(venue.port(), "wrong-secret-42", 1));
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                await().atMost(Duration.ofSeconds(20)).until(() -> !collector.statuses(StreamStatus.State.DISCONNECTED).isEmpty());
                assertThat(venue.rejectedLogons).contains(QuickFixJAcceptor.USERNAME);
                final StreamStatus disconnected = collector.statuses(StreamStatus.State.DISCONNECTED).get(0);
                assertThat(disconnected.getReason()).contains("refused the logon").contains("Invalid username or password")
                        .contains("check the credentials");
                assertThat(collector.envelopes).noneMatch(e -> e.toString().contains("wrong-secret-42"));
                // A refused logon is a failed attempt: with max_reconnect_attempts 1 the source gives up.
                await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.receivers().get("fix_qfj").state() == SourceState.FAILED);
            } finally {
                pipeline.close();
            }
        }
    }

    private static void assertEveryIncrementalOnceInOrder(List<Envelope> books) {
        assertThat(books).hasSize(INCREMENTALS);
        long previousSeq = 0;
        for (int i = 0; i < INCREMENTALS; i++) {
            final Envelope envelope = books.get(i);
            assertThat(envelope.getSourceSeq()).as("MsgSeqNum order at %d", i).isGreaterThan(previousSeq);
            previousSeq = envelope.getSourceSeq();
            final BookUpdate book = envelope.getBookUpdate();
            final PriceLevel level = i % 2 == 0 ? book.getBids(0) : book.getAsks(0);
            assertThat(book.getSymbol()).isEqualTo(QuickFixJAcceptor.SYMBOL);
            assertExact(level.getPrice(), QuickFixJAcceptor.price(i), i);
            assertExact(level.getSize(), QuickFixJAcceptor.size(i), i);
        }
    }

    private static void assertExact(io.marketintel.pipeline.schema.v1.Decimal actual, String text, int i) {
        final BigDecimal expected = new BigDecimal(text);
        assertThat(actual.getMantissa()).as("mantissa of %s (incremental %d)", text, i)
                .isEqualTo(expected.unscaledValue().longValueExact());
        assertThat(actual.getExponent()).as("exponent of %s (incremental %d)", text, i).isEqualTo(-expected.scale());
    }

    /** Every FIX GAP_DETECTED is followed, later in the stream, by a RECOVERED before the next gap. */
    private static void assertGapThenRecoveredInStreamOrder(List<Envelope> envelopes) {
        boolean open = false;
        for (Envelope e : envelopes) {
            if (!e.hasStatus()) {
                continue;
            }
            if (e.getStatus().getState() == StreamStatus.State.GAP_DETECTED && e.getStatus().getExpectedSeq() > 0) {
                assertThat(open).as("a gap opened while another was open").isFalse();
                open = true;
            } else if (e.getStatus().getState() == StreamStatus.State.RECOVERED) {
                assertThat(open).as("RECOVERED without a gap").isTrue();
                open = false;
            }
        }
        assertThat(open).as("the last gap was recovered").isFalse();
    }

    private static RealTimeDataPipeline pipeline() {
        return RealTimeDataPipeline.builder().ioThreads(1).consumerCapacityBytes(64 * 1024 * 1024)
                .shutdownTimeout(Duration.ofSeconds(5)).build();
    }

    private static DataSourceConfig config(int port, String password, int maxReconnectAttempts) {
        return DataSourceConfig.builder("fix_qfj", Protocol.FIX, "127.0.0.1:" + port)
                .credentials(QuickFixJAcceptor.USERNAME, password)
                .reconnectInterval(Duration.ofMillis(200))
                .maxReconnectAttempts(maxReconnectAttempts)
                .fix(FixOptions.builder("CLIENT1", "VENUE").symbols(List.of(QuickFixJAcceptor.SYMBOL))
                        .marketDepth(1).resetOnLogon(true).build())
                .build();
    }
}
