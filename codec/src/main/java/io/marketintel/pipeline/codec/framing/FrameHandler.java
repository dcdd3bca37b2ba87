package io.marketintel.pipeline.codec.framing;

import org.agrona.DirectBuffer;

/** Receives the frames a {@link StreamFramer} cuts; called on the framing thread. */
public interface FrameHandler {

    /**
     * One complete frame, a view valid only during the call.
     *
     * @return false to stop framing after this frame (the rest stays unconsumed)
     */
    boolean onFrame(DirectBuffer buffer, int offset, int length);

    /**
     * A frame longer than the limit is being discarded.
     *
     * @return false to stop framing (the connection is about to be reset)
     */
    boolean onOversize();
}
