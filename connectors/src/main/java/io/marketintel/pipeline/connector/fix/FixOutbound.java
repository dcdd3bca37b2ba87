package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.config.Credentials;
import io.marketintel.pipeline.config.FixOptions;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Every message the initiator sends, encoded by one {@link FixMessageWriter} and numbered from
 * the {@link SequenceStore}: Logon (with Username/Password, optional ResetSeqNumFlag, and
 * DefaultApplVerID under FIXT.1.1), Heartbeat, TestRequest, ResendRequest, the
 * SequenceReset-GapFill that answers a venue's ResendRequest (it takes no new number), Reject,
 * Logout and the MarketDataRequest built from the config. Keeps the time of the last send for the
 * heartbeat timer.
 *
 * <p>Allocation-free except for the MarketDataRequest (once per logon, and a snapshot-only one
 * after a gap that lost data) and reason texts. Not thread-safe: one per session, on its event
 * loop.
 */
final class FixOutbound {
    private static final byte[] LOGON = {'A'};
    private static final byte[] HEARTBEAT = {'0'};
    private static final byte[] TEST_REQUEST = {'1'};
    private static final byte[] RESEND_REQUEST = {'2'};
    private static final byte[] REJECT = {'3'};
    private static final byte[] SEQUENCE_RESET = {'4'};
    private static final byte[] LOGOUT = {'5'};
    private static final byte[] MARKET_DATA_REQUEST = {'V'};
    static final byte[] TEST_REQUEST_ID = FixMessageWriter.ascii("TEST");
    /** For {@link #reject}: no RefTagID (371); tag number 0 is a tag a Reject can name. */
    static final int NO_REF_TAG = -1;
    /**
     * FIX 4.2 defines SessionRejectReason 0 to 11; the later ones (13 to 16 here) came with FIX 4.3.
     * Under FIX.4.2 they are left out, as QuickFIX/J does, and the Text alone says what is wrong.
     */
    private static final int FIX42_LAST_SESSION_REJECT_REASON = 11;

    private final FixOptions options;
    private final Credentials credentials;
    private final FixMessageWriter writer;
    private final SequenceStore store;
    private final boolean fix42;
    private final String applVerIdCode;
    private FixConnection connection;
    private long lastSentNs;
    private long mdRequests;
    /** The MDReqIDs' run part, set at the first request (see {@link #mdReqId}). */
    private String runPart;

    FixOutbound(FixOptions options, Credentials credentials, SequenceStore store) {
        this.options = options;
        this.credentials = credentials;
        this.store = store;
        this.fix42 = "FIX.4.2".equals(options.beginString());
        this.applVerIdCode = options.applVerIdCode();
        this.writer = new FixMessageWriter(options.beginString(), options.senderCompId(), options.targetCompId());
    }

    void connection(FixConnection value) {
        connection = value;
    }

    /** For messages to users: the username (never the password), or "none". */
    String username() {
        return credentials == null ? "none" : credentials.username();
    }

    long lastSentNs() {
        return lastSentNs;
    }

    void logon(long epochMillis, long nowNs) {
        beginLogon(epochMillis, options.resetOnLogon());
        if (credentials != null) {
            writer.addText(553, credentials.username()).addText(554, credentials.password());
        }
        send(nowNs);
    }

    /**
     * Confirms the venue's reset of both sequence numbers during the session: a Logon with
     * ResetSeqNumFlag, numbered from the reset store. Without the credentials: this is not a
     * logon, the venue knows who we are.
     */
    void resetLogon(long epochMillis, long nowNs) {
        beginLogon(epochMillis, true);
        send(nowNs);
    }

    private void beginLogon(long epochMillis, boolean resetSeqNum) {
        writer.begin(LOGON, store.takeSenderSeq(), epochMillis)
                .addChar(98, '0')
                .addLong(108, options.heartbeatInterval().toSeconds());
        // FIXT requires it (QuickFIX/J disconnects without it): the version of the venue's
        // application messages, which the venue's documentation names.
        if (applVerIdCode != null) {
            writer.addText(1137, applVerIdCode);
        }
        if (resetSeqNum) {
            writer.addChar(141, 'Y');
        }
    }

