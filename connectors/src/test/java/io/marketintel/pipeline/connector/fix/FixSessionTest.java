package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.handoff.EnvelopeHandoff;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.FixMessage;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.marketintel.pipeline.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link FixSession} driven directly, without a socket: what it sends is recorded, what it
 * publishes is read back from the hand-off. For behaviour the acceptance scripts do not reach:
 * chunked resends, a full gap queue, an original arriving after its resent copy,
 * MarketDataRequestReject, large snapshots, FIXT.1.1 and FIX.4.2 specifics, sequence resets by the
 * venue, and the allocation-free hot path.
 */
class FixSessionTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    private final ManualClock clock = new ManualClock(START.toEpochMilli() * 1_000_000L);
    /** Large by default; a test that wants backpressure sets a small one before {@link #start}. */
    private EnvelopeHandoff handoff = new EnvelopeHandoff(64 * 1024 * 1024);
    private final List<String> sent = new ArrayList<>();
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[256 * 1024]);
    private String beginString = "FIX.4.4";
    private FixSession session;
    private FrameIngest ingest;
    private FixSessionMetrics metrics;
    private SourceMetrics sourceMetrics;

    private void start(FixOptions options) {
        connect(options, SequenceStore.inMemory());
        receive("35=A|34=1|98=0|108=30|");
    }

    /** A session on {@code store} whose Logon has gone out, waiting for the reply. */
    private void connect(FixOptions options, SequenceStore store) {
        beginString = options.beginString();
        final FixSessionParts parts = new FixSessionParts(options, store, clock, handoff, sent);
        sourceMetrics = parts.sourceMetrics;
        metrics = parts.metrics;
        ingest = parts.ingest;
        session = parts.session;
    }

    private static FixOptions.Builder options() {
        return FixOptions.builder("CLIENT", "VENUE").resetOnLogon(true);
    }

    /** Frames {@code body} (header fields added) into the reused input buffer and hands it to the session. */
    private void receive(String body) {
        encode(body);
        deliver();
    }

    /** Frames {@code body} exactly as given (from 35= on: no header fields added) and hands it to the session. */
    private void receiveRaw(String body) {
        encodeRaw(body);
        deliver();
    }

    private void deliver() {
        ingest.beginBatch();
        session.onMessage(in, 0, lastLength);
        ingest.endBatch();
    }

    private static String incremental(long seq, String px) {
        return "35=X|34=" + seq + "|268=1|279=1|269=0|55=EUR/USD|270=" + px + "|271=1000|";
    }

    /** The PossDup copy of {@link #incremental}, as a venue re-sends it. */
    private static String resent(long seq, String px) {
        return incremental(seq, px).replace("|268", "|43=Y|122=20260102-03:04:04.000|268");
    }

    private List<Envelope> published() {
        final List<Envelope> out = new ArrayList<>();
        handoff.read((type, buffer, offset, length) -> {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            try {
                out.add(Envelope.parseFrom(bytes));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return ControlledMessageHandler.Action.CONTINUE;
        }, Integer.MAX_VALUE);
        return out;
    }

    private List<Long> publishedBookSeqs() {
        return published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq).toList();
    }

    /** {@link #publishedBookSeqs} until the hand-off is empty: one read stops where the ring wraps. */
    private List<Long> allPublishedBookSeqs() {
        final List<Long> all = new ArrayList<>();
        List<Envelope> read;
        while (!(read = published()).isEmpty()) {
            read.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq).forEach(all::add);
        }
        return all;
    }

    /** A full-book snapshot of {@code levels} entries, three fields each, after {@code extraHeader}. */
    private static String snapshotOfLevels(long seq, int levels, String extraHeader) {
        final StringBuilder b = new StringBuilder("35=W|34=" + seq + "|" + extraHeader)
                .append("55=EUR/USD|268=").append(levels).append('|');
        for (int i = 0; i < levels; i++) {
            b.append("269=").append(i % 2).append("|270=1.").append(1000 + i).append("|271=100|");
        }
        return b.toString();
    }

    private List<String> sentOfType(String msgType) {
        return sent.stream().filter(m -> m.contains("|35=" + msgType + "|")).toList();
    }

    private List<String> closes() {
        return sent.stream().filter(m -> m.startsWith("CLOSE ")).toList();
    }

    @Test
    void shouldSendAHeartbeatTestRequestAndCloseWhenTheTestRequestGoesUnanswered() {
        start(options().build());  // HeartBtInt 30 s; the Logon reply is the last thing heard
        sent.clear();
        clock.advance(Duration.ofSeconds(30));
        session.onTimer();          // nothing sent for 30 s: our Heartbeat
        assertThat(sentOfType("0")).hasSize(1);
        assertThat(sentOfType("1")).isEmpty();

        clock.advance(Duration.ofSeconds(44));
        session.onTimer();          // 44 s of silence, under 1.5 intervals
        assertThat(sentOfType("1")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        session.onTimer();          // 45 s: a TestRequest
        assertThat(sentOfType("1")).hasSize(1).allMatch(m -> m.contains("|112="));
        assertThat(closes()).isEmpty();

        clock.advance(Duration.ofSeconds(29));
        session.onTimer();
        assertThat(closes()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        session.onTimer();          // a whole interval without an answer: the connection is dead
        assertThat(closes()).singleElement().asString()
                .contains("no message from venue for 75000 ms, not even after a TestRequest");
        assertThat(session.state()).isEqualTo(FixSessionState.DISCONNECTED);
    }

    @Test
    void shouldStayUpWhenTheVenueAnswersOurTestRequest() {
        start(options().build());
        clock.advance(Duration.ofSeconds(30));
        session.onTimer();
        clock.advance(Duration.ofSeconds(45));
        session.onTimer();
        assertThat(sentOfType("1")).hasSize(1);
        receive("35=0|34=2|112=TEST|");
        // Heard at the next tick (90 s): silence runs from there, so nothing more is due by 130 s.
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(10));
            session.onTimer();
        }
        assertThat(closes()).isEmpty();
        assertThat(sentOfType("1")).hasSize(1);
        assertThat(session.state()).isEqualTo(FixSessionState.LOGGED_ON);
    }

    @Test
    void shouldRequestAGapInChunksAndReleaseHeldMessagesInOrder() {
        start(options().resendChunkSize(2).build());
        receive(incremental(2, "1.1"));
        receive(incremental(7, "1.7"));   // 3..6 missing
        receive(incremental(8, "1.8"));

        assertThat(sent).last().asString().contains("35=2|").contains("|7=3|16=4|");
        receive(incremental(3, "1.3"));
        receive(incremental(4, "1.4"));
        assertThat(sent).last().asString().contains("|7=5|16=6|");
        receive(incremental(5, "1.5"));
        receive(incremental(6, "1.6"));

        final List<Envelope> envelopes = published();
        assertThat(envelopes.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq))
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(envelopes.stream().filter(Envelope::hasStatus).map(e -> e.getStatus().getState()))
                .containsSubsequence(StreamStatus.State.GAP_DETECTED, StreamStatus.State.RECOVERED);
        assertThat(session.nextTargetSeq()).isEqualTo(9);
        assertThat(metrics.gapsRecovered()).isEqualTo(1);
    }

    @Test
    void shouldSayTheGapIsFilledWithNothingSkippedWhenEverythingWasResent() {
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(2, "1.2"));
        receive(incremental(5, "1.5"));   // 3 and 4 missing
        receive(resent(3, "1.3"));
        receive(resent(4, "1.4"));

        assertThat(recovered(published())).singleElement().satisfies(status -> {
            assertThat(status.getReason()).isEqualTo("FIX sequence gap filled through MsgSeqNum 5");
            assertThat(status.getCount()).isZero();
        });
        assertThat(metrics.skippedInGaps()).isZero();
        assertThat(sentOfType("V")).as("only the subscription at logon").singleElement().asString().contains("|263=1|");
    }

    /**
     * A venue that does not keep its market data for resending answers with a gap fill: the data
     * of those numbers is gone, and the RECOVERED event must not claim otherwise.
     */
    @Test
    void shouldCountWhatAGapFillSkippedInsteadOfResendingAndAskForASnapshotWhenTheGapCloses() {
        start(options().symbols(List.of("EUR/USD")).marketDepth(5).build());
        receive(incremental(2, "1.2"));
        receive(incremental(7, "1.7"));   // 3 to 6 missing
        receive(resent(3, "1.3"));
        receive("35=4|34=4|43=Y|122=20260102-03:04:04.000|123=Y|36=7|");   // 4 to 6 not resent

        final List<Envelope> all = published();
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(2L, 3L, 7L);
        assertThat(recovered(all)).singleElement().satisfies(status -> {
            assertThat(status.getCount()).isEqualTo(3);
            assertThat(status.getExpectedSeq()).isEqualTo(8);
            assertThat(status.getReason()).contains("gap closed through MsgSeqNum 7", "3 message number(s)",
                    "skipped by a SequenceReset", "market data the venue did not resend", "a snapshot was requested");
        });
        assertThat(metrics.skippedInGaps()).isEqualTo(3);
        assertThat(metrics.gapsRecovered()).isEqualTo(1);
        // The books may have missed updates: a snapshot of the subscription, under a new MDReqID.
        assertThat(sentOfType("V")).hasSize(2);
        assertThat(sentOfType("V").get(1)).contains("|262=s-2-","|263=0|264=5|267=", "|146=1|55=EUR/USD|")
                .doesNotContain("|265=");
    }

    @Test
    void shouldCountWhatAResetModeSequenceResetSkippedInsideAGapAndAskForASnapshot() {
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(5, "1.5"));   // 2 to 4 missing
        receive("35=4|34=6|36=6|");        // Reset mode: whatever its own number, expect 6 next

        assertThat(session.nextTargetSeq()).isEqualTo(6);
        receive(incremental(6, "1.6"));
        final List<Envelope> all = published();
        // 2 to 5 skipped; 5 was held and is delivered.
        assertThat(recovered(all)).singleElement().satisfies(status -> assertThat(status.getCount()).isEqualTo(3));
        assertThat(metrics.skippedInGaps()).isEqualTo(3);
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(5L, 6L);
        assertThat(sentOfType("V")).hasSize(2);
        assertThat(sentOfType("V").get(1)).contains("|263=0|");
    }

    /**
     * Every number a gap fill skips counts, past the highest seen too: an original of one of those
     * that arrives later is dropped as already covered, so it is not delivered either.
     */
    @Test
    void shouldCountEveryNumberAGapFillSkipsEvenPastTheHighestSeen() {
        start(options().build());
        receive(incremental(5, "1.5"));   // 2 to 4 missing; 5 held
        receive("35=4|34=2|43=Y|122=20260102-03:04:04.000|123=Y|36=9|");   // 2 to 8: past 5, the highest seen
        receive(incremental(6, "1.6"));   // a late original the gap fill covered

        assertThat(session.nextTargetSeq()).isEqualTo(9);
        final List<Envelope> all = published();
        // 2 to 8 skipped, but 5 was held and is delivered: six numbers are missing.
        assertThat(recovered(all)).singleElement().satisfies(status -> assertThat(status.getCount()).isEqualTo(6));
        assertThat(metrics.skippedInGaps()).isEqualTo(6);
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(5L);
    }

    /**
     * A gap opened by the venue's Logon reply: the Logon itself was received, so the venue's gap
     * fill over its number loses nothing, and the subscription sent at this logon brings the books.
     */
    @Test
    void shouldNotCountTheLogonNorAskForASnapshotWhenTheLogonReplyOpenedTheGap() {
        connect(options().symbols(List.of("EUR/USD")).build(), SequenceStore.inMemory());
        receive("35=A|34=4|98=0|108=30|");   // 1 to 3 missing
        assertThat(sentOfType("2")).singleElement().asString().contains("|7=1|");
        receive(resent(1, "1.1"));
        receive(resent(2, "1.2"));
        receive(resent(3, "1.3"));
        receive("35=4|34=4|43=Y|122=20260102-03:04:04.000|123=Y|36=5|");   // the Logon: an admin message, gap-filled

        assertThat(recovered(published())).singleElement().satisfies(status -> {
            assertThat(status.getCount()).isZero();
            assertThat(status.getReason()).isEqualTo("FIX sequence gap filled through MsgSeqNum 4");
        });
        assertThat(session.nextTargetSeq()).isEqualTo(5);
        assertThat(sentOfType("V")).singleElement().asString().contains("|263=1|");
    }

    @Test
    void shouldNotCountGapFillsOutsideAGap() {
        start(options().build());
        receive("35=4|34=2|123=Y|36=5|");   // session messages 2 to 4 the venue does not resend, no gap of ours
        receive(incremental(5, "1.5"));

        assertThat(metrics.skippedInGaps()).isZero();
        assertThat(recovered(published())).isEmpty();
    }

    private static List<StreamStatus> recovered(List<Envelope> all) {
        return all.stream().filter(e -> e.hasStatus() && e.getStatus().getState() == StreamStatus.State.RECOVERED)
                .map(Envelope::getStatus).toList();
    }

    /**
     * A held message whose number a gap fill skipped over is an original we have (a venue that
     * stores nothing gap-fills everything it is asked for): it is delivered at its own number, not
     * dropped, and does not count as skipped; what follows it is released as usual.
     */
    @Test
    void shouldDeliverAHeldMessageAGapFillSkippedOverAndReleaseTheNext() {
        start(options().build());
        receive(incremental(4, "1.4"));
        receive(incremental(5, "1.5"));
        assertThat(session.heldMessages()).isEqualTo(2);

        receive("35=4|34=2|43=Y|122=20260102-03:04:04.000|123=Y|36=5|");   // 2 to 4 gap-filled, 4 held
        final List<Envelope> all = published();
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(4L, 5L);
        assertThat(session.nextTargetSeq()).isEqualTo(6);
        assertThat(session.heldMessages()).isZero();
        assertThat(metrics.gapsRecovered()).isEqualTo(1);
        assertThat(recovered(all)).singleElement().satisfies(status -> assertThat(status.getCount()).isEqualTo(2));
    }

    @Test
    void shouldAskAgainWhenAResendRequestGoesUnanswered() {
        start(options().build());
        receive(incremental(5, "1.5"));   // 2..4 missing
        final long requests = sent.stream().filter(m -> m.contains("|35=2|")).count();
        session.onTimer();
        clock.advance(Duration.ofSeconds(61)); // two heartbeat intervals without progress
        session.onTimer();

        assertThat(sent.stream().filter(m -> m.contains("|35=2|") && m.contains("|7=2|16=0|")).count())
                .isEqualTo(requests + 1);
    }

    @Test
    void shouldAskAgainForWhatTheFullQueueRefused() {
        start(options().maxQueuedMessages(2).build());
        receive(incremental(3, "1.3"));   // 2 missing: 3 and 4 held, 5 refused
        receive(incremental(4, "1.4"));
        receive(incremental(5, "1.5"));
        assertThat(metrics.queueOverflows()).isEqualTo(1);

        receive("35=4|34=2|43=Y|122=20260102-03:04:04.000|123=Y|36=3|"); // the gap is filled
        assertThat(session.nextTargetSeq()).isEqualTo(5);
        assertThat(sent).last().asString().contains("35=2|").contains("|7=5|16=0|");
        receive(incremental(5, "1.5") .replace("|268", "|43=Y|122=20260102-03:04:04.000|268"));

        assertThat(published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq))
                .containsExactly(3L, 4L, 5L);
        assertThat(session.nextTargetSeq()).isEqualTo(6);
    }

    /**
     * A venue may answer a ResendRequest from its store while the original of its last stored
     * message is still on its way out (QuickFIX/J does), so the original arrives after its copy.
     */
    @Test
    void shouldIgnoreAnOriginalThatArrivesAfterItsResentCopyAndStayUp() {
        start(options().build());
        receive(incremental(2, "1.2"));
        receive(incremental(4, "1.4"));   // 3 missing: ResendRequest 3..0
        receive(resent(3, "1.3"));        // fills the gap, 4 is released
        receive(resent(4, "1.4"));        // duplicate of the held 4
        receive(resent(5, "1.5"));        // the copy of 5 comes before 5 itself ...
        receive(incremental(5, "1.5"));   // ... which is no sequence error
        receive(incremental(6, "1.6"));

        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
        assertThat(published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq))
                .containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(metrics.lateOriginalsIgnored()).isEqualTo(1);
        assertThat(session.nextTargetSeq()).isEqualTo(7);
    }

    /**
     * The venue's answer skips a number (20), which opens a new gap, and the original of a message
     * it re-sent (19) comes after the answer, as QuickFIX/J's can. Found by FixSessionGapFuzzTest:
     * the new gap replaced what the session knew was re-sent, so the late 19 ended the session as
     * "MsgSeqNum too low".
     */
    @Test
    void shouldIgnoreALateOriginalOfAnAnswerThatItselfSkippedANumber() {
        start(options().build());
        for (int seq = 2; seq <= 15; seq++) {
            receive(incremental(seq, "1." + seq));
        }
        receive(incremental(17, "1.17")); // 16 missing: ResendRequest 16..0
        receive(incremental(18, "1.18"));
        receive("35=4|34=16|43=Y|122=20260102-03:04:04.000|123=Y|36=17|");
        receive(resent(17, "1.17"));
        receive(resent(18, "1.18"));
        receive(resent(19, "1.19"));
        receive(resent(21, "1.21"));      // the answer skipped 20: ResendRequest 20..0
        receive(incremental(19, "1.19")); // 19's original, written after the answer
        receive(resent(20, "1.20"));
        receive(resent(21, "1.21"));
        receive(incremental(22, "1.22"));

        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
        assertThat(publishedBookSeqs()).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L,
                17L, 18L, 19L, 20L, 21L, 22L);
        assertThat(metrics.lateOriginalsIgnored()).isEqualTo(1);
        assertThat(session.nextTargetSeq()).isEqualTo(23);
    }

    /**
     * Only a number taken from a copy excuses its late original, and only once: 7 came as an
     * original (released from the queue), so a second 7 is a sequence error, even after a later
     * gap (found by review: a span of numbers from the first resent one to the highest excused it).
     */
    @Test
    void shouldStillLogOutOnASecondOriginalOfANumberThatWasNotTakenFromACopy() {
        start(options().build());
        for (int seq = 2; seq <= 5; seq++) {
            receive(incremental(seq, "1." + seq));
        }
        receive(incremental(7, "1.7"));   // 6 missing: ResendRequest 6..0
        receive(incremental(8, "1.8"));
        receive(resent(6, "1.6"));        // 6 from its copy, then the held 7 and 8
        receive(resent(8, "1.8"));        // a copy of what came already: ignored
        receive(incremental(10, "1.10")); // 9 missing: a new gap
        receive(incremental(7, "1.7"));   // 7 came before, as an original

        assertThat(sent).anyMatch(m -> m.contains("|35=5|") && m.contains("MsgSeqNum too low, expecting 9 but received 7"));
        assertThat(metrics.lateOriginalsIgnored()).isZero();
    }

    @Test
    void shouldIgnoreALateOriginalOnlyOnce() {
        start(options().build());
        receive(incremental(2, "1.2"));
        receive(incremental(4, "1.4"));   // 3 missing
        receive(resent(3, "1.3"));
        receive(resent(5, "1.5"));        // 5 from its copy ...
        receive(incremental(5, "1.5"));   // ... its original late: ignored
        receive(incremental(5, "1.5"));   // ... and again: a sequence error

        assertThat(metrics.lateOriginalsIgnored()).isEqualTo(1);
        assertThat(sent).anyMatch(m -> m.contains("|35=5|") && m.contains("MsgSeqNum too low, expecting 6 but received 5"));
    }

    @Test
    void shouldIgnoreAnAdminOriginalThatAResentGapFillAlreadyCovered() {
        start(options().build());
        receive(incremental(2, "1.2"));
        receive(incremental(5, "1.5"));   // 3 and 4 missing
        receive("35=4|34=3|43=Y|122=20260102-03:04:04.000|123=Y|36=5|"); // they were admin messages
        receive("35=0|34=4|");            // the original Heartbeat 4, after the gap fill for it

        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
        assertThat(metrics.lateOriginalsIgnored()).isEqualTo(1);
        assertThat(session.nextTargetSeq()).isEqualTo(6);
    }

    @Test
    void shouldStillLogOutOnAnOriginalTooLowThatWasNotResent() {
        start(options().build());
        receive(incremental(2, "1.2"));
        receive(incremental(3, "1.3"));
        receive(incremental(5, "1.5"));   // 4 missing: the resend starts at 4
        receive(resent(4, "1.4"));
        receive(incremental(3, "1.3"));   // 3 came in sequence long ago, and was not re-sent

        assertThat(sent).anyMatch(m -> m.contains("|35=5|") && m.contains("MsgSeqNum too low, expecting 6 but received 3"));
        assertThat(sent).last().asString().startsWith("CLOSE");
        assertThat(metrics.lateOriginalsIgnored()).isZero();
    }

    /** Our messages 2-4 are Heartbeats; a ResendRequest gets one gap fill over exactly what it asks for. */
    @Test
    void shouldGapFillOnlyTheRangeAResendRequestAsksFor() {
        start(options().build());
        receive("35=1|34=2|112=A|");
        receive("35=1|34=3|112=B|");
        receive("35=1|34=4|112=C|");      // our next MsgSeqNum is 5

        receive("35=2|34=5|7=2|16=3|");
        assertThat(sent).last().asString().contains("|35=4|34=2|").contains("|123=Y|36=4|");
        receive("35=2|34=6|7=3|16=0|");   // 0: everything from 3
        assertThat(sent).last().asString().contains("|35=4|34=3|").contains("|123=Y|36=5|");
        receive("35=2|34=7|7=2|16=9|");   // beyond what we sent
        assertThat(sent).last().asString().contains("|35=4|34=2|").contains("|123=Y|36=5|");
        assertThat(session.nextSenderSeq()).isEqualTo(5);
    }

    /**
     * A gap fill in sequence must move the expected MsgSeqNum on: one with a NewSeqNo not beyond
     * its own MsgSeqNum gets Reject 373=5 on NewSeqNo and uses up only its own number.
     */
    @Test
    void shouldRejectAGapFillThatDoesNotMoveTheSequenceOnAndTakeOnlyItsOwnNumber() {
        start(options().build());
        receive("35=4|34=2|123=Y|36=2|");
        assertThat(sent).last().asString().contains("|35=3|").contains("|45=2|").contains("|371=36|")
                .contains("|373=5|").contains("|58=Value is incorrect (out of range) for this tag|");
        assertThat(session.nextTargetSeq()).isEqualTo(3);

        receive("35=4|34=3|123=Y|36=1|");
        assertThat(sent).last().asString().contains("|35=3|").contains("|45=3|").contains("|373=5|");
        assertThat(session.nextTargetSeq()).isEqualTo(4);

        receive("35=4|34=4|123=Y|36=9|");
        assertThat(session.nextTargetSeq()).isEqualTo(9);
        assertThat(metrics.rejectsSent()).isEqualTo(2);
        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
    }

    /**
     * FIX session test case 20 (QuickFIX/J 20_SimultaneousResendRequest, QFJ-673): both sides have
     * a gap. The venue's ResendRequest, too high for us, is answered at once; held until its gap
     * was filled, the answer could keep both sides waiting for each other. In its turn it only uses
     * up its MsgSeqNum: no second answer.
     */
    @Test
    void shouldAnswerAResendRequestAheadOfAGapAtOnceAndOnlyOnce() {
        start(options().build());
        receive("35=1|34=2|112=A|");                 // our Heartbeat reply takes our MsgSeqNum 2
        receive("35=0|34=7|");                       // 3..6 missing: our ResendRequest (our 3)
        assertThat(sent).last().asString().contains("|35=2|").contains("|7=3|16=0|");
        final int before = sent.size();

        receive("35=2|34=8|7=2|16=3|");              // the venue wants our 2..3 while its gap is open
        assertThat(sent.subList(before, sent.size())).as("answer to the venue's ResendRequest")
                .anyMatch(m -> m.contains("|35=4|34=2|") && m.contains("|123=Y|36=4|"));

        receive("35=4|34=3|43=Y|122=20260102-03:04:04.000|123=Y|36=7|");   // the venue fills its gap
        assertThat(session.nextTargetSeq()).as("7 and 8 released").isEqualTo(9);
        assertThat(sent.stream().filter(m -> m.contains("|35=4|"))).hasSize(1);
        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|") || m.contains("|35=3|"));
    }

    /**
     * QuickFIX/J Session.nextLogon and its acceptance script SessionReset: a Logon with
     * ResetSeqNumFlag=Y and MsgSeqNum 1 during the session resets both sequence numbers and is
     * answered with a Logon 141=Y 34=1; it is no "MsgSeqNum too low".
     */
    @Test
    void shouldResetBothSequenceNumbersOnALogonWithResetSeqNumFlagDuringTheSession() {
        start(options().build());
        receive("35=0|34=2|");
        receive("35=1|34=3|112=A|");      // our Heartbeat 2
        final int before = sent.size();

        receive("35=A|34=1|98=0|108=30|141=Y|");
        assertThat(sent.subList(before, sent.size())).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
        assertThat(sent.subList(before, sent.size())).anyMatch(m -> m.contains("|35=A|34=1|") && m.contains("|141=Y|"));
        assertThat(session.nextTargetSeq()).isEqualTo(2);
        assertThat(session.nextSenderSeq()).isEqualTo(2);

        receive("35=1|34=2|112=B|");
        assertThat(sent).last().asString().contains("|35=0|34=2|").contains("|112=B|");
    }

    /**
     * A venue that resets its sequence numbers while our gap is open will never resend the old
     * numbers: the originals held ahead of the gap are delivered, in order, the numbers never
     * received are counted as lost in RECOVERED, and, after our reset Logon, a snapshot is asked
     * for. Before, the held messages were dropped and nothing was said.
     */
    @Test
    void shouldDeliverWhatIsHeldAndSayWhatWasLostWhenTheVenueResetsDuringAGap() {
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(2, "1.2"));
        receive(incremental(5, "1.5"));   // 3 and 4 missing
        receive(incremental(7, "1.7"));   // 6 missing too
        final int before = sent.size();

        receive("35=A|34=1|98=0|108=30|141=Y|");

        final List<Envelope> all = published();
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(2L, 5L, 7L);
        assertThat(recovered(all)).singleElement().satisfies(status -> {
            assertThat(status.getCount()).isEqualTo(3);
            assertThat(status.getReceivedSeq()).isEqualTo(7);
            assertThat(status.getReason()).contains("ended by the venue's sequence reset", "3 message number(s) up to"
                    + " MsgSeqNum 7 were never received", "a snapshot was requested");
        });
        assertThat(metrics.skippedInGaps()).isEqualTo(3);
        final List<String> after = sent.subList(before, sent.size());
        assertThat(after).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
        // Our reset Logon first (34=1), then the snapshot request in the new numbering.
        assertThat(after.get(0)).contains("|35=A|34=1|", "|141=Y|");
        assertThat(after.get(1)).contains("|35=V|34=2|", "|263=0|");
        assertThat(session.nextTargetSeq()).isEqualTo(2);
        assertThat(session.nextSenderSeq()).isEqualTo(3);

        receive(incremental(2, "1.8"));   // the new numbering carries on
        assertThat(published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(2L);
    }

    /**
     * The reset comes after a gap stayed open longer than the SendingTime tolerance (the venue
     * stopped answering, then failed over): the held originals were checked when they arrived,
     * and are delivered, not rejected for their age with a Logout.
     */
    @Test
    void shouldConfirmAResetAfterALongGapAndDeliverTheOldHeldMessages() {
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(2, "1.2"));
        receive(incremental(5, "1.5"));   // 3 and 4 missing; 5 held, sent at 03:04:05
        clock.advance(Duration.ofMinutes(3));
        final int before = sent.size();

        receiveRaw("35=A|49=VENUE|56=CLIENT|52=20260102-03:07:05.000|34=1|98=0|108=30|141=Y|");

        final List<String> after = sent.subList(before, sent.size());
        assertThat(after).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|") || m.contains("|35=3|"));
        assertThat(after.get(0)).contains("|35=A|34=1|", "|141=Y|");
        final List<Envelope> all = published();
        assertThat(all.stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(2L, 5L);
        assertThat(recovered(all)).singleElement().satisfies(status -> assertThat(status.getCount()).isEqualTo(2));
    }

    /**
     * A reset while the hand-off is full: the held messages go out as it drains (the session
     * pauses, as for any backpressure), none dropped, and our reset Logon follows the last of them.
     * A connection lost meanwhile leaves nothing to announce on the next one.
     */
    @Test
    void shouldFinishAResetAsTheHandOffDrainsAndForgetItWhenTheConnectionIsLost() {
        handoff = new EnvelopeHandoff(64 * 1024);
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(2, "1.2"));
        final int held = 3_000;
        for (int i = 0; i < held; i++) {
            receive(incremental(4 + i, "1.5"));   // 3 missing
        }
        final List<Long> delivered = new ArrayList<>(allPublishedBookSeqs());
        final int before = sent.size();

        encode("35=A|34=1|98=0|108=30|141=Y|");
        ingest.beginBatch();
        IngestAction action = session.onMessage(in, 0, lastLength);
        ingest.endBatch();
        assertThat(action).as("64 KiB cannot take 3,000 envelopes").isEqualTo(IngestAction.PAUSE);
        assertThat(sent.subList(before, sent.size())).as("no reset Logon before the held are out").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        session.onTimer();
        assertThat(sent.subList(before, sent.size())).as("no Heartbeat in the old numbering while the reset waits")
                .isEmpty();
        for (int round = 0; action == IngestAction.PAUSE && round < 1_000; round++) {
            delivered.addAll(allPublishedBookSeqs());
            if (ingest.publisher().drainPending()) { // as the transport resumes: pending first, then the session
                ingest.beginBatch();
                action = session.resume();
                ingest.endBatch();
            }
        }
        delivered.addAll(allPublishedBookSeqs());

        assertThat(action).isEqualTo(IngestAction.CONTINUE);
        assertThat(delivered).hasSize(1 + held).startsWith(2L, 4L).endsWith(3L + held).isSorted();
        assertThat(sourceMetrics.dropped()).isZero();
        assertThat(sent.subList(before, sent.size()).get(0)).contains("|35=A|34=1|", "|141=Y|");
        assertThat(session.nextTargetSeq()).isEqualTo(2);

        // Again, but the connection drops while the reset waits: the next connection's own reset
        // (no gap open) announces nothing of the old one.
        receive(incremental(2, "1.2"));
        receive(incremental(3, "1.3"));
        for (int i = 0; i < held; i++) {
            receive(incremental(5 + i, "1.5"));   // 4 missing
        }
        encode("35=A|34=1|98=0|108=30|141=Y|");
        ingest.beginBatch();
        assertThat(session.onMessage(in, 0, lastLength)).isEqualTo(IngestAction.PAUSE);
        ingest.endBatch();
        session.onDisconnected();
        allPublishedBookSeqs();
        connect(options().symbols(List.of("EUR/USD")).build(), SequenceStore.inMemory());
        receive("35=A|34=1|98=0|108=30|");
        final int requestsBefore = sentOfType("V").size();
        receive("35=A|34=2|98=0|108=30|141=Y|");

        assertThat(recovered(published())).isEmpty();
        assertThat(sentOfType("V")).hasSize(requestsBefore);
    }

    /** Without a gap open, a reset loses nothing: no RECOVERED, no snapshot request. */
    @Test
    void shouldNotReportALossWhenTheVenueResetsWithoutAGap() {
        start(options().symbols(List.of("EUR/USD")).build());
        receive(incremental(2, "1.2"));

        receive("35=A|34=1|98=0|108=30|141=Y|");

        assertThat(recovered(published())).isEmpty();
        assertThat(sentOfType("V")).singleElement().asString().contains("|263=1|");
        assertThat(metrics.skippedInGaps()).isZero();
    }

    /** A venue that resets on every logon answers a Logon without ResetSeqNumFlag with one that has it. */
    @Test
    void shouldFollowAResetSeqNumFlagInTheLogonReplyThatWasNotAskedFor() {
        final SequenceStore store = SequenceStore.inMemory();
        store.nextTargetSeq(50);
        for (int i = 0; i < 4; i++) {
            store.takeSenderSeq();
        }
        connect(options().resetOnLogon(false).build(), store);
        assertThat(sent.get(0)).contains("|35=A|34=5|").doesNotContain("|141=");

        receive("35=A|34=1|98=0|108=30|141=Y|");
        assertThat(session.state()).isEqualTo(FixSessionState.LOGGED_ON);
        assertThat(session.nextTargetSeq()).isEqualTo(2);
        assertThat(session.nextSenderSeq()).as("our Logon counts as our 1").isEqualTo(2);
        receive("35=1|34=2|112=C|");
        assertThat(sent).last().asString().contains("|35=0|34=2|").contains("|112=C|");
        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|"));
    }

    /**
     * A Logon reply that is not the venue's Logon to us (another BeginString, no MsgSeqNum, a
     * Logout refusing us, another MsgType, other CompIDs) ends the connection at once; one that is,
     * but is unacceptable (SendingTime, HeartBtInt, MsgSeqNum too low), gets a Logout saying why
     * first. The close reason is what the log and the lifecycle show.
     */
    @Test
    void shouldCloseOnABadLogonReplyAndLogOutFirstOnlyOnceItsIdentityChecksPassed() {
        assertThat(afterLogonReply("FIX.4.2", "35=A|34=1|98=0|108=30|"))
                .containsExactly("CLOSE Logon reply from venue has BeginString FIX.4.2, expected FIX.4.4");
        assertThat(afterLogonReply("FIX.4.4", "35=A|98=0|108=30|"))
                .containsExactly("CLOSE Logon reply without MsgSeqNum from venue");
        assertThat(afterLogonReply("FIX.4.4", "35=5|34=1|58=Invalid password|")).containsExactly(
                "CLOSE the venue refused the logon: \"Invalid password\"; check the credentials (username none) and"
                        + " the comp ids CLIENT -> VENUE");
        assertThat(afterLogonReply("FIX.4.4", "35=0|34=1|"))
                .containsExactly("CLOSE the venue answered our Logon with MsgType 0, not a Logon");
        assertThat(afterLogonReplyRaw("35=A|49=OTHER|56=CLIENT|34=1|52=20260102-03:04:05.000|98=0|108=30|"))
                .containsExactly("CLOSE Logon reply from venue has SenderCompID/TargetCompID OTHER/CLIENT, expected"
                        + " VENUE/CLIENT");
        assertThat(afterLogonReplyRaw("35=A|49=VENUE|34=1|52=20260102-03:04:05.000|98=0|108=30|"))
                .containsExactly("CLOSE Logon reply from venue has SenderCompID/TargetCompID VENUE/, expected"
                        + " VENUE/CLIENT");

        assertLogoutThenClose(afterLogonReplyRaw("35=A|49=VENUE|56=CLIENT|34=1|52=20260102-03:00:00.000|98=0|108=30|"),
                "Invalid Logon message: SendingTime accuracy problem, field=52");
        assertLogoutThenClose(afterLogonReply("FIX.4.4", "35=A|34=1|98=0|108=-10|"), "HeartBtInt must not be negative");
        assertLogoutThenClose(afterLogonReply("FIX.4.4", "35=A|34=1|98=0|"), "Logon reply without a valid HeartBtInt");
        assertLogoutThenClose(afterLogonReply("FIX.4.4", "35=A|34=1|98=0|108=x|"),
                "Logon reply without a valid HeartBtInt");

        final SequenceStore store = SequenceStore.inMemory();
        store.nextTargetSeq(5);
        connect(options().resetOnLogon(false).build(), store);
        sent.clear();
        receive("35=A|34=3|98=0|108=30|");
        assertLogoutThenClose(sent, "MsgSeqNum too low, expecting 5 but received 3");
        assertThat(sent.get(0)).contains("|34=2|");
    }

    /** A Logon reply numbered ahead is taken: the gap is asked for first, then the market data. */
    @Test
    void shouldAskForTheGapBeforeSubscribingWhenTheLogonReplyIsNumberedAhead() {
        connect(options().symbols(List.of("EUR/USD")).build(), SequenceStore.inMemory());
        sent.clear();
        receive("35=A|34=4|98=0|108=30|");

        assertThat(session.state()).isEqualTo(FixSessionState.LOGGED_ON);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).contains("|35=2|34=2|").contains("|7=1|16=0|");
        assertThat(sent.get(1)).contains("|35=V|34=3|").contains("|55=EUR/USD|");
        assertThat(session.nextTargetSeq()).as("1 to 3 still to come").isEqualTo(1);
        assertThat(metrics.gapsDetected()).isEqualTo(1);
        assertThat(metrics.logons()).isEqualTo(1);
    }

    /** What the session sends (and closes) in answer to {@code body} as its Logon reply, under {@code replyBeginString}. */
    private List<String> afterLogonReply(String replyBeginString, String body) {
        connect(options().build(), SequenceStore.inMemory());
        sent.clear();
        beginString = replyBeginString;
        receive(body);
        assertThat(session.state()).isEqualTo(FixSessionState.DISCONNECTED);
        return List.copyOf(sent);
    }

    /** As {@link #afterLogonReply}, for a reply framed exactly as given (from 35= on). */
    private List<String> afterLogonReplyRaw(String body) {
        connect(options().build(), SequenceStore.inMemory());
        sent.clear();
        receiveRaw(body);
        assertThat(session.state()).isEqualTo(FixSessionState.DISCONNECTED);
        return List.copyOf(sent);
    }

    private static void assertLogoutThenClose(List<String> sentAfterLogon, String text) {
        assertThat(sentAfterLogon).hasSize(2);
        assertThat(sentAfterLogon.get(0)).contains("|35=5|").contains("|58=" + text + "|10=");
        assertThat(sentAfterLogon.get(1)).isEqualTo("CLOSE logged out: " + text);
    }

    @Test
    void shouldNotPublishAPossResendCopyOfMarketDataAlreadyReceived() {
        start(options().build());
        receive(incremental(2, "1.2"));
        receive(incremental(3, "1.2").replace("|268", "|97=Y|268"));   // a copy of 2 under a new number
        receive(incremental(4, "1.4").replace("|268", "|97=Y|268"));   // possibly sent before, but not received
        receive(incremental(5, "1.2"));                                 // the same levels again, not a PossResend

        assertThat(published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq))
                .containsExactly(2L, 4L, 5L);
        assertThat(metrics.possResendsIgnored()).isEqualTo(1);
        assertThat(session.nextTargetSeq()).isEqualTo(6);
        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|") || m.contains("|35=3|"));
    }

    @Test
    void shouldRejectStructurallyBadMarketDataWithItsSessionRejectReasonAndMoveOn() {
        start(options().build());
        receive("35=X|34=2|268=3|279=0|269=0|55=EUR/USD|270=1.1|271=100|");   // NoMDEntries says 3, one follows
        assertThat(sent).last().asString().contains("|35=3|").contains("|45=2|371=268|372=X|373=16|");
        receive("35=X|34=3|268=1|279=0|269=0|55=EUR/USD|270=1,1|271=100|");   // not a FIX float
        assertThat(sent).last().asString().contains("|45=3|371=270|372=X|373=6|");
        receive("35=X|34=4|262=a|262=b|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=100|"); // top-level tag twice
        assertThat(sent).last().asString().contains("|45=4|371=262|372=X|373=13|");
        receive("35=X|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=100|34=5|");   // header field after the body
        assertThat(sent).last().asString().contains("|45=5|371=34|372=X|373=14|");
        receive(incremental(6, "1.6"));

        assertThat(published().stream().filter(Envelope::hasBookUpdate).map(Envelope::getSourceSeq)).containsExactly(6L);
        assertThat(session.nextTargetSeq()).isEqualTo(7);
        assertThat(sent).noneMatch(m -> m.startsWith("CLOSE") || m.contains("|35=5|") || m.contains("|35=2|"));
    }

    /**
     * 350 levels are ~1060 fields in ~10 KB: well within the frame limit. Once such a snapshot was
     * taken for garbled (the session's view held 1024 fields): its MsgSeqNum was never used up, the
     * next message opened a gap, and the resent copy failed the same way, so the gap never closed.
     */
    @Test
    void shouldTakeAFullBookSnapshotOfHundredsOfLevelsInSequence() {
        start(options().build());
        receive(snapshotOfLevels(2, 350, ""));
        receive(incremental(3, "1.3"));

        assertThat(metrics.garbled()).as("a valid, checksummed message counted as garbled").isZero();
        assertThat(metrics.overFieldLimit()).isZero();
        assertThat(session.nextTargetSeq()).isEqualTo(4);
        assertThat(sent).noneMatch(m -> m.contains("|35=2|"));
        assertThat(publishedBookSeqs()).containsExactly(2L, 3L);
    }

    /**
     * With FixMessage payloads on, a full-book snapshot of more fields than the old 2,048-field
     * payload limit is still published whole, as a BookUpdate and as a FixMessage, not refused as
     * malformed (which lost its market data too).
     */
    @Test
    void shouldPublishASnapshotOfThousandsOfFieldsWholeWhenFixMessagesAreOn() {
        start(options().emitRawMessages(true).build());
        receive(snapshotOfLevels(2, 1_000, ""));

        final List<Envelope> envelopes = published().stream().filter(e -> e.getSourceSeq() == 2).toList();
        assertThat(envelopes).hasSize(2);
        final BookUpdate book = envelopes.get(0).getBookUpdate();
        assertThat(book.getBidsCount() + book.getAsksCount()).isEqualTo(1_000);
        final FixMessage fix = envelopes.get(1).getFixMessage();
        assertThat(fix.getMsgType()).isEqualTo("W");
        assertThat(fix.getFieldsCount()).isGreaterThan(3_000);
        assertThat(fix.getFields(fix.getFieldsCount() - 2).getTag()).isEqualTo(271);
        assertThat(sourceMetrics.malformed()).isZero();
    }

    @Test
    void shouldIgnoreTheResentCopyOfALargeSnapshotAlreadyTaken() {
        start(options().build());
        receive(snapshotOfLevels(2, 350, ""));
        receive(incremental(3, "1.3"));
        receive(snapshotOfLevels(2, 350, "43=Y|122=20260102-03:04:04.000|"));   // a copy, as if asked for
        receive(incremental(4, "1.4"));

        assertThat(session.nextTargetSeq()).isEqualTo(5);
        assertThat(publishedBookSeqs()).containsExactly(2L, 3L, 4L);
        assertThat(metrics.duplicatesIgnored()).isEqualTo(1);
    }

    /**
     * The framer never hands over a valid message with more fields than the session indexes, but
     * if one came (our limit, not the venue's fault) it must not wedge the sequence as garbled
     * input would: its MsgSeqNum is used up, its content dropped and counted, no Reject.
     */
    @Test
    void shouldUseUpTheMsgSeqNumOfAMessageWithMoreFieldsThanItIndexesAndCountTheDrop() {
        start(options().build());
        final int levels = FixMessageView.DEFAULT_MAX_FIELDS / 3 + 1;
        receive(snapshotOfLevels(2, levels, ""));
        receive(incremental(3, "1.3"));

        assertThat(metrics.garbled()).isZero();
        assertThat(metrics.overFieldLimit()).isEqualTo(1);
        assertThat(sourceMetrics.dropped()).isEqualTo(1);
        assertThat(session.nextTargetSeq()).isEqualTo(4);
        assertThat(sent).noneMatch(m -> m.contains("|35=2|") || m.contains("|35=3|") || m.startsWith("CLOSE"));
        assertThat(publishedBookSeqs()).containsExactly(3L);
    }

    /** FIXT.1.1 requires DefaultApplVerID (1137) in the Logon: QuickFIX/J disconnects without it. */
    @Test
    void shouldAnnounceADefaultApplVerIdInAFixtLogonOnly() {
        start(options().beginString("FIXT.1.1").build());
        assertThat(sent.get(0)).contains("|35=A|").contains("|1137=9|");

        sent.clear();
        start(options().build());
        assertThat(sent.get(0)).contains("|35=A|").doesNotContain("|1137=");

        sent.clear();
        start(options().beginString("FIXT.1.1").defaultApplVerId("FIX.5.0SP1").build());
        assertThat(sent.get(0)).contains("|35=A|").contains("|1137=8|");
    }

    /**
     * The FIXT.1.1 StandardHeader is 8, 9, 35, 1128 ApplVerID, 1156 ApplExtID, 1129 CstmApplVerID,
     * 49, 56 ... (QuickFIX/J FIXT11.xml): tags past 1024 that are header fields all the same, so the
     * ones after them are not "header after body" (Reject 14), and FIXT session fields are defined.
     */
    @Test
    void shouldTakeFixtHeaderAndSessionFieldsAsDefined() {
        start(options().beginString("FIXT.1.1").build());
        receiveRaw("35=X|1128=9|49=VENUE|56=CLIENT|34=2|52=20260102-03:04:05.000"
                + "|268=1|279=1|269=0|55=EUR/USD|270=1.2|271=1000|");
        receiveRaw("35=X|1128=9|1156=ext|1129=custom|49=VENUE|56=CLIENT|34=3|52=20260102-03:04:05.000"
                + "|268=1|279=1|269=0|55=EUR/USD|270=1.3|271=1000|");
        receiveRaw("35=3|1128=9|49=VENUE|56=CLIENT|34=4|52=20260102-03:04:05.000|45=1|373=99|1130=9|58=no|");

        assertThat(sent).noneMatch(m -> m.contains("|35=3|"));
        assertThat(publishedBookSeqs()).containsExactly(2L, 3L);
        assertThat(session.nextTargetSeq()).isEqualTo(5);
    }

    /** MDEntryType is optional in a 35=X entry (a delete by MDEntryID omits it): no Reject, the rest is published. */
    @Test
    void shouldNotRejectAnIncrementalDeleteByEntryIdWithoutEntryType() {
        start(options().build());
        receive("35=X|34=2|268=2|279=0|269=0|278=B1|55=EUR/USD|270=1.1|271=100|279=2|278=B0|55=EUR/USD|");

        assertThat(sent).noneMatch(m -> m.contains("|35=3|"));
        assertThat(publishedBookSeqs()).containsExactly(2L);
        assertThat(session.nextTargetSeq()).isEqualTo(3);
    }

    /** UTCTimestamp may carry picoseconds (FIX 5.0 SP2; QuickFIX/J 2.3.2 accepts them): an on-time SendingTime. */
    @Test
    void shouldTakeASendingTimeInPicosecondsAsAccurate() {
        start(options().build());
        receiveRaw("35=0|49=VENUE|56=CLIENT|34=2|52=20260102-03:04:05.000000000000|");

        assertThat(sent).noneMatch(m -> m.contains("|35=3|") || m.contains("|35=5|"));
        assertThat(session.nextTargetSeq()).isEqualTo(3);
    }

    /**
     * A SendingTime 2^64 ns (~584.5 years) from now once parsed to exactly now and passed the
     * accuracy check; test case 2o wants Reject 373=10 and Logout for any time out of tolerance.
     */
    @Test
    void shouldRejectASendingTimeCenturiesAwayAsInaccurate() {
        start(options().build());
        final String farFuture = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSSSSSSSS").withZone(ZoneOffset.UTC)
                .format(START.plusSeconds(18_446_744_073L).plusNanos(709_551_616L));
        receiveRaw("35=0|49=VENUE|56=CLIENT|34=2|52=" + farFuture + "|");

        assertThat(sent).as("SendingTime " + farFuture).anyMatch(m -> m.contains("|35=3|") && m.contains("|373=10|"));
        assertThat(sent).anyMatch(m -> m.contains("|35=5|"));
    }

    /**
     * QuickFIX/J Session.generateReject (QFJ-557) uses up the expected MsgSeqNum of what it rejects,
     * on the SendingTime, CompID and OrigSendingTime Reject-and-Logout paths too; the venue's
     * Logout reply is then in sequence.
     */
    @Test
    void shouldUseUpTheMsgSeqNumOfAMessageRejectedBeforeALogout() {
        start(options().build());
        receiveRaw("35=0|49=VENUE|56=CLIENT|34=2|52=20260102-03:01:00.000|");   // 185 s early
        assertThat(sent).anyMatch(m -> m.contains("|35=3|") && m.contains("|45=2|") && m.contains("|373=10|"));
        assertThat(session.nextTargetSeq()).isEqualTo(3);
        receive("35=5|34=3|");
        assertThat(session.nextTargetSeq()).as("the Logout reply in sequence").isEqualTo(4);

        sent.clear();
        start(options().build());
        receiveRaw("35=0|49=INTRUDER|56=CLIENT|34=2|52=20260102-03:04:05.000|");
        assertThat(sent).anyMatch(m -> m.contains("|35=3|") && m.contains("|45=2|") && m.contains("|373=9|"));
        assertThat(session.nextTargetSeq()).isEqualTo(3);

        sent.clear();
        start(options().build());
        receive("35=0|34=2|43=Y|122=20260102-03:04:06.000|");                  // OrigSendingTime after SendingTime
        assertThat(sent).anyMatch(m -> m.contains("|35=3|") && m.contains("|371=122|") && m.contains("|373=10|"));
        assertThat(session.nextTargetSeq()).isEqualTo(3);

        sent.clear();
        start(options().build());
        receiveRaw("35=0|49=VENUE|56=CLIENT|34=5|52=20260102-03:01:00.000|");   // not the expected one: stays
        assertThat(session.nextTargetSeq()).isEqualTo(2);
    }

    /**
     * SessionRejectReason values above 11 came with FIX 4.3; under FIX.4.2 QuickFIX/J's
     * generateReject leaves 373 out for them, the Text saying what is wrong. Reasons FIX 4.2 has stay.
     */
    @Test
    void shouldRejectUnderFix42WithOnlyTheSessionRejectReasonsFix42Defines() {
        start(options().beginString("FIX.4.2").build());
        receive("35=X|34=2|262=a|262=b|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=100|");   // a tag twice: 13
        assertThat(sent).filteredOn(m -> m.contains("|35=3|")).singleElement().asString()
                .doesNotContain("|373=").contains("|45=2|371=262|372=X|58=Tag appears more than once|");

        receive("35=4|34=3|36=1|");                                                       // NewSeqNo back: 5
        assertThat(sent).last().asString().contains("|35=3|").contains("|45=3|371=36|372=4|373=5|");
        assertThat(session.nextTargetSeq()).isEqualTo(3);
    }

    /**
     * A held message's SendingTime was checked when it arrived; when its turn comes after a gap
     * that took longer than the tolerance, its age says nothing about the venue's clock. It is
     * delivered, not rejected with a Logout that would lose it and everything held behind it
     * (before, the session ended here with "SendingTime accuracy problem").
     */
    @Test
    void shouldDeliverAHeldMessageWhoseGapTookLongerThanTheSendingTimeTolerance() {
        start(options().build());
        receive(incremental(3, "1.3"));                  // 2 missing: 3 held, sent at 03:04:05
        assertThat(session.heldMessages()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(200));          // past the 120 s SendingTime tolerance of 3
        receiveRaw("35=4|49=VENUE|56=CLIENT|34=2|52=20260102-03:07:25.000|43=Y|122=20260102-03:07:24.000|123=Y|36=3|");

        assertThat(sent).noneMatch(m -> m.contains("|35=3|") || m.contains("|35=5|"));
        assertThat(session.state()).isEqualTo(FixSessionState.LOGGED_ON);
        assertThat(session.heldMessages()).isZero();
        assertThat(publishedBookSeqs()).containsExactly(3L);
        assertThat(session.nextTargetSeq()).isEqualTo(4);
    }

    @Test
    void shouldReportAMarketDataRequestRejectAsAVenueErrorWithItsText() {
        start(options().build());
        receive("35=Y|34=2|262=md-1|281=0|58=Unknown symbol EUR/XXX|");

        assertThat(published().stream().filter(Envelope::hasStatus).map(Envelope::getStatus)
                .filter(s -> s.getState() == StreamStatus.State.VENUE_ERROR))
                .singleElement().satisfies(s -> assertThat(s.getReason()).startsWith("REJECTED: ")
                        .contains("Unknown symbol EUR/XXX").contains("MDReqRejReason 0"));
    }

    @Test
    void shouldNotAllocatePerInSequenceMarketDataMessage() {
        start(options().build());
        final String[] messages = new String[20_002];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = incremental(i + 2, "1.0" + (i % 10));
        }
        for (int i = 0; i < messages.length; i++) {
            receive(messages[i]); // warm-up pass also checks they are accepted
        }
        published();
        // Second pass: the same frames again with the following sequence numbers.
        final int n = 10_000;
        final long allocated = bytesAllocatedReceiving(n, i -> incremental(messages.length + 2 + i, "1.05"));
        assertThat(session.nextTargetSeq()).isEqualTo(messages.length + 2 + n);
        assertThat(allocated / n).as("bytes allocated per message (%d in all)", allocated).isZero();
    }

    /** Bytes this thread allocates while the session takes {@code n} messages, encoded up front. */
    private long bytesAllocatedReceiving(int n, IntFunction<String> message) {
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final UnsafeBuffer[] prepared = new UnsafeBuffer[n];
        final int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            encode(message.apply(i));
            final byte[] copy = new byte[lastLength];
            in.getBytes(0, copy);
            prepared[i] = new UnsafeBuffer(copy);
            lengths[i] = lastLength;
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
            ingest.beginBatch();
            session.onMessage(prepared[i], 0, lengths[i]);
            ingest.endBatch();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** A snapshot of bids, offers, a trade and an entry type with no canonical form. */
    private static String snapshotWithTrade(long seq) {
        return "35=W|34=" + seq + "|262=r|55=EUR/USD|268=6|269=0|270=1.1|271=100|269=0|270=1.09|271=200|"
                + "269=1|270=1.11|271=100|269=1|270=1.12|271=300|269=2|270=1.105|271=5|1003=T1|2446=1|269=4|270=1.0|";
    }

    @Test
    void shouldNotAllocatePerInSequenceSnapshotWithTrades() {
        start(options().build());
        long seq = 2;
        for (int i = 0; i < 20_000; i++) {
            receive(snapshotWithTrade(seq++)); // warm-up pass also checks they are accepted
            if (i % 1000 == 0) {
                published();
            }
        }
        published();
        final int n = 5_000;
        final long first = seq;
        final long allocated = bytesAllocatedReceiving(n, i -> snapshotWithTrade(first + i));
        assertThat(session.nextTargetSeq()).isEqualTo(seq + n);
        assertThat(allocated / n).as("bytes per snapshot (%d in all)", allocated).isZero();
    }

    private int lastLength;

    /** Encodes {@code body} with MsgType first, the standard header, BodyLength and CheckSum into {@code in}. */
    private void encode(String body) {
        final int typeStart = body.indexOf("35=");
        final String msgType = body.substring(typeStart, body.indexOf('|', typeStart) + 1);
        encodeRaw(msgType + "49=VENUE|56=CLIENT|52=20260102-03:04:05.000|" + body.replace(msgType, ""));
    }

    /** Encodes {@code body} as given, behind BeginString and BodyLength and before CheckSum, into {@code in}. */
    private void encodeRaw(String body) {
        final String b = body.replace('|', '\u0001');
        final String head = "8=" + beginString + "\u00019=" + b.length() + "\u0001";
        int sum = 0;
        for (char c : (head + b).toCharArray()) {
            sum += c;
        }
        final byte[] bytes = (head + b + String.format("10=%03d\u0001", sum & 0xFF)).getBytes(StandardCharsets.US_ASCII);
        in.putBytes(0, bytes);
        lastLength = bytes.length;
    }
}
