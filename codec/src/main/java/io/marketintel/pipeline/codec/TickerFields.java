package io.marketintel.pipeline.codec;

/** Rolling statistics (24h tickers), filled in place. Single-threaded, reused per message. */
public final class TickerFields {
    public final ByteSlice symbol = new ByteSlice();
    public final MutableDecimal lastPrice = new MutableDecimal();
    public final MutableDecimal openPrice = new MutableDecimal();
    public final MutableDecimal highPrice = new MutableDecimal();
    public final MutableDecimal lowPrice = new MutableDecimal();
    public final MutableDecimal volume = new MutableDecimal();
    public final MutableDecimal quoteVolume = new MutableDecimal();
    public final MutableDecimal bestBid = new MutableDecimal();
    public final MutableDecimal bestAsk = new MutableDecimal();

    void clear() {
        symbol.clear();
        lastPrice.clear();
        openPrice.clear();
        highPrice.clear();
        lowPrice.clear();
        volume.clear();
        quoteVolume.clear();
        bestBid.clear();
        bestAsk.clear();
    }
}