    void heartbeat(DirectBuffer testReqId, int offset, int length, long epochMillis, long nowNs) {
        writer.begin(HEARTBEAT, store.takeSenderSeq(), epochMillis);
        if (length > 0) {
            writer.addBytes(112, testReqId, offset, length);
        }
        send(nowNs);
    }

    void testRequest(long epochMillis, long nowNs) {
        writer.begin(TEST_REQUEST, store.takeSenderSeq(), epochMillis).addBytes(112, TEST_REQUEST_ID);
        send(nowNs);
    }

    void resendRequest(long beginSeqNo, long endSeqNo, long epochMillis, long nowNs) {
        writer.begin(RESEND_REQUEST, store.takeSenderSeq(), epochMillis).addLong(7, beginSeqNo).addLong(16, endSeqNo);
        send(nowNs);
    }

    /**
     * Answers a ResendRequest: one gap fill from {@code beginSeqNo} to {@code newSeqNo}. We never
     * re-send: a market-data client has nothing worth replaying, and a stale MarketDataRequest
     * replayed would subscribe twice.
     */
    void gapFill(long beginSeqNo, long newSeqNo, long epochMillis, long nowNs) {
        writer.begin(SEQUENCE_RESET, beginSeqNo, epochMillis)
                .addChar(43, 'Y')
                .addTimestamp(122, epochMillis)
                .addChar(123, 'Y')
                .addLong(36, newSeqNo);
        send(nowNs);
    }

    void reject(long refSeqNum, int refTag, DirectBuffer msgType, int msgTypeOffset, int msgTypeLength, int reason,
            String text, long epochMillis, long nowNs) {
        writer.begin(REJECT, store.takeSenderSeq(), epochMillis).addLong(45, refSeqNum);
        if (refTag >= 0) {
            writer.addLong(371, refTag);
        }
        if (msgTypeLength > 0) {
            writer.addBytes(372, msgType, msgTypeOffset, msgTypeLength);
        }
        if (!fix42 || reason <= FIX42_LAST_SESSION_REJECT_REASON) {
            writer.addLong(373, reason);
        }
        writer.addText(58, text);
        send(nowNs);
    }

    void logout(String text, long epochMillis, long nowNs) {
        writer.begin(LOGOUT, store.takeSenderSeq(), epochMillis);
        if (text != null && !text.isEmpty()) {
            writer.addText(58, text);
        }
        send(nowNs);
    }

    /**
     * A MarketDataRequest for the configured symbols and entry types, under a new MDReqID: snapshot
     * plus updates (one per logon), or a snapshot only (SubscriptionRequestType 0), which leaves the
     * subscription as it is and brings the books back after data was lost.
     */
    void marketDataRequest(String sourceId, boolean snapshotOnly, long epochMillis, long nowNs) {
        final List<String> types = options.entryTypes();
        writer.begin(MARKET_DATA_REQUEST, store.takeSenderSeq(), epochMillis)
                .addText(262, mdReqId(sourceId, epochMillis))
                .addChar(263, snapshotOnly ? '0' : '1')
                .addLong(264, options.marketDepth());
        if (!snapshotOnly) {
            writer.addChar(265, options.incrementalUpdates() ? '1' : '0'); // MDUpdateType: for subscriptions only
        }
        writer.addLong(267, types.size());
        for (String type : types) {
            writer.addChar(269, FixOptions.entryTypeCode(type));
        }
        writer.addLong(146, options.symbols().size());
        for (String symbol : options.symbols()) {
            writer.addText(55, symbol);
        }
        send(nowNs);
    }

    /**
     * {@code sourceId-n-run}: n counts this run's requests, and the run part (the first request's
     * epoch millis in base 36) keeps a restarted source, whose sequence numbers a file store
     * carries on, from repeating the MDReqIDs of its previous run, which a venue may still hold
     * and reject as duplicates.
     */
    private String mdReqId(String sourceId, long epochMillis) {
        if (runPart == null) {
            runPart = Long.toString(epochMillis, 36);
        }
        return sourceId + "-" + (++mdRequests) + "-" + runPart;
    }

    private void send(long nowNs) {
        writer.finish();
        lastSentNs = nowNs;
        connection.send(writer.buffer(), writer.offset(), writer.length());
    }
}
