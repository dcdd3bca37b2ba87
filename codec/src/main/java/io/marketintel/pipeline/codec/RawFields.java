package io.marketintel.pipeline.codec;

/**
 * Venue bytes that map to nothing canonical, kept as a {@code Raw} payload with the name of
 * their format rather than dropped. Single-threaded, reused per message.
 */
public final class RawFields {
    public final ByteSlice format = new ByteSlice();
    public final ByteSlice data = new ByteSlice();

    void clear() {
        format.clear();
        data.clear();
    }
}
