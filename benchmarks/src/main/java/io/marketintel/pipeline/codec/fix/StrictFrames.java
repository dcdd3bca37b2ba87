package io.marketintel.pipeline.codec.fix;

import org.agrona.DirectBuffer;

/**
 * A frame handler for benchmark input, which is always a valid message: anything the framer
 * reports as garbled or oversize means the benchmark is measuring the wrong thing, so it fails.
 */
abstract class StrictFrames implements FixFrameHandler {
    @Override
    public final boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
        throw new IllegalStateException("benchmark input is garbled: " + reason);
    }

    @Override
    public final void onOversize(long declaredBodyLength) {
        throw new IllegalStateException("benchmark input is oversize");
    }
}
