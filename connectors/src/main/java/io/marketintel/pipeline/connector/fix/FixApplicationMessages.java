package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMalformedReason;
import io.marketintel.pipeline.codec.fix.FixMarketDataDecoder;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an application message the session has taken in sequence: a PossResend copy of
 * one already received is skipped ({@link FixPossResendFilter}); a MarketDataRequestReject is also
 * a {@code VENUE_ERROR} status with the venue's text; the rest goes to {@link FrameIngest}, whose
 * market-data decoder reads the session's index of the message rather than the bytes again, and
 * whose findings on a malformed 35=W/X become a session Reject. A message with more fields than
 * the session's view holds is dropped and counted instead.
 *
 * <p>Not thread-safe: part of one session, on its source's event loop.
 */
final class FixApplicationMessages {
    private static final Logger LOG = LoggerFactory.getLogger(FixApplicationMessages.class);

    private final String sourceId;
    private final String endpoint;
    private final FixMessageView view;
    private final FixMessageChecks checks;
    private final FixRejectSender rejects;
    private final FrameIngest ingest;
    private final SourceMetrics sourceMetrics;
    private final FixSessionMetrics metrics;
    private final FixPossResendFilter possResends = new FixPossResendFilter();
    /** The market-data decoder behind {@link #ingest}, to turn its findings into Rejects; null for another decoder. */
    private final FixMarketDataDecoder marketData;

    FixApplicationMessages(String sourceId, String endpoint, FixMessageView view, FixMessageChecks checks,
            FixRejectSender rejects, FrameIngest ingest, SourceMetrics sourceMetrics, FixSessionMetrics metrics) {
        this.sourceId = sourceId;
        this.endpoint = endpoint;
        this.view = view;
        this.checks = checks;
        this.rejects = rejects;
        this.ingest = ingest;
        this.sourceMetrics = sourceMetrics;
        this.metrics = metrics;
        this.marketData = ingest.decoder() instanceof FixMarketDataDecoder decoder ? decoder : null;
    }

    /** The message in the view, numbered {@code seq} and of MsgType {@code type}, whose bytes these are. */
    IngestAction deliver(char type, long seq, DirectBuffer buffer, int offset, int length) {
        if (!possResends.admit(view)) {
            metrics.onPossResendIgnored();
            return IngestAction.CONTINUE;
        }
        if (type == 'Y') {
            onMarketDataRequestReject();
        }
        if (marketData != null) {
            marketData.reuseIndexOf(view); // the decoder reads our index, not the bytes again
        }
        final IngestAction action = ingest.onFrame(buffer, offset, length);
        if (marketData != null && marketData.lastMalformedReason() != FixMalformedReason.NONE) {
            rejects.rejectMalformedMarketData(seq, marketData.lastMalformedReason());
        }
        return action;
    }

    /**
     * A message too big for our own limit, not the venue's fault: no Reject (the venue could do
     * nothing about it, and a resent copy would fail the same way), but counted and logged, since
     * its data is lost. Through {@link FixSource} it cannot happen to a valid message: the view
     * holds every field of the largest frame the framer accepts.
     */
    void dropOverFieldLimit(long seq) {
        metrics.onOverFieldLimit();
        sourceMetrics.onDropped();
        LOG.warn("source {}: message {} (MsgType {}) from {} has more than {} fields; dropped and counted", sourceId,
                seq, view.msgType(), endpoint, view.fieldCount());
    }

    private void onMarketDataRequestReject() {
        final String text = checks.text();
        final char reason = view.charValue(281);
        LOG.warn("source {}: MarketDataRequest rejected by {}: {}", sourceId, endpoint, text);
        ingest.publisher().publishStatus(StreamStatus.State.VENUE_ERROR, "REJECTED: MarketDataRequest rejected by "
                + endpoint + (reason != '\0' ? " (MDReqRejReason " + reason + ")" : "") + ": "
                + (text.length() > 200 ? text.substring(0, 200) : text), 0, 0, 0);
    }
}
