package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMalformedReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixTags;
import io.marketintel.pipeline.time.PipelineClock;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the session-level Rejects (35=3) of one {@link FixSession} about the message in its
 * {@link FixMessageView}: the reference to that message (RefSeqNum, RefMsgType, RefTagID), the
 * SessionRejectReason and text, counted and logged. It also maps what the market-data decoder
 * found wrong in a 35=W/X to the Reject the FIX session rules give it. Whether the rejected
 * message uses up its MsgSeqNum, or a Logout follows, stays the session's decision.
 *
 * <p>Not thread-safe: part of one session, on its source's event loop.
 */
final class FixRejectSender {
    // The session's logger: a Reject is the session's act, and log settings made for it apply.
    private static final Logger LOG = LoggerFactory.getLogger(FixSession.class);
    private static final long NS_PER_MS = 1_000_000L;

    private final String sourceId;
    private final String endpoint;
    private final FixMessageView view;
    private final FixOutbound out;
    private final PipelineClock clock;
    private final FixSessionMetrics metrics;

    FixRejectSender(String sourceId, String endpoint, FixMessageView view, FixOutbound out, PipelineClock clock,
            FixSessionMetrics metrics) {
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.view = view;
        this.out = out;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Rejects the message in the view, sent under MsgSeqNum {@code refSeq}. */
    void reject(long refSeq, int refTag, int reason, String text) {
        metrics.onRejectSent();
        LOG.warn("source {}: rejecting message {} from {}: {} (tag {}, SessionRejectReason {})", sourceId, refSeq,
                endpoint, text, refTag, reason);
        final DirectBuffer type = view.msgType().buffer();
        out.reject(refSeq, refTag, type, view.msgType().offset(), type == null ? 0 : view.msgType().length(), reason,
                text, clock.epochNanos() / NS_PER_MS, clock.nanoTime());
    }

    /**
     * Market data that the decoder found structurally wrong (counted as malformed, not published)
     * gets the session-level Reject the FIX session rules give such faults, so that the venue
     * hears of it. Our own limits (too many entries or fields, text the canonical schema's UTF-8
     * strings cannot carry, which FIX itself allows) are not the venue's fault: counted only.
     * Without a data dictionary the reason is as precise as the decoder's finding.
     */
    void rejectMalformedMarketData(long seq, FixMalformedReason reason) {
        switch (reason) {
            case BAD_ENTRIES -> reject(seq, FixTags.NO_MD_ENTRIES, FixInboundValidator.REASON_INCORRECT_NUM_IN_GROUP,
                    "Incorrect NumInGroup count for repeating group");
            case BAD_ENTRY_TYPE -> reject(seq, FixOutbound.NO_REF_TAG, FixInboundValidator.REASON_REQUIRED_TAG_MISSING,
                    "Required tag missing: MDEntryType (269) or MDUpdateAction (279) of an entry");
            case MISSING_SYMBOL -> reject(seq, FixTags.SYMBOL, FixInboundValidator.REASON_REQUIRED_TAG_MISSING,
                    "Required tag missing");
            case BAD_PRICE -> rejectEntryValue(seq, FixTags.MD_ENTRY_PX);
            case BAD_SIZE -> rejectEntryValue(seq, FixTags.MD_ENTRY_SIZE);
            default -> { }
        }
    }

    private void rejectEntryValue(long seq, int tag) {
        if (view.indexOf(tag) < 0) {
            reject(seq, tag, FixInboundValidator.REASON_REQUIRED_TAG_MISSING, "Required tag missing");
        } else {
            reject(seq, tag, FixInboundValidator.REASON_INCORRECT_DATA_FORMAT, "Incorrect data format for value");
        }
    }
}
