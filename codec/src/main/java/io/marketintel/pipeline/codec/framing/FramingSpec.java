package io.marketintel.pipeline.codec.framing;

/** Framing of a stream transport: the frame type, the largest frame accepted, what to do past it. */
public record FramingSpec(FramingType type, int maxFrameBytes, ErrorPolicy onOversize) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    public FramingSpec {
        if (type == null) {
            throw new IllegalArgumentException("framing type is required");
        }
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("max frame bytes must be positive: " + maxFrameBytes);
        }
        if (type == FramingType.LENGTH_PREFIX_2 && maxFrameBytes > 0xFFFF) {
            maxFrameBytes = 0xFFFF;
        }
        if (onOversize == null) {
            onOversize = ErrorPolicy.SKIP;
        }
    }

    public static FramingSpec lines() {
        return new FramingSpec(FramingType.LINE, DEFAULT_MAX_FRAME_BYTES, ErrorPolicy.SKIP);
    }
}
