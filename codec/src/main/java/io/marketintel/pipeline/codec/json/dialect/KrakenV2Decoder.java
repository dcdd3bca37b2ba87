package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.TickerFields;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.KeyTable;

/**
 * {@code format: kraken}: Kraken spot WebSocket v2 ({@code wss://ws.kraken.com/v2}). Channel
 * {@code trade}: one Trade per element of {@code data} (taker {@code side}, {@code trade_id},
 * RFC 3339 {@code timestamp}), snapshot and update alike. Channel {@code book}: one BookUpdate
 * from the single documented {@code data} element, {@code type} snapshot or update, levels
 * {@code {price, qty}} read exactly from their JSON numbers; the CRC32 {@code checksum} is
 * ignored (it checks a local book, which the pipeline does not keep). Channel {@code ticker}: a
 * Quote (bid/ask and quantities) then a Ticker (last, high, low, volume, bid, ask) per element.
 * Kraken v2 sends no sequence numbers, so source sequence stays 0. Channels {@code heartbeat}
 * and {@code status}, and method responses with {@code success: true} (or none, as for
 * {@code pong}) are CONTROL; {@code success: false} is a VENUE_ERROR status with {@code error}.
 *
 * <p>Allocation-free per message except venue errors. Not thread-safe: one per source.
 */
public final class KrakenV2Decoder extends VenueJsonDecoder {
    /** Most elements accepted in one {@code data} array; the trade snapshot holds 50. */
    public static final int MAX_ITEMS = 1_000;

    // Top-level members.
    private final RowFiller tradeFiller = this::trade;
    private static final int CHANNEL = 0;
    private static final int TYPE = 1;
    private static final int METHOD = 2;
    private static final int SUCCESS = 3;
    private static final int ERROR = 4;
    // Members of a data element.
    private static final int SYMBOL = 5;
    private static final int SIDE = 6;
    private static final int PRICE = 7;
    private static final int QTY = 8;
    private static final int TRADE_ID = 9;
    private static final int TIMESTAMP = 10;
    private static final int BID = 11;
    private static final int BID_QTY = 12;
    private static final int ASK = 13;
    private static final int ASK_QTY = 14;
    private static final int LAST = 15;
    private static final int VOLUME = 16;
    private static final int LOW = 17;
    private static final int HIGH = 18;
    private static final int SLOTS = 19;
    private static final int DATA = 19;
    private static final int BIDS = 20;
    private static final int ASKS = 21;
    private static final KeyTable KEYS = new KeyTable(
            "channel", "type", "method", "success", "error",
            "symbol", "side", "price", "qty", "trade_id", "timestamp",
            "bid", "bid_qty", "ask", "ask_qty", "last", "volume", "low", "high",
            "data", "bids", "asks");

    private static final byte[] TRADE = JsonValueReader.ascii("trade");
    private static final byte[] BOOK = JsonValueReader.ascii("book");
    private static final byte[] TICKER = JsonValueReader.ascii("ticker");
    private static final byte[] HEARTBEAT = JsonValueReader.ascii("heartbeat");
    private static final byte[] STATUS = JsonValueReader.ascii("status");
    private static final byte[] SNAPSHOT = JsonValueReader.ascii("snapshot");

    private final CapturedValues message = new CapturedValues(1, SLOTS);
    private final CapturedValues items = new CapturedValues(MAX_ITEMS, SLOTS);
    private final MutableDecimal levelPrice = new MutableDecimal();
    private final MutableDecimal levelSize = new MutableDecimal();
    private int dataElements;

    public KrakenV2Decoder() {
        super(KEYS);
    }

    @Override
    protected void startFrame() {
        message.clear();
        items.clear();
        dataElements = 0;
    }

