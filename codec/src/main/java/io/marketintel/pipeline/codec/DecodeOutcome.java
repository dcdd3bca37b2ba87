package io.marketintel.pipeline.codec;

/** What a {@link MessageDecoder} made of one frame. Expected outcomes are values, not exceptions. */
public enum DecodeOutcome {
    /** One or more canonical events were handed to the handler. */
    DATA,
    /** A message recognised as not data (subscription ack, heartbeat): nothing to publish. */
    CONTROL,
    /** Well-formed, but no mapping applies: the caller keeps it as Raw or counts a skip. */
    UNMAPPED,
    /** Not parseable (garbage, truncated, a bad number): counted, never published. */
    MALFORMED
}
