package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixTags;
import io.marketintel.pipeline.codec.fix.FixValueStatus;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.time.PipelineClock;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initiator side of one FIX session (FIX 4.4 session protocol) over successive connections:
 * Logon and its reply checks ({@link FixLogonHandler}), Heartbeat/TestRequest both ways with
 * silence detection, inbound sequence checking (a gap triggers a ResendRequest while later
 * messages wait in a bounded {@link FixGapQueue}, released in order once the gap is filled; too
 * low without PossDup ends the session), SequenceReset in both modes, ResetSeqNumFlag in the
 * venue's Logon (its reply, or one during the session, which we confirm), session Rejects, Logout
 * both ways, and answering the venue's ResendRequest with a gap fill (at once, even ahead of a
 * gap). Application messages in sequence go to {@link FrameIngest} (the codec's market-data
 * decoder) through {@link FixApplicationMessages}. Garbled input is counted and skipped without
 * touching the expected sequence number.
 *
 * <p>Checks run in the order the FIX session test cases expect: BeginString, MsgSeqNum present,
 * CompIDs, SendingTime accuracy, PossDup rules, then the sequence number, then the message itself.
 * No allocation per message on the way of in-sequence data. Not thread-safe: everything runs on
 * the source's event loop.
 */
final class FixSession {
    private static final Logger LOG = LoggerFactory.getLogger(FixSession.class);
    private static final long NS_PER_MS = 1_000_000L;

    private final String sourceId;
    private final String endpoint;
    private final FixOptions options;
    private final PipelineClock clock;
    private final SequenceStore store;
    private final FixOutbound out;
    private final FrameIngest ingest;
    private final SourceMetrics sourceMetrics;
    private final FixSessionMetrics metrics;
    private final FixGapRecovery gap;
    private final FixInboundValidator validator = new FixInboundValidator();
    private final FixApplicationMessages application;
    /**
     * Sized by default for every field of the largest frame {@link FixSource}'s framer accepts
     * ({@code FixFramer.DEFAULT_MAX_MESSAGE_BYTES}), as the market-data decoder is: a valid frame is
     * never refused for its number of fields.
     */
    private final FixMessageView view = new FixMessageView();
    private final FixMessageChecks checks;
    private final FixRejectSender rejects;
    private final FixHeartbeatMonitor heartbeats;
    private final FixLogonHandler logon;
    private final FixSequenceResetHandler sequenceResets;
    private final FixResendResponder resends;
    private final long heartbeatNs;

    private FixConnection connection;
    private FixSessionState state = FixSessionState.DISCONNECTED;
    private long deadlineNs;
    private String logoutReason;
    /** The message in {@link #view} has more fields than the view holds: only its header is indexed. */
    private boolean overFieldLimit;
    /** The message in {@link #view} comes out of the gap queue: it was seen once already, on arrival. */
    private boolean releasingHeld;
    /** The MsgSeqNum of the venue's reset Logon whose confirmation waits for held messages to go out; 0 for none. */
    private long pendingResetSeq;

    FixSession(String sourceId, String endpoint, FixOptions options, PipelineClock clock, SequenceStore store,
            FixOutbound out, FrameIngest ingest, SourceLifecycle lifecycle, SourceMetrics sourceMetrics,
            FixSessionMetrics metrics) {
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.options = options;
        this.clock = clock;
        this.store = store;
        this.out = out;
        this.ingest = ingest;
        this.sourceMetrics = sourceMetrics;
        this.metrics = metrics;
        this.gap = new FixGapRecovery(sourceId, options, clock, out, ingest.publisher(), metrics);
        this.checks = new FixMessageChecks(view, options);
        this.heartbeatNs = options.heartbeatInterval().toNanos();
        this.rejects = new FixRejectSender(sourceId, endpoint, view, out, clock, metrics);
        this.heartbeats = new FixHeartbeatMonitor(out, heartbeatNs);
        this.logon = new FixLogonHandler(sourceId, endpoint, options, clock, store, out, view, checks, gap, lifecycle,
                metrics);
        this.sequenceResets = new FixSequenceResetHandler(view, store, rejects);
        this.resends = new FixResendResponder(view, validator, store, out, clock);
        this.application = new FixApplicationMessages(sourceId, endpoint, view, checks, rejects, ingest, sourceMetrics,
                metrics);
    }

    FixSessionState state() {
        return state;
    }

