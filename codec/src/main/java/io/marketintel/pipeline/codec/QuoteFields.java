package io.marketintel.pipeline.codec;

/** The canonical top-of-book quote, filled in place. Single-threaded, reused per message. */
public final class QuoteFields {
    public final ByteSlice symbol = new ByteSlice();
    public final MutableDecimal bidPrice = new MutableDecimal();
    public final MutableDecimal bidSize = new MutableDecimal();
    public final MutableDecimal askPrice = new MutableDecimal();
    public final MutableDecimal askSize = new MutableDecimal();

    void clear() {
        symbol.clear();
        bidPrice.clear();
        bidSize.clear();
        askPrice.clear();
        askSize.clear();
    }
}
