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
        snapshot = false;
        firstUpdateId = 0;
        lastUpdateId = 0;
        bidCount = 0;
        askCount = 0;
    }
}
