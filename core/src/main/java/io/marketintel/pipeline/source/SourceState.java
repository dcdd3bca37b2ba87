package io.marketintel.pipeline.source;

import io.marketintel.pipeline.schema.v1.StreamStatus;

/**
 * The states of the one source lifecycle (DESIGN.md section 5), shared by every transport:
 * {@code IDLE → CONNECTING → CONNECTED → (LOGGED_ON →) SUBSCRIBED ⇄ STALE → DISCONNECTED → BACKOFF
 * → CONNECTING …}, ending in {@code FAILED} (gave up) or {@code STOPPED} (shut down).
 */
public enum SourceState {
    IDLE(StreamStatus.State.IDLE),
    CONNECTING(StreamStatus.State.CONNECTING),
    CONNECTED(StreamStatus.State.CONNECTED),
    LOGGED_ON(StreamStatus.State.LOGGED_ON),
    SUBSCRIBED(StreamStatus.State.SUBSCRIBED),
    STALE(StreamStatus.State.STALE),
    DISCONNECTED(StreamStatus.State.DISCONNECTED),
    BACKOFF(StreamStatus.State.BACKOFF),
    FAILED(StreamStatus.State.FAILED),
    STOPPED(StreamStatus.State.STOPPED);

    private final StreamStatus.State wireState;

    SourceState(StreamStatus.State wireState) {
        this.wireState = wireState;
    }

    public StreamStatus.State wireState() {
        return wireState;
    }

    /** True while the source has (or is about to have) a live connection delivering data. */
    public boolean isUp() {
        return this == CONNECTED || this == LOGGED_ON || this == SUBSCRIBED;
    }
}
