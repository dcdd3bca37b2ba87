package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixValueStatus;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.time.PipelineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue's Logons to one {@link FixSession}: the checks on the reply to our Logon, in the order
 * the FIX session test cases expect, and what follows once one is taken (the lifecycle hears of
 * it, its MsgSeqNum is used up or a gap before it is asked for, then the MarketDataRequest goes
 * out); and a Logon with ResetSeqNumFlag during the session, which resets both sequence numbers
 * and gets our confirming Logon. The verdict on a reply is a return value, because the session
 * owns its state and its connection: it changes the one and closes the other itself, before
 * {@link #onLoggedOn} or instead of it.
 *
 * <p>Not thread-safe: part of one session, sharing its view, on its source's event loop.
 */
final class FixLogonHandler {
    // The session's logger: what happens at logon is the session's doing, and log settings made for it apply.
    private static final Logger LOG = LoggerFactory.getLogger(FixSession.class);
    private static final long NS_PER_MS = 1_000_000L;

    /** What the session does with a Logon reply; {@link FixLogonHandler#reason} says why for the two closes. */
    enum Verdict {
        /** The session is up: it moves to LOGGED_ON, then calls {@link FixLogonHandler#onLoggedOn}. */
        LOGGED_ON,
        /** Not the venue's Logon to us (or a Logout refusing us): close without a Logout. */
        CLOSE,
        /** The venue's Logon, but not one to go on with: a Logout saying why, then close. */
        LOGOUT_AND_CLOSE
    }

    private final String sourceId;
    private final String endpoint;
    private final FixOptions options;
    private final PipelineClock clock;
    private final SequenceStore store;
    private final FixOutbound out;
    private final FixMessageView view;
    private final FixMessageChecks checks;
    private final FixGapRecovery gap;
    private final SourceLifecycle lifecycle;
    private final FixSessionMetrics metrics;
    private String reason;
    private long replySeq;

    FixLogonHandler(String sourceId, String endpoint, FixOptions options, PipelineClock clock, SequenceStore store,
            FixOutbound out, FixMessageView view, FixMessageChecks checks, FixGapRecovery gap,
            SourceLifecycle lifecycle, FixSessionMetrics metrics) {
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.options = options;
        this.clock = clock;
        this.store = store;
        this.out = out;
        this.view = view;
        this.checks = checks;
        this.gap = gap;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    /**
     * Judges the message in the view as the reply to our Logon. A reply that resets the sequence
     * numbers unasked resets the store here, before the MsgSeqNum is judged against it.
     *
     * @param receiveTimeNs when the message was received, for its SendingTime accuracy
     */
    Verdict onReply(long receiveTimeNs) {
        if (!checks.beginStringMatches()) {
            return close("Logon reply from " + endpoint + " has BeginString " + checks.field(8) + ", expected "
                    + options.beginString());
        }
        final long seq = view.msgSeqNum();
        if (view.status() != FixValueStatus.OK) {
            return close("Logon reply without MsgSeqNum from " + endpoint);
        }
        final char type = checks.msgType();
        if (type == '5') {
            return close("the venue refused the logon: \"" + checks.text() + "\"; check the credentials (username "
                    + out.username() + ") and the comp ids " + options.senderCompId() + " -> "
                    + options.targetCompId());
        }
        if (type != 'A') {
            return close("the venue answered our Logon with MsgType " + view.msgType() + ", not a Logon");
        }
        if (!checks.logonCompIdsMatch()) {
            return close("Logon reply from " + endpoint + " has SenderCompID/TargetCompID " + checks.field(49) + "/"
                    + checks.field(56) + ", expected " + options.targetCompId() + "/" + options.senderCompId());
        }
        if (!checks.sendingTimeAccurate(receiveTimeNs)) {
            return logoutAndClose("Invalid Logon message: SendingTime accuracy problem, field=52");
        }
        final int heartBtInt = view.intValue(FixTagsSession.HEART_BT_INT);
        if (view.status() != FixValueStatus.OK || heartBtInt < 0) {
            return logoutAndClose(heartBtInt < 0 && view.status() == FixValueStatus.OK
                    ? "HeartBtInt must not be negative" : "Logon reply without a valid HeartBtInt");
        }
        if (checks.resetSeqNumFlag() && !options.resetOnLogon()) {
            followUnaskedReset();
        }
        final long expected = store.nextTargetSeq();
        if (seq < expected) {
            return logoutAndClose("MsgSeqNum too low, expecting " + expected + " but received " + seq);
        }
        replySeq = seq;
        return Verdict.LOGGED_ON;
    }

    /** Why the last reply is to be closed on: the close reason, or the text of the Logout before it. */
    String reason() {
        return reason;
    }

    /** After a {@link Verdict#LOGGED_ON} reply, once the session is LOGGED_ON. */
    void onLoggedOn() {
        metrics.onLogon();
        lifecycle.onLoggedOn("logged on to " + endpoint + " as " + options.senderCompId() + " -> "
                + options.targetCompId() + ", HeartBtInt " + options.heartbeatInterval().toSeconds() + " s");
        takeLogonSeq(replySeq);
        subscribe();
    }

    /**
     * A Logon with ResetSeqNumFlag during the session (QuickFIX/J Session.nextLogon, acceptance
     * script SessionReset): the venue starts both sequences again at 1, whatever the numbers were,
     * so its MsgSeqNum 1 is not "too low". Both numbers are reset (and stored), what a gap held
     * belongs to the old numbering and goes, and our Logon with ResetSeqNumFlag, our new 1,
     * confirms it.
     */
    void onResetLogon(long seq) {
        LOG.warn("source {}: the venue reset the sequence numbers during the session (Logon with ResetSeqNumFlag=Y, "
                + "MsgSeqNum {}); was expecting {} and sending {}", sourceId, seq, store.nextTargetSeq(),
                store.nextSenderSeq());
        store.reset();
        gap.reset();
        out.resetLogon(epochMillis(), clock.nanoTime());
        takeLogonSeq(seq);
    }

    /**
     * Unasked, the venue started both sequences again at 1 (as it does when it resets on every
     * logon): its Logon is its 1, and ours counts as our 1, so we go on from 2.
     */
    private void followUnaskedReset() {
        LOG.info("source {}: the venue reset the sequence numbers in its Logon reply (ResetSeqNumFlag=Y; we were "
                + "expecting {} and sending {}): both restart at 1, our Logon counting as our 1", sourceId,
                store.nextTargetSeq(), store.nextSenderSeq());
        store.reset();
        store.takeSenderSeq();
    }

    /** A Logon's MsgSeqNum, never too low here: in sequence, or above a gap to ask for. */
    private void takeLogonSeq(long seq) {
        final long expected = store.nextTargetSeq();
        if (seq > expected) {
            gap.openAtLogon(expected, seq);
        } else {
            store.nextTargetSeq(seq + 1);
        }
    }

    private void subscribe() {
        if (options.symbols().isEmpty()) {
            return;
        }
        out.marketDataRequest(sourceId, false, epochMillis(), clock.nanoTime());
        lifecycle.onSubscribed("MarketDataRequest sent for " + options.symbols().size() + " symbol(s)");
    }

    private Verdict close(String why) {
        reason = why;
        return Verdict.CLOSE;
    }

    private Verdict logoutAndClose(String logoutText) {
        reason = logoutText;
        return Verdict.LOGOUT_AND_CLOSE;
    }

    private long epochMillis() {
        return clock.epochNanos() / NS_PER_MS;
    }
}
