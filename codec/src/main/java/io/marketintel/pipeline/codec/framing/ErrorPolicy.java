package io.marketintel.pipeline.codec.framing;

/** What a source does with a bad message (oversize, malformed): always counted first. */
public enum ErrorPolicy {
    /** Count it, skip it, keep the connection. */
    SKIP,
    /** Count it and reset the connection (the source reconnects per its backoff). */
    RESET
}