    @Override
    protected void onStart(int depth, boolean object) {
        if (depth == 3 && object && memberKey(2) == DATA) {
            dataElements++;
        } else if (depth == 5 && object && isLevelArray(4)) {
            levelPrice.clear();
            levelSize.clear();
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (depth == 5 && object && isLevelArray(4)) {
            addLevel(memberKey(4) == BIDS, levelPrice, levelSize);
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == 1 && key >= 0 && key <= ERROR) {
            capture(message, 0, key, token);
        } else if (depth == 3 && key > ERROR && key < SLOTS && memberKey(2) == DATA) {
            capture(items, elementIndex(2), key, token);
        } else if (depth == 5 && isLevelArray(4)) {
            if (key == PRICE) {
                levelValue(token, levelPrice);
            } else if (key == QTY) {
                levelValue(token, levelSize);
            }
        }
    }

    /** Whether the container at {@code depth} is a bids/asks array of a data element. */
    private boolean isLevelArray(int depth) {
        return (memberKey(depth) == BIDS || memberKey(depth) == ASKS) && memberKey(2) == DATA;
    }

    @Override
    protected DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler) {
        if (message.isPresent(0, METHOD)) {
            if (message.type(0, SUCCESS) == JsonToken.FALSE) {
                return emitVenueError(event, handler, values.string(message, 0, METHOD) + ": "
                        + values.string(message, 0, ERROR));
            }
            return DecodeOutcome.CONTROL;
        }
        if (values.equals(message, 0, CHANNEL, TRADE)) {
            return trades(event, handler);
        }
        if (values.equals(message, 0, CHANNEL, BOOK)) {
            return book(event, handler);
        }
        if (values.equals(message, 0, CHANNEL, TICKER)) {
            return tickers(event, handler);
        }
        if (values.equals(message, 0, CHANNEL, HEARTBEAT) || values.equals(message, 0, CHANNEL, STATUS)) {
            return DecodeOutcome.CONTROL;
        }
        return DecodeOutcome.UNMAPPED;
    }

    private DecodeOutcome trades(CanonicalEvent event, CanonicalEventHandler handler) {
        return publishRows(dataElements, tradeFiller, event, handler);
    }

    private boolean trade(CanonicalEvent event, int row) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!values.text(items, row, SYMBOL, trade.symbol, 0)
                || !values.decimal(items, row, PRICE, trade.price)
                || !values.decimal(items, row, QTY, trade.size)
                || (items.isPresent(row, TRADE_ID) && !values.text(items, row, TRADE_ID, trade.tradeId, 1))) {
            return false;
        }
        return buySellSide(items, row, SIDE, trade) && timestamp(event, row);
    }

    private DecodeOutcome book(CanonicalEvent event, CanonicalEventHandler handler) {
        if (dataElements != 1) {
            // Documented as "always the first and only item": anything else is not understood.
            return DecodeOutcome.UNMAPPED;
        }
        book().snapshot = values.equals(message, 0, TYPE, SNAPSHOT);
        if (!values.text(items, 0, SYMBOL, event.book.symbol, 0) || !timestamp(event, 0)) {
            return DecodeOutcome.MALFORMED;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private DecodeOutcome tickers(CanonicalEvent event, CanonicalEventHandler handler) {
        for (int row = 0; row < dataElements; row++) {
            if (!quote(event, row) || !ticker(event, row)) {
                return DecodeOutcome.MALFORMED;
            }
        }
        for (int row = 0; row < dataElements; row++) {
            quote(event, row);
            handler.onEvent(event);
            ticker(event, row);
            handler.onEvent(event);
        }
        return dataElements == 0 ? DecodeOutcome.UNMAPPED : DecodeOutcome.DATA;
    }

    private boolean quote(CanonicalEvent event, int row) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        return values.text(items, row, SYMBOL, quote.symbol, 0)
                && values.optionalDecimal(items, row, BID, quote.bidPrice)
                && values.optionalDecimal(items, row, BID_QTY, quote.bidSize)
                && values.optionalDecimal(items, row, ASK, quote.askPrice)
                && values.optionalDecimal(items, row, ASK_QTY, quote.askSize)
                && timestamp(event, row);
    }

    private boolean ticker(CanonicalEvent event, int row) {
        final TickerFields ticker = event.begin(EventKind.TICKER).ticker;
        return values.text(items, row, SYMBOL, ticker.symbol, 0)
                && values.optionalDecimal(items, row, LAST, ticker.lastPrice)
                && values.optionalDecimal(items, row, HIGH, ticker.highPrice)
                && values.optionalDecimal(items, row, LOW, ticker.lowPrice)
                && values.optionalDecimal(items, row, VOLUME, ticker.volume)
                && values.optionalDecimal(items, row, BID, ticker.bestBid)
                && values.optionalDecimal(items, row, ASK, ticker.bestAsk)
                && timestamp(event, row);
    }

    private boolean timestamp(CanonicalEvent event, int row) {
        if (!items.isPresent(row, TIMESTAMP)) {
            return true;
        }
        final long nanos = values.isoEpochNanos(items, row, TIMESTAMP);
        event.exchangeTimeNs(nanos);
        return nanos != JsonValueReader.NOT_A_NUMBER;
    }
}
