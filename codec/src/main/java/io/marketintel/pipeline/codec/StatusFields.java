package io.marketintel.pipeline.codec;

import io.marketintel.pipeline.schema.v1.StreamStatus;

/**
 * A source health change for the {@code StreamStatus} payload. Status events are rare (state
 * changes), so the reason is an ordinary String. Single-threaded, reused.
 */
public final class StatusFields {
    public StreamStatus.State state = StreamStatus.State.STATE_UNSPECIFIED;
    public String reason = "";
    public long expectedSeq;
    public long receivedSeq;
    public long count;

    void clear() {
        state = StreamStatus.State.STATE_UNSPECIFIED;
        reason = "";
        expectedSeq = 0;
        receivedSeq = 0;
        count = 0;
    }
}
