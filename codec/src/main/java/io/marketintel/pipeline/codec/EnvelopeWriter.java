package io.marketintel.pipeline.codec;

import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.FixField;
import io.marketintel.pipeline.schema.v1.FixMessage;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Quote;
import io.marketintel.pipeline.schema.v1.Raw;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.schema.v1.Ticker;
import io.marketintel.pipeline.schema.v1.Trade;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a {@link CanonicalEvent} as the canonical {@code Envelope} straight into a buffer,
 * with the field numbers of the generated classes. The generated classes stay the reference:
 * tests parse what this writes with them.
 *
 * <p>Allocation-free except for status reasons. Not thread-safe: one per I/O thread or source.
 */
public final class EnvelopeWriter {
    private final ProtoWriter out = new ProtoWriter();

    /**
     * Writes one envelope at {@code offset} and returns its length in bytes.
     *
     * @param sourceId the source id as UTF-8 bytes (encoded once per source)
     */
    public int write(
            MutableDirectBuffer buffer,
            int offset,
            ByteSlice sourceId,
            long ingestSeq,
            long receiveTimeNs,
            long publishTimeNs,
            CanonicalEvent event) {
        out.wrap(buffer, offset);
        out.bytesField(Envelope.SOURCE_ID_FIELD_NUMBER, sourceId);
        out.int64Field(Envelope.SOURCE_SEQ_FIELD_NUMBER, event.sourceSeq());
        out.int64Field(Envelope.INGEST_SEQ_FIELD_NUMBER, ingestSeq);
        out.int64Field(Envelope.EXCHANGE_TIME_NS_FIELD_NUMBER, event.exchangeTimeNs());
        out.int64Field(Envelope.RECEIVE_TIME_NS_FIELD_NUMBER, receiveTimeNs);
        out.int64Field(Envelope.PUBLISH_TIME_NS_FIELD_NUMBER, publishTimeNs);
        switch (event.kind()) {
            case TRADE -> writeTrade(event.trade);
            case QUOTE -> writeQuote(event.quote);
            case BOOK_UPDATE -> writeBook(event.book);
            case TICKER -> writeTicker(event.ticker);
            case FIX_MESSAGE -> writeFix(event.fix);
            case STATUS -> writeStatus(event.status);
            case RAW -> writeRaw(event.raw);
            case NONE -> { }
        }
        return out.position() - offset;
    }

    private void writeTrade(TradeFields t) {
        final int mark = out.beginMessage(Envelope.TRADE_FIELD_NUMBER);
        out.bytesField(Trade.SYMBOL_FIELD_NUMBER, t.symbol);
        out.decimalField(Trade.PRICE_FIELD_NUMBER, t.price);
        out.decimalField(Trade.SIZE_FIELD_NUMBER, t.size);
        out.int64Field(Trade.AGGRESSOR_SIDE_FIELD_NUMBER, t.aggressorSide.wireValue());
        out.bytesField(Trade.TRADE_ID_FIELD_NUMBER, t.tradeId);
        out.endMessage(mark);
    }

    private void writeQuote(QuoteFields q) {
        final int mark = out.beginMessage(Envelope.QUOTE_FIELD_NUMBER);
        out.bytesField(Quote.SYMBOL_FIELD_NUMBER, q.symbol);
        out.decimalField(Quote.BID_PRICE_FIELD_NUMBER, q.bidPrice);
        out.decimalField(Quote.BID_SIZE_FIELD_NUMBER, q.bidSize);
        out.decimalField(Quote.ASK_PRICE_FIELD_NUMBER, q.askPrice);
        out.decimalField(Quote.ASK_SIZE_FIELD_NUMBER, q.askSize);
        out.endMessage(mark);
    }

