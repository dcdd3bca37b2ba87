package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixValueStatus;

/**
 * The venue's SequenceReset (35=4) in the view of one {@link FixSession}, in both modes: Reset
 * (no GapFillFlag), which moves the expected MsgSeqNum to NewSeqNo whatever its own MsgSeqNum,
 * and GapFill, which stands for the messages up to NewSeqNo - 1 and is taken in sequence like any
 * other. A NewSeqNo that is missing or would move the expected number back (or leave it, for a
 * gap fill) gets a Reject with SessionRejectReason 5 instead. Whether a message is in sequence,
 * and whether the session ends, stays the session's decision.
 *
 * <p>Not thread-safe: part of one session, sharing its view, on its source's event loop.
 */
final class FixSequenceResetHandler {
    private final FixMessageView view;
    private final SequenceStore store;
    private final FixRejectSender rejects;

    FixSequenceResetHandler(FixMessageView view, SequenceStore store, FixRejectSender rejects) {
        this.view = view;
        this.store = store;
        this.rejects = rejects;
    }

    /** SequenceReset-Reset: MsgSeqNum is ignored; NewSeqNo may not go back. */
    void onReset(long seq) {
        final long newSeqNo = view.longValue(FixTagsSession.NEW_SEQ_NO);
        final long expected = store.nextTargetSeq();
        if (view.status() != FixValueStatus.OK || newSeqNo < expected) {
            rejectNewSeqNo(seq);
            return;
        }
        store.nextTargetSeq(newSeqNo);
    }

    /** SequenceReset-GapFill with the expected MsgSeqNum {@code seq}: NewSeqNo must lie beyond it. */
    void onGapFill(long seq) {
        final long newSeqNo = view.longValue(FixTagsSession.NEW_SEQ_NO);
        if (newSeqNo <= seq) {
            rejectNewSeqNo(seq);
            store.nextTargetSeq(seq + 1);
        } else {
            store.nextTargetSeq(newSeqNo);
        }
    }

    /** The last MsgSeqNum a SequenceReset-GapFill stands for: NewSeqNo - 1, or its own if NewSeqNo is unusable. */
    long gapFillThrough(long seq) {
        final long newSeqNo = view.longValue(FixTagsSession.NEW_SEQ_NO);
        return view.status() == FixValueStatus.OK && newSeqNo > seq ? newSeqNo - 1 : seq;
    }

    private void rejectNewSeqNo(long seq) {
        rejects.reject(seq, FixTagsSession.NEW_SEQ_NO, FixInboundValidator.REASON_VALUE_OUT_OF_RANGE,
                "Value is incorrect (out of range) for this tag");
    }
}