    long nextTargetSeq() {
        return store.nextTargetSeq();
    }

    long nextSenderSeq() {
        return store.nextSenderSeq();
    }

    /** Messages held ahead of a sequence gap. */
    int heldMessages() {
        return gap.queue().size();
    }

    /** A new connection is up: send our Logon and start the logon timeout. */
    void onConnected(FixConnection newConnection) {
        connection = newConnection;
        out.connection(newConnection);
        pendingResetSeq = 0;
        gap.reset();
        if (options.resetOnLogon()) {
            store.reset();
        }
        final long now = clock.nanoTime();
        heartbeats.onConnected(now);
        deadlineNs = now + options.logonTimeout().toNanos();
        state = FixSessionState.LOGON_SENT;
        out.logon(epochMillis(), now);
    }

    /** The connection is gone (whoever closed it). */
    void onDisconnected() {
        state = FixSessionState.DISCONNECTED;
        connection = null;
        pendingResetSeq = 0;
        gap.reset();
    }

    /** Graceful end: Logout, then close when the venue answers or the logout timeout passes. */
    void logout(String reason) {
        if (state == FixSessionState.LOGGED_ON) {
            startLogout(reason, reason);
        } else if (state == FixSessionState.LOGON_SENT) {
            close(reason);
        }
    }

    /** Periodic, on the loop: logon/logout timeouts, heartbeats, TestRequest, silence. */
    void onTimer() {
        if (state == FixSessionState.DISCONNECTED) {
            return;
        }
        if (pendingResetSeq != 0) {
            // Our reset Logon waits for the held messages to drain: a Heartbeat or TestRequest now
            // would carry our old numbering ahead of it, and the venue's messages wait in the socket
            // while we do not read, so their silence means nothing.
            return;
        }
        final long now = clock.nanoTime();
        heartbeats.onTick(now);
        switch (state) {
            case LOGON_SENT -> {
                if (now - deadlineNs >= 0) {
                    close("no Logon reply from " + endpoint + " within " + options.logonTimeout().toMillis()
                            + " ms; check that the venue expects SenderCompID " + options.senderCompId()
                            + " and TargetCompID " + options.targetCompId() + " and that the session is open");
                }
            }
            case LOGOUT_SENT -> {
                if (now - deadlineNs >= 0) {
                    close(logoutReason + " (no Logout reply within " + options.logoutTimeout().toMillis() + " ms)");
                }
            }
            case LOGGED_ON -> {
                gap.onTimer(now, store.nextTargetSeq(), 2 * heartbeatNs);
                final String dead = heartbeats.checkLiveness(now, epochMillis(), endpoint);
                if (dead != null) {
                    close(dead);
                }
            }
            case DISCONNECTED -> { }
        }
    }

    /** Garbled input from the framer: counted and skipped; the expected MsgSeqNum does not move. */
    IngestAction onGarbled(FixGarbledReason reason) {
        metrics.onGarbled();
        sourceMetrics.onMalformed();
        if (state == FixSessionState.LOGON_SENT) {
            close("garbled Logon reply from " + endpoint + " (" + reason + "); is this a FIX "
                    + options.beginString() + " endpoint?");
            return IngestAction.RESET;
        }
        return IngestAction.CONTINUE;
    }

    /** One validated message from the framer. */
    IngestAction onMessage(DirectBuffer buffer, int offset, int length) {
        heartbeats.onReceived();
        if (state == FixSessionState.DISCONNECTED) {
            return IngestAction.CONTINUE;
        }
        if (!index(buffer, offset, length)) {
            return onGarbled(FixGarbledReason.GARBAGE);
        }
        final IngestAction action = handle(buffer, offset, length);
        return action == IngestAction.CONTINUE ? releaseQueued() : action;
    }

    /**
     * Indexes a message into the view. One with more fields than the view holds is not garbled (the
     * framer checked it whole): its header is indexed, so it goes through the sequence rules like any
     * other and uses up its MsgSeqNum; only its content is dropped ({@link
     * FixApplicationMessages#dropOverFieldLimit}).
     *
     * @return false when the bytes are not a sequence of FIX fields
     */
    private boolean index(DirectBuffer buffer, int offset, int length) {
        final FixWrapResult result = view.wrap(buffer, offset, length);
        overFieldLimit = result == FixWrapResult.TOO_MANY_FIELDS;
        return result != FixWrapResult.MALFORMED;
    }