    private void writeBook(BookFields b) {
        final int mark = out.beginMessage(Envelope.BOOK_UPDATE_FIELD_NUMBER);
        out.bytesField(BookUpdate.SYMBOL_FIELD_NUMBER, b.symbol);
        out.boolField(BookUpdate.SNAPSHOT_FIELD_NUMBER, b.snapshot);
        for (int i = 0; i < b.bidCount(); i++) {
            writeLevel(BookUpdate.BIDS_FIELD_NUMBER, b.bidPrice(i), b.bidSize(i));
        }
        for (int i = 0; i < b.askCount(); i++) {
            writeLevel(BookUpdate.ASKS_FIELD_NUMBER, b.askPrice(i), b.askSize(i));
        }
        out.int64Field(BookUpdate.FIRST_UPDATE_ID_FIELD_NUMBER, b.firstUpdateId);
        out.int64Field(BookUpdate.LAST_UPDATE_ID_FIELD_NUMBER, b.lastUpdateId);
        out.endMessage(mark);
    }

    private void writeLevel(int field, MutableDecimal price, MutableDecimal size) {
        final int mark = out.beginMessage(field);
        out.decimalField(PriceLevel.PRICE_FIELD_NUMBER, price);
        out.decimalField(PriceLevel.SIZE_FIELD_NUMBER, size);
        out.endMessage(mark);
    }

    private void writeTicker(TickerFields t) {
        final int mark = out.beginMessage(Envelope.TICKER_FIELD_NUMBER);
        out.bytesField(Ticker.SYMBOL_FIELD_NUMBER, t.symbol);
        out.decimalField(Ticker.LAST_PRICE_FIELD_NUMBER, t.lastPrice);
        out.decimalField(Ticker.OPEN_PRICE_FIELD_NUMBER, t.openPrice);
        out.decimalField(Ticker.HIGH_PRICE_FIELD_NUMBER, t.highPrice);
        out.decimalField(Ticker.LOW_PRICE_FIELD_NUMBER, t.lowPrice);
        out.decimalField(Ticker.VOLUME_FIELD_NUMBER, t.volume);
        out.decimalField(Ticker.QUOTE_VOLUME_FIELD_NUMBER, t.quoteVolume);
        out.decimalField(Ticker.BEST_BID_FIELD_NUMBER, t.bestBid);
        out.decimalField(Ticker.BEST_ASK_FIELD_NUMBER, t.bestAsk);
        out.endMessage(mark);
    }

    private void writeFix(FixFields f) {
        final int mark = out.beginMessage(Envelope.FIX_MESSAGE_FIELD_NUMBER);
        out.bytesField(FixMessage.MSG_TYPE_FIELD_NUMBER, f.msgType);
        for (int i = 0; i < f.count(); i++) {
            final int fieldMark = out.beginMessage(FixMessage.FIELDS_FIELD_NUMBER);
            out.int64Field(FixField.TAG_FIELD_NUMBER, f.tag(i));
            out.bytesField(FixField.VALUE_FIELD_NUMBER, f.buffer(), f.valueOffset(i), f.valueLength(i));
            out.endMessage(fieldMark);
        }
        out.endMessage(mark);
    }

    private void writeStatus(StatusFields s) {
        final int mark = out.beginMessage(Envelope.STATUS_FIELD_NUMBER);
        out.int64Field(StreamStatus.STATE_FIELD_NUMBER, s.state.getNumber());
        out.stringField(StreamStatus.REASON_FIELD_NUMBER, s.reason);
        out.int64Field(StreamStatus.EXPECTED_SEQ_FIELD_NUMBER, s.expectedSeq);
        out.int64Field(StreamStatus.RECEIVED_SEQ_FIELD_NUMBER, s.receivedSeq);
        out.int64Field(StreamStatus.COUNT_FIELD_NUMBER, s.count);
        out.endMessage(mark);
    }

    private void writeRaw(RawFields r) {
        final int mark = out.beginMessage(Envelope.RAW_FIELD_NUMBER);
        out.bytesField(Raw.FORMAT_FIELD_NUMBER, r.format);
        out.bytesField(Raw.DATA_FIELD_NUMBER, r.data);
        out.endMessage(mark);
    }
}
