package io.marketintel.pipeline.source;

/** What the transport does after handing a frame to {@link FrameIngest}. */
public enum IngestAction {
    /** Go on with the next frame. */
    CONTINUE,
    /** The hand-off is full (policy block): stop reading until the pending envelopes drain. */
    PAUSE,
    /** Close the connection (a bad message under the {@code reset} policy). */
    RESET
}
