package io.marketintel.pipeline.source;

import io.marketintel.pipeline.schema.v1.StreamStatus;

/** Emits a {@code StreamStatus} envelope downstream for a source; called on the source's thread. */
@FunctionalInterface
public interface StatusPublisher {
    void publishStatus(StreamStatus.State state, String reason, long expectedSeq, long receivedSeq, long count);
}
