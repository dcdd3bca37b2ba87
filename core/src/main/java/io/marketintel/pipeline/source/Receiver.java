package io.marketintel.pipeline.source;

import io.marketintel.pipeline.config.Protocol;

/**
 * The public view of one source (the seed's {@code pipeline.receivers}): its id, transport and
 * health. Thread-safe: state is read from volatile fields.
 */
public interface Receiver {
    String sourceId();

    Protocol protocol();

    SourceState state();

    /** True while the source is connected (the seed's {@code is_running}). */
    default boolean isRunning() {
        return state().isUp();
    }
}