    /** After a pause: release what the gap queue still holds before reading on. */
    IngestAction resume() {
        if (state != FixSessionState.LOGGED_ON) {
            return IngestAction.CONTINUE;
        }
        return pendingResetSeq != 0 ? finishReset() : releaseQueued();
    }

    private IngestAction handle(DirectBuffer buffer, int offset, int length) {
        if (state == FixSessionState.LOGON_SENT) {
            return onLogonReply();
        }
        if (!checks.beginStringMatches()) {
            return onWrongBeginString();
        }
        final long seq = view.msgSeqNum();
        if (view.status() != FixValueStatus.OK) {
            return startLogout("Received message without MsgSeqNum", "venue sent a message without MsgSeqNum");
        }
        if (!checks.compIdsMatch()) {
            rejectAndLogout(seq, FixOutbound.NO_REF_TAG, FixInboundValidator.REASON_COMP_ID_PROBLEM, "CompID problem", "CompID problem");
            return IngestAction.CONTINUE;
        }
        // A held message was checked when it arrived: its SendingTime is older now by the time
        // the gap took, which says nothing about the venue's clock.
        if (!releasingHeld && !checks.sendingTimeAccurate(ingest.publisher().receiveTimeNs())) {
            rejectAndLogout(seq, FixTagsSession.SENDING_TIME, FixInboundValidator.REASON_SENDING_TIME_ACCURACY,
                    "SendingTime accuracy problem", "SendingTime accuracy problem, field=52");
            return IngestAction.CONTINUE;
        }
        final boolean possDup = view.charValue(FixTagsSession.POSS_DUP_FLAG) == 'Y';
        if (possDup && !origSendingTimeValid(seq)) {
            return IngestAction.CONTINUE;
        }
        final char type = checks.msgType();
        if (type == 'A' && !possDup && checks.resetSeqNumFlag() && state == FixSessionState.LOGGED_ON) {
            return onResetLogon(seq);
        }
        if (type == '4' && view.charValue(FixTagsSession.GAP_FILL_FLAG) != 'Y') {
            final long before = store.nextTargetSeq();
            sequenceResets.onReset(seq);
            gap.onSkipped(before, store.nextTargetSeq());
            return IngestAction.CONTINUE;
        }
        if (type == '5') {
            return onLogoutReceived(seq);
        }
        final long expected = store.nextTargetSeq();
        if (seq > expected) {
            if (type == '2') {
                resends.answerAhead(overFieldLimit);
            }
            gap.hold(seq, buffer, offset, length, expected);
            return IngestAction.CONTINUE;
        }
        if (seq < expected) {
            if (possDup) {
                metrics.onDuplicateIgnored();
                return IngestAction.CONTINUE;
            }
            if (gap.takeLateOriginal(seq)) {
                return onLateOriginal(seq, expected);
            }
            return closeAfterLogout("MsgSeqNum too low, expecting " + expected + " but received " + seq);
        }
        if (possDup) {
            // Taken from the venue's copy: its original may still come after it.
            gap.onTakenFromCopy(seq, type == '4' ? sequenceResets.gapFillThrough(seq) : seq); // a '4' here is a gap fill
        }
        return process(type, seq, buffer, offset, length);
    }

    /**
     * An original without PossDupFlag whose resent copy we already processed: the venue's answer to
     * our ResendRequest overtook it (see {@link FixResentNumbers}). Its data is in already, so it is a
     * duplicate to skip, not the sequence error that ends a session.
     */
    private IngestAction onLateOriginal(long seq, long expected) {
        metrics.onLateOriginalIgnored();
        LOG.info("source {}: MsgSeqNum {} arrived after its resent copy (expecting {}); ignored as a duplicate",
                sourceId, seq, expected);
        return IngestAction.CONTINUE;
    }

