package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixValueStatus;
import io.marketintel.pipeline.time.PipelineClock;

/**
 * Answers the venue's ResendRequest (35=2) in the view of one {@link FixSession}: with a single
 * SequenceReset-GapFill over what was asked for, since we re-send nothing (see {@link
 * FixOutbound#gapFill}); at once also when the request arrives ahead of a gap of ours. Using up
 * the request's own MsgSeqNum stays the session's business.
 *
 * <p>Not thread-safe: part of one session, sharing its view and validator, on its source's event
 * loop.
 */
final class FixResendResponder {
    private static final long NS_PER_MS = 1_000_000L;

    private final FixMessageView view;
    private final FixInboundValidator validator;
    private final SequenceStore store;
    private final FixOutbound out;
    private final PipelineClock clock;

    FixResendResponder(FixMessageView view, FixInboundValidator validator, SequenceStore store, FixOutbound out,
            PipelineClock clock) {
        this.view = view;
        this.validator = validator;
        this.store = store;
        this.out = out;
        this.clock = clock;
    }

    /**
     * A ResendRequest ahead of the expected MsgSeqNum is answered at once and then held for its
     * place in the sequence like any other message, where it only uses up its number (QuickFIX/J
     * Session.nextResendRequest, QFJ-673). Were the answer held too, a venue that re-sends only
     * after its own gap is filled would wait for us while we wait for its re-sends: neither moves.
     * One that fails validation is not answered; it gets its Reject when its turn comes.
     *
     * @param overFieldLimit the view holds only the request's header (see {@link FixSession})
     */
    void answerAhead(boolean overFieldLimit) {
        if (!overFieldLimit && validator.validate(view)) {
            answer();
        }
    }

    /**
     * One gap fill from BeginSeqNo over what was asked for: through EndSeqNo, or up to our next
     * MsgSeqNum when EndSeqNo is 0 (infinity) or beyond what we have sent.
     */
    void answer() {
        final long begin = view.longValue(FixTagsSession.BEGIN_SEQ_NO);
        final long from = view.status() == FixValueStatus.OK && begin > 0 ? begin : 1;
        final long end = view.longValue(FixTagsSession.END_SEQ_NO);
        final long next = store.nextSenderSeq();
        final long newSeqNo = view.status() == FixValueStatus.OK && end >= from && end < next ? end + 1 : next;
        out.gapFill(from, newSeqNo, clock.epochNanos() / NS_PER_MS, clock.nanoTime());
    }
}
