package io.marketintel.pipeline.handoff;

import org.agrona.DirectBuffer;

/**
 * One consumer of the dispatcher: a sink, or the in-process API queue. Called on the dispatcher
 * thread only; returns false to be offered the same envelope again later (backpressure).
 */
interface EnvelopeConsumer {
    boolean accept(int sourceIndex, DirectBuffer buffer, int offset, int length);

    default void onIdle() {
    }
}
