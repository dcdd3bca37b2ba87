package io.marketintel.pipeline.codec;

/** The canonical trade, filled in place by a decoder. Single-threaded, reused per message. */
public final class TradeFields {
    public final ByteSlice symbol = new ByteSlice();
    public final MutableDecimal price = new MutableDecimal();
    public final MutableDecimal size = new MutableDecimal();
    public final ByteSlice tradeId = new ByteSlice();
    public Side aggressorSide = Side.UNSPECIFIED;

    void clear() {
        symbol.clear();
        price.clear();
        size.clear();
        tradeId.clear();
        aggressorSide = Side.UNSPECIFIED;
    }
}
