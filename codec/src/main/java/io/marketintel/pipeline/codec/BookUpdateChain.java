package io.marketintel.pipeline.codec;

/**
 * How the successive book updates of one symbol link up in a venue's feed, so that a broken chain
 * (an update lost on the venue's side or ours) can be told from a healthy one. A decoder declares
 * its venue's rule ({@link MessageDecoder#bookUpdateChain()}); the source checks it per symbol
 * with {@link BookFields#firstUpdateId} and {@link BookFields#lastUpdateId}. A snapshot starts a
 * symbol's chain over, and so does a new connection.
 */
public enum BookUpdateChain {
    /** The feed's updates carry no ids that link them, or the format does not say how they do. */
    NONE(false),
    /**
     * Each update's first id is the previous update's last id plus one: Binance spot {@code
     * depthUpdate} ({@code U} follows the previous {@code u}). Subscribing again brings no
     * snapshot (the consumer takes one from the venue's REST API), so a break is reported and the
     * connection kept.
     */
    CONSECUTIVE(false),
    /**
     * Each update names the previous update's last id as its first: OKX v5 books ({@code
     * prevSeqId} equals the previous {@code seqId}). A subscription starts with a snapshot, so a
     * break is reported and healed by reconnecting, which subscribes again.
     */
    LINKED_SNAPSHOT_ON_SUBSCRIBE(true);

    private final boolean resubscribeHeals;

    BookUpdateChain(boolean resubscribeHeals) {
        this.resubscribeHeals = resubscribeHeals;
    }

    /** Whether a new subscription brings a snapshot, so that reconnecting rebuilds a broken book. */
    public boolean resubscribeHeals() {
        return resubscribeHeals;
    }

    /** The first id an update must carry to follow one whose last id was {@code previousLastId}. */
    public long expectedFirstId(long previousLastId) {
        return this == CONSECUTIVE ? previousLastId + 1 : previousLastId;
    }
}