    /** A message with the expected MsgSeqNum. */
    private IngestAction process(char type, long seq, DirectBuffer buffer, int offset, int length) {
        if (overFieldLimit) {
            advanceTo(seq + 1);
            application.dropOverFieldLimit(seq);
            return IngestAction.CONTINUE;
        }
        if (!validator.validate(view)) {
            rejects.reject(seq, validator.refTag(), validator.reason(), validator.text());
            advanceTo(seq + 1);
            return IngestAction.CONTINUE;
        }
        switch (type) {
            case '0' -> advanceTo(seq + 1);
            case '1' -> {
                final int id = view.indexOf(FixTagsSession.TEST_REQ_ID);
                out.heartbeat(view.buffer(), id < 0 ? 0 : view.valueOffsetAt(id), id < 0 ? 0 : view.valueLengthAt(id),
                        epochMillis(), clock.nanoTime());
                advanceTo(seq + 1);
            }
            case '2' -> {
                if (!releasingHeld) { // a held one was answered on arrival
                    resends.answer();
                }
                advanceTo(seq + 1);
            }
            case '3' -> {
                metrics.onRejectReceived();
                LOG.warn("source {}: the venue rejected our message {}: {}", sourceId,
                        view.longValue(FixTagsSession.REF_SEQ_NUM), checks.text());
                advanceTo(seq + 1);
            }
            case '4' -> {
                sequenceResets.onGapFill(seq);
                gap.onSkipped(seq, store.nextTargetSeq());
            }
            case 'A' -> advanceTo(seq + 1);
            default -> {
                advanceTo(seq + 1);
                return application.deliver(type, seq, buffer, offset, length);
            }
        }
        return IngestAction.CONTINUE;
    }

    /** Our Logon is out: the handler judges the reply; the state and the connection are ours to change. */
    private IngestAction onLogonReply() {
        return switch (logon.onReply(ingest.publisher().receiveTimeNs())) {
            case CLOSE -> close(logon.reason());
            case LOGOUT_AND_CLOSE -> closeAfterLogout(logon.reason());
            case LOGGED_ON -> {
                state = FixSessionState.LOGGED_ON;
                logon.onLoggedOn();
                yield IngestAction.CONTINUE;
            }
        };
    }

    /** Past the Logon: a message under another BeginString ends the session with a Logout. */
    private IngestAction onWrongBeginString() {
        return startLogout("Incorrect BeginString", "venue sent BeginString " + checks.field(8) + ", expected "
                + options.beginString());
    }

    /** A Logout is honoured whatever its MsgSeqNum: the session ends either way. */
    private IngestAction onLogoutReceived(long seq) {
        if (seq == store.nextTargetSeq()) {
            store.nextTargetSeq(seq + 1);
        }
        if (state == FixSessionState.LOGOUT_SENT) {
            LOG.info("source {}: the venue answered our Logout", sourceId);
            return closeNow(logoutReason);
        }
        final String text = checks.text();
        out.logout(null, epochMillis(), clock.nanoTime());
        return close("the venue logged out" + (text.isEmpty() ? "" : ": \"" + text + "\""));
    }

    /**
     * The venue reset both sequence numbers during the session (a Logon with ResetSeqNumFlag). An
     * open gap will never be resent in the old numbering: the originals held ahead of it are
     * delivered at their own numbers, the numbers still missing count as lost (RECOVERED says how
     * many, and a snapshot is asked for), and then the reset is confirmed.
     */
    private IngestAction onResetLogon(long seq) {
        if (gap.isOpen()) {
            gap.endAtReset(store.nextTargetSeq());
        }
        pendingResetSeq = seq;
        return finishReset();
    }

    /**
     * Delivers what is held, then confirms the reset of {@link #pendingResetSeq}. When the
     * hand-off is full (PAUSE) it stops there, and {@link #resume()} carries on once it drains:
     * the venue waits a little longer for our Logon, and no held message is dropped.
     */
    private IngestAction finishReset() {
        while (state == FixSessionState.LOGGED_ON && !gap.queue().isEmpty()) {
            advanceTo(gap.queue().headSeq());
            final IngestAction action = handleHead();
            if (action != IngestAction.CONTINUE) {
                return action;
            }
        }
        if (state == FixSessionState.LOGGED_ON) {
            gap.forgetResent();
            final boolean resnapshot = gap.announceEndAtReset();
            logon.onResetLogon(pendingResetSeq);
            if (resnapshot) {
                out.marketDataRequest(sourceId, true, epochMillis(), clock.nanoTime());
            }
        }
        pendingResetSeq = 0;
        return IngestAction.CONTINUE;
    }

