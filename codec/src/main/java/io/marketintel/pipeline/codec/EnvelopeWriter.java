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
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a {@link CanonicalEvent} as the canonical {@code Envelope}, with the field numbers of
 * the generated classes. The generated classes stay the reference: tests parse what this writes
 * with them, and the benchmarks check byte equality with the generated builders' output.
 *
 * <p>One forward pass in the {@link ProtoWriter}'s scratch. {@link #encode} leaves the envelope
 * there ({@link #encoded()}) for a caller that copies it once, to where it goes (the pipeline's
 * hand-off); {@link #write} copies it to the caller's buffer. Each payload states an upper bound
 * of its body (constant work, from counts and lengths), which reserves the room for its length.
 *
 * <p>Allocation-free except for status reasons. Not thread-safe: one per I/O thread or source.
 */
public final class EnvelopeWriter {
    /** The source id's tag and length, and five int64 header fields. */
    private static final int HEADER_MAX_BYTES = ProtoWriter.MAX_TAG_BYTES + 5 + 5 * ProtoWriter.MAX_INT64_FIELD_SIZE;
    private static final int DECIMAL = ProtoWriter.MAX_DECIMAL_FIELD_SIZE;
    private static final int INT64 = ProtoWriter.MAX_INT64_FIELD_SIZE;
    /** A price level: tag, one length byte, two decimals (48 bytes at most, so one length byte). */
    private static final int LEVEL = ProtoWriter.MAX_TAG_BYTES + 1 + 2 * DECIMAL;
    private static final byte[] NO_REASON = new byte[0];

    private final ProtoWriter out = new ProtoWriter();
    private byte[] statusReason = NO_REASON;

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
        final int length = encode(sourceId, ingestSeq, receiveTimeNs, publishTimeNs, event);
        out.copyTo(buffer, offset);
        return length;
    }

    /**
     * Encodes one envelope into this writer's scratch and returns its length in bytes: the
     * envelope is then the first that many bytes of {@link #encoded()}, until the next {@code encode} or {@code write}.
     *
     * @param sourceId the source id as UTF-8 bytes (encoded once per source)
     */
    public int encode(ByteSlice sourceId, long ingestSeq, long receiveTimeNs, long publishTimeNs, CanonicalEvent event) {
        final int maxPayloadBody = maxPayloadBodySize(event);
        out.reset(HEADER_MAX_BYTES + sourceId.length() + ProtoWriter.maxMessageFieldSize(maxPayloadBody));
        out.bytesField(Envelope.SOURCE_ID_FIELD_NUMBER, sourceId);
        out.int64Field(Envelope.SOURCE_SEQ_FIELD_NUMBER, event.sourceSeq());
        out.int64Field(Envelope.INGEST_SEQ_FIELD_NUMBER, ingestSeq);
        out.int64Field(Envelope.EXCHANGE_TIME_NS_FIELD_NUMBER, event.exchangeTimeNs());
        out.int64Field(Envelope.RECEIVE_TIME_NS_FIELD_NUMBER, receiveTimeNs);
        out.int64Field(Envelope.PUBLISH_TIME_NS_FIELD_NUMBER, publishTimeNs);
        switch (event.kind()) {
            case TRADE -> writeTrade(event.trade, maxPayloadBody);
            case QUOTE -> writeQuote(event.quote, maxPayloadBody);
            case BOOK_UPDATE -> writeBook(event.book, maxPayloadBody);
            case TICKER -> writeTicker(event.ticker, maxPayloadBody);
            case FIX_MESSAGE -> writeFix(event.fix, maxPayloadBody);
            case STATUS -> writeStatus(event.status, maxPayloadBody);
            case RAW -> writeRaw(event.raw, maxPayloadBody);
            case NONE -> { }
        }
        return out.position();
    }

    /** The scratch the last {@link #encode} wrote into; its envelope starts at index 0. */
    public DirectBuffer encoded() {
        return out.written();
    }

    private int maxPayloadBodySize(CanonicalEvent event) {
        return switch (event.kind()) {
            case TRADE -> ProtoWriter.maxBytesFieldSize(event.trade.symbol.length()) + 2 * DECIMAL + INT64
                    + ProtoWriter.maxBytesFieldSize(event.trade.tradeId.length());
            case QUOTE -> ProtoWriter.maxBytesFieldSize(event.quote.symbol.length()) + 4 * DECIMAL;
            case BOOK_UPDATE -> ProtoWriter.maxBytesFieldSize(event.book.symbol.length()) + INT64 + 2 * INT64
                    + (event.book.bidCount() + event.book.askCount()) * LEVEL;
            case TICKER -> ProtoWriter.maxBytesFieldSize(event.ticker.symbol.length()) + 8 * DECIMAL;
            case FIX_MESSAGE -> maxFixBodySize(event.fix);
            case STATUS -> maxStatusBodySize(event.status);
            case RAW -> ProtoWriter.maxBytesFieldSize(event.raw.format.length())
                    + ProtoWriter.maxBytesFieldSize(event.raw.data.length());
            case NONE -> 0;
        };
    }

    private void writeTrade(TradeFields t, int maxBody) {
        final int mark = out.beginMessage(Envelope.TRADE_FIELD_NUMBER, maxBody);
        out.bytesField(Trade.SYMBOL_FIELD_NUMBER, t.symbol);
        out.decimalField(Trade.PRICE_FIELD_NUMBER, t.price);
        out.decimalField(Trade.SIZE_FIELD_NUMBER, t.size);
        out.int64Field(Trade.AGGRESSOR_SIDE_FIELD_NUMBER, t.aggressorSide.wireValue());
        out.bytesField(Trade.TRADE_ID_FIELD_NUMBER, t.tradeId);
        out.endMessage(mark, maxBody);
    }

    private void writeQuote(QuoteFields q, int maxBody) {
        final int mark = out.beginMessage(Envelope.QUOTE_FIELD_NUMBER, maxBody);
        out.bytesField(Quote.SYMBOL_FIELD_NUMBER, q.symbol);
        out.decimalField(Quote.BID_PRICE_FIELD_NUMBER, q.bidPrice);
        out.decimalField(Quote.BID_SIZE_FIELD_NUMBER, q.bidSize);
        out.decimalField(Quote.ASK_PRICE_FIELD_NUMBER, q.askPrice);
        out.decimalField(Quote.ASK_SIZE_FIELD_NUMBER, q.askSize);
        out.endMessage(mark, maxBody);
    }

    private void writeBook(BookFields b, int maxBody) {
        final int mark = out.beginMessage(Envelope.BOOK_UPDATE_FIELD_NUMBER, maxBody);
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
        out.endMessage(mark, maxBody);
    }

    private void writeLevel(int field, MutableDecimal price, MutableDecimal size) {
        final int mark = out.beginSmallMessage(field); // two decimals: 48 bytes at most
        out.decimalField(PriceLevel.PRICE_FIELD_NUMBER, price);
        out.decimalField(PriceLevel.SIZE_FIELD_NUMBER, size);
        out.endSmallMessage(mark);
    }

    private void writeTicker(TickerFields t, int maxBody) {
        final int mark = out.beginMessage(Envelope.TICKER_FIELD_NUMBER, maxBody);
        out.bytesField(Ticker.SYMBOL_FIELD_NUMBER, t.symbol);
        out.decimalField(Ticker.LAST_PRICE_FIELD_NUMBER, t.lastPrice);
        out.decimalField(Ticker.OPEN_PRICE_FIELD_NUMBER, t.openPrice);
        out.decimalField(Ticker.HIGH_PRICE_FIELD_NUMBER, t.highPrice);
        out.decimalField(Ticker.LOW_PRICE_FIELD_NUMBER, t.lowPrice);
        out.decimalField(Ticker.VOLUME_FIELD_NUMBER, t.volume);
        out.decimalField(Ticker.QUOTE_VOLUME_FIELD_NUMBER, t.quoteVolume);
        out.decimalField(Ticker.BEST_BID_FIELD_NUMBER, t.bestBid);
        out.decimalField(Ticker.BEST_ASK_FIELD_NUMBER, t.bestAsk);
        out.endMessage(mark, maxBody);
    }

    private static int maxFixFieldBodySize(FixFields f, int i) {
        return INT64 + ProtoWriter.maxBytesFieldSize(f.valueLength(i));
    }

    private static int maxFixBodySize(FixFields f) {
        int size = ProtoWriter.maxBytesFieldSize(f.msgType.length());
        for (int i = 0; i < f.count(); i++) {
            size += ProtoWriter.maxMessageFieldSize(maxFixFieldBodySize(f, i));
        }
        return size;
    }

    private void writeFix(FixFields f, int maxBody) {
        final int mark = out.beginMessage(Envelope.FIX_MESSAGE_FIELD_NUMBER, maxBody);
        out.bytesField(FixMessage.MSG_TYPE_FIELD_NUMBER, f.msgType);
        for (int i = 0; i < f.count(); i++) {
            final int maxFieldBody = maxFixFieldBodySize(f, i);
            final int fieldMark = out.beginMessage(FixMessage.FIELDS_FIELD_NUMBER, maxFieldBody);
            out.int64Field(FixField.TAG_FIELD_NUMBER, f.tag(i));
            out.bytesField(FixField.VALUE_FIELD_NUMBER, f.buffer(), f.valueOffset(i), f.valueLength(i));
            out.endMessage(fieldMark, maxFieldBody);
        }
        out.endMessage(mark, maxBody);
    }

    private int maxStatusBodySize(StatusFields s) {
        // Status events are rare state changes: their reason is encoded here, once per event.
        statusReason = s.reason == null ? NO_REASON : s.reason.getBytes(StandardCharsets.UTF_8);
        return INT64 + ProtoWriter.maxBytesFieldSize(statusReason.length) + 3 * INT64;
    }

    private void writeStatus(StatusFields s, int maxBody) {
        final int mark = out.beginMessage(Envelope.STATUS_FIELD_NUMBER, maxBody);
        out.int64Field(StreamStatus.STATE_FIELD_NUMBER, s.state.getNumber());
        out.bytesField(StreamStatus.REASON_FIELD_NUMBER, statusReason);
        out.int64Field(StreamStatus.EXPECTED_SEQ_FIELD_NUMBER, s.expectedSeq);
        out.int64Field(StreamStatus.RECEIVED_SEQ_FIELD_NUMBER, s.receivedSeq);
        out.int64Field(StreamStatus.COUNT_FIELD_NUMBER, s.count);
        out.endMessage(mark, maxBody);
    }

    private void writeRaw(RawFields r, int maxBody) {
        final int mark = out.beginMessage(Envelope.RAW_FIELD_NUMBER, maxBody);
        out.bytesField(Raw.FORMAT_FIELD_NUMBER, r.format);
        out.bytesField(Raw.DATA_FIELD_NUMBER, r.data);
        out.endMessage(mark, maxBody);
    }
}
