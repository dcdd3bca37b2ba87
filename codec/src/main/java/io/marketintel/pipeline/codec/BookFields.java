package io.marketintel.pipeline.codec;

/**
 * A canonical order-book update with pre-allocated level arrays, filled in place. A size of zero
 * deletes a level. Levels past {@link #maxLevels()} per side are refused by {@link #addBid} and
 * {@link #addAsk} returning false, so that the decoder can count and report them.
 *
 * <p>Single-threaded, reused per message.
 */
public final class BookFields {
    public static final int DEFAULT_MAX_LEVELS = 1_000;

    public final ByteSlice symbol = new ByteSlice();
    /**
     * The venue's channel the update came on where one connection may carry several book channels
     * of a symbol, each with its own update ids (OKX {@code books}, {@code books5}, {@code
     * bbo-tbt}); empty otherwise. Not encoded: it keeps the chains of {@link #firstUpdateId} apart.
     */
    public final ByteSlice channel = new ByteSlice();
    public boolean snapshot;
    public long firstUpdateId;
    public long lastUpdateId;
    private final MutableDecimal[] bidPrices;
    private final MutableDecimal[] bidSizes;
    private final MutableDecimal[] askPrices;
    private final MutableDecimal[] askSizes;
    private int bidCount;
    private int askCount;

    public BookFields() {
        this(DEFAULT_MAX_LEVELS);
    }

    public BookFields(int maxLevels) {
        bidPrices = decimals(maxLevels);
        bidSizes = decimals(maxLevels);
        askPrices = decimals(maxLevels);
        askSizes = decimals(maxLevels);
    }

    private static MutableDecimal[] decimals(int n) {
        final MutableDecimal[] array = new MutableDecimal[n];
        for (int i = 0; i < n; i++) {
            array[i] = new MutableDecimal();
        }
        return array;
    }

    public int maxLevels() {
        return bidPrices.length;
    }

    public boolean addBid(MutableDecimal price, MutableDecimal size) {
        if (bidCount == bidPrices.length) {
            return false;
        }
        bidPrices[bidCount].set(price);
        bidSizes[bidCount].set(size);
        bidCount++;
        return true;
    }

    public boolean addAsk(MutableDecimal price, MutableDecimal size) {
        if (askCount == askPrices.length) {
            return false;
        }
        askPrices[askCount].set(price);
        askSizes[askCount].set(size);
        askCount++;
        return true;
    }

    /**
     * The price of the next bid level, for a decoder that parses straight into the book rather
     * than into a scratch decimal that {@link #addBid} then copies; null when the book is full.
     * The level counts once {@link #commitBid()} is called; until then it is scratch.
     */
    public MutableDecimal nextBidPrice() {
        return bidCount < bidPrices.length ? bidPrices[bidCount] : null;
    }

    /** The size of the next bid level (see {@link #nextBidPrice()}); null when the book is full. */
    public MutableDecimal nextBidSize() {
        return bidCount < bidSizes.length ? bidSizes[bidCount] : null;
    }

    /** Counts the level parsed into {@link #nextBidPrice()} and {@link #nextBidSize()}. */
    public void commitBid() {
        bidCount++;
    }

    /** As {@link #nextBidPrice()}, for asks. */
    public MutableDecimal nextAskPrice() {
        return askCount < askPrices.length ? askPrices[askCount] : null;
    }

    /** As {@link #nextBidSize()}, for asks. */
    public MutableDecimal nextAskSize() {
        return askCount < askSizes.length ? askSizes[askCount] : null;
    }

    /** As {@link #commitBid()}, for asks. */
    public void commitAsk() {
        askCount++;
    }

    public int bidCount() {
        return bidCount;
    }

    public int askCount() {
        return askCount;
    }

    public MutableDecimal bidPrice(int i) {
        return bidPrices[i];
    }

    public MutableDecimal bidSize(int i) {
        return bidSizes[i];
    }

    public MutableDecimal askPrice(int i) {
        return askPrices[i];
    }

    public MutableDecimal askSize(int i) {
        return askSizes[i];
    }

    void clear() {
        symbol.clear();
        channel.clear();
        snapshot = false;
        firstUpdateId = 0;
        lastUpdateId = 0;
        bidCount = 0;
        askCount = 0;
    }
}
