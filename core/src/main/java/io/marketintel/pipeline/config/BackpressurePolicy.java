package io.marketintel.pipeline.config;

/** What a source does when the hand-off to the sinks is full (DESIGN.md section 6). Never silent. */
public enum BackpressurePolicy {
    /** Stop reading the socket until there is room; TCP pushes back on the venue. Nothing lost. */
    BLOCK,
    /** Drop the message, count it, and emit a GAP_DETECTED status with the count. */
    DROP
}
