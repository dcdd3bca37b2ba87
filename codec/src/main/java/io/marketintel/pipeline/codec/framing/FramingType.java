package io.marketintel.pipeline.codec.framing;

/** How a byte stream is cut into messages. */
public enum FramingType {
    /** Newline-terminated ("\n", an optional preceding "\r" is dropped). */
    LINE,
    /** Two-byte big-endian length, then that many bytes. */
    LENGTH_PREFIX_2,
    /** Four-byte big-endian length, then that many bytes. */
    LENGTH_PREFIX_4
}