    /** Hands out held messages that are now in sequence; closes the gap when everything is in. */
    private IngestAction releaseQueued() {
        while (state == FixSessionState.LOGGED_ON) {
            final long skippedOver = gap.heldSkippedOver();
            if (skippedOver >= 0) {
                advanceTo(skippedOver); // delivered at its own number; the reset's target follows
            } else if (!gap.nextHeldIs(store.nextTargetSeq())) {
                break;
            }
            final IngestAction action = handleHead();
            if (action != IngestAction.CONTINUE) {
                return action;
            }
            if (skippedOver >= 0) {
                advanceTo(Math.max(store.nextTargetSeq(), gap.skippedOverTo()));
            }
        }
        if (state == FixSessionState.LOGGED_ON) {
            gap.afterProgress(store.nextTargetSeq());
        }
        return IngestAction.CONTINUE;
    }

    /** Takes the lowest held message out of the gap queue and handles it. */
    private IngestAction handleHead() {
        final FixGapQueue queue = gap.queue();
        // Out of the queue before it is handled, because handling it may end the session, which
        // empties the queue. Its bytes stay put until the next offer, and a message in sequence is
        // never held.
        final DirectBuffer heldBuffer = queue.headBuffer();
        final int heldOffset = queue.headOffset();
        final int heldLength = queue.headLength();
        queue.removeHead();
        index(heldBuffer, heldOffset, heldLength);
        releasingHeld = true;
        try {
            return handle(heldBuffer, heldOffset, heldLength);
        } finally {
            releasingHeld = false;
        }
    }

    private void advanceTo(long nextExpected) {
        store.nextTargetSeq(nextExpected);
    }

    /** PossDup rules: OrigSendingTime required and not after SendingTime. @return false when handled */
    private boolean origSendingTimeValid(long seq) {
        final long orig = view.utcTimestampNs(FixTagsSession.ORIG_SENDING_TIME);
        if (view.status() == FixValueStatus.MISSING) {
            if (checks.msgType() == '4') {
                return true; // a gap fill without OrigSendingTime is common and harmless
            }
            rejects.reject(seq, FixTagsSession.ORIG_SENDING_TIME, FixInboundValidator.REASON_REQUIRED_TAG_MISSING,
                    "Required tag missing");
            useUpIfExpected(seq);
            return false;
        }
        final long sending = view.utcTimestampNs(FixTagsSession.SENDING_TIME);
        if (view.status() == FixValueStatus.OK && orig != FixMessageView.NO_LONG && orig > sending) {
            rejectAndLogout(seq, FixTagsSession.ORIG_SENDING_TIME, FixInboundValidator.REASON_SENDING_TIME_ACCURACY,
                    "SendingTime accuracy problem", "SendingTime accuracy problem, field=122");
            return false;
        }
        return true;
    }

    private void rejectAndLogout(long seq, int refTag, int reason, String rejectText, String logoutText) {
        rejects.reject(seq, refTag, reason, rejectText);
        useUpIfExpected(seq);
        startLogout(logoutText, logoutText);
    }

    /**
     * A rejected message that was the expected one uses up its MsgSeqNum, as in QuickFIX/J's
     * generateReject (QFJ-557), also on the way to a Logout: otherwise the venue's Logout reply is
     * out of sequence too, and the rejected message is asked for again at the next logon. A Logon
     * or SequenceReset does not (their numbers follow their own rules).
     */
    private void useUpIfExpected(long seq) {
        final char type = checks.msgType();
        if (seq == store.nextTargetSeq() && type != 'A' && type != '4') {
            advanceTo(seq + 1);
        }
    }

    private IngestAction startLogout(String logoutText, String reason) {
        out.logout(logoutText, epochMillis(), clock.nanoTime());
        state = FixSessionState.LOGOUT_SENT;
        logoutReason = "logged out: " + reason;
        deadlineNs = clock.nanoTime() + options.logoutTimeout().toNanos();
        gap.reset();
        return IngestAction.CONTINUE;
    }

    /** For errors after which the session cannot go on: say why in a Logout, then close at once. */
    private IngestAction closeAfterLogout(String text) {
        out.logout(text, epochMillis(), clock.nanoTime());
        return close("logged out: " + text);
    }

    private IngestAction close(String reason) {
        LOG.warn("source {}: closing the FIX session with {}: {}", sourceId, endpoint, reason);
        return closeNow(reason);
    }

    private IngestAction closeNow(String reason) {
        state = FixSessionState.DISCONNECTED;
        gap.reset();
        if (connection != null) {
            connection.close(reason);
        }
        return IngestAction.RESET;
    }

    private long epochMillis() {
        return clock.epochNanos() / NS_PER_MS;
    }
}
