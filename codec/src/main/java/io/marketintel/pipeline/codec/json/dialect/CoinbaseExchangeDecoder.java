package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TickerFields;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.KeyTable;

/**
 * {@code format: coinbase}: the Coinbase Exchange WebSocket feed ({@code ws-feed.exchange.coinbase.com}).
 * {@code match} and {@code last_match} become a Trade: the feed's {@code side} is the maker's, so
 * the aggressor is the opposite side; {@code sequence} is the source sequence. {@code ticker}
 * becomes a Quote (best bid/ask and sizes) followed by a Ticker (last, 24h open/high/low/volume),
 * both with the ticker's sequence. {@code l2update} ({@code changes}: [side, price, size]) and
 * {@code snapshot} ({@code bids}/{@code asks}: [price, size]) become a BookUpdate, not a snapshot
 * and a snapshot respectively. Times are the ISO-8601 {@code time}. {@code subscriptions} and
 * {@code heartbeat} are CONTROL; {@code error} is a VENUE_ERROR status with message and reason.
 *
 * <p>Allocation-free per message except venue errors. Not thread-safe: one per source.
 */
public final class CoinbaseExchangeDecoder extends VenueJsonDecoder {
    private static final int TYPE = 0;
    private static final int PRODUCT_ID = 1;
    private static final int TRADE_ID = 2;
    private static final int SEQUENCE = 3;
    private static final int TIME = 4;
    private static final int SIZE = 5;
    private static final int PRICE = 6;
    private static final int SIDE = 7;
    private static final int BEST_BID = 8;
    private static final int BEST_BID_SIZE = 9;
    private static final int BEST_ASK = 10;
    private static final int BEST_ASK_SIZE = 11;
    private static final int OPEN_24H = 12;
    private static final int VOLUME_24H = 13;
    private static final int LOW_24H = 14;
    private static final int HIGH_24H = 15;
    private static final int MESSAGE = 16;
    private static final int REASON = 17;
    private static final int SLOTS = 18;
    private static final int CHANGES = 18;
    private static final int BIDS = 19;
    private static final int ASKS = 20;
    private static final KeyTable KEYS = new KeyTable(
            "type", "product_id", "trade_id", "sequence", "time", "size", "price", "side",
            "best_bid", "best_bid_size", "best_ask", "best_ask_size",
            "open_24h", "volume_24h", "low_24h", "high_24h", "message", "reason",
            "changes", "bids", "asks");

    private static final byte[] MATCH = JsonValueReader.ascii("match");
    private static final byte[] LAST_MATCH = JsonValueReader.ascii("last_match");
    private static final byte[] TICKER = JsonValueReader.ascii("ticker");
    private static final byte[] L2UPDATE = JsonValueReader.ascii("l2update");
    private static final byte[] SNAPSHOT = JsonValueReader.ascii("snapshot");
    private static final byte[] SUBSCRIPTIONS = JsonValueReader.ascii("subscriptions");
    private static final byte[] HEARTBEAT = JsonValueReader.ascii("heartbeat");
    private static final byte[] ERROR = JsonValueReader.ascii("error");
    private static final byte[] BUY = JsonValueReader.ascii("buy");
    private static final byte[] SELL = JsonValueReader.ascii("sell");

    private final CapturedValues fields = new CapturedValues(1, SLOTS);
    private final MutableDecimal levelPrice = new MutableDecimal();
    private final MutableDecimal levelSize = new MutableDecimal();
    private int levelSide;

    public CoinbaseExchangeDecoder() {
        super(KEYS);
    }

    @Override
    protected void startFrame() {
        fields.clear();
    }

    @Override
    protected void onStart(int depth, boolean object) {
        if (!object && depth == 3 && isLevelArray()) {
            levelPrice.clear();
            levelSize.clear();
            levelSide = memberKey(2) == BIDS ? 1 : memberKey(2) == ASKS ? -1 : 0;
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (!object && depth == 3 && isLevelArray()) {
            if (levelSide == 0) {
                fault();
            } else {
                addLevel(levelSide > 0, levelPrice, levelSize);
            }
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == 1 && key >= 0 && key < SLOTS) {
            capture(fields, 0, key, token);
        } else if (key == ELEMENT && depth == 3 && isLevelArray()) {
            // changes: [side, price, size]; bids/asks: [price, size].
            final int position = elementIndex(3) - (memberKey(2) == CHANGES ? 1 : 0);
            if (position == -1) {
                levelSide = tokenEquals(token, BUY) ? 1 : tokenEquals(token, SELL) ? -1 : 0;
            } else if (position == 0) {
                levelValue(token, levelPrice);
            } else if (position == 1) {
                levelValue(token, levelSize);
            }
        }
    }

    private boolean isLevelArray() {
        final int key = memberKey(2);
        return key == CHANGES || key == BIDS || key == ASKS;
    }

    @Override
    protected DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler) {
        if (values.equals(fields, 0, TYPE, MATCH) || values.equals(fields, 0, TYPE, LAST_MATCH)) {
            return match(event, handler);
        }
        if (values.equals(fields, 0, TYPE, TICKER)) {
            return ticker(event, handler);
        }
        if (values.equals(fields, 0, TYPE, L2UPDATE) || values.equals(fields, 0, TYPE, SNAPSHOT)) {
            return book(event, handler, values.equals(fields, 0, TYPE, SNAPSHOT));
        }
        if (values.equals(fields, 0, TYPE, SUBSCRIPTIONS) || values.equals(fields, 0, TYPE, HEARTBEAT)) {
            return DecodeOutcome.CONTROL;
        }
        if (values.equals(fields, 0, TYPE, ERROR)) {
            final String reason = values.string(fields, 0, REASON);
            return emitVenueError(event, handler,
                    values.string(fields, 0, MESSAGE) + (reason.isEmpty() ? "" : ": " + reason));
        }
        return DecodeOutcome.UNMAPPED;
    }

    private DecodeOutcome match(CanonicalEvent event, CanonicalEventHandler handler) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!values.text(fields, 0, PRODUCT_ID, trade.symbol, 0)
                || !values.decimal(fields, 0, PRICE, trade.price)
                || !values.decimal(fields, 0, SIZE, trade.size)) {
            return DecodeOutcome.MALFORMED;
        }
        // The feed's side is the maker order's: a resting sell was hit by a buyer.
        if (values.equals(fields, 0, SIDE, SELL)) {
            trade.aggressorSide = Side.BUY;
        } else if (values.equals(fields, 0, SIDE, BUY)) {
            trade.aggressorSide = Side.SELL;
        } else {
            return DecodeOutcome.MALFORMED;
        }
        if (fields.isPresent(0, TRADE_ID) && !values.text(fields, 0, TRADE_ID, trade.tradeId, 1)) {
            return DecodeOutcome.MALFORMED;
        }
        return header(event) ? emit(event, handler) : DecodeOutcome.MALFORMED;
    }

    private DecodeOutcome ticker(CanonicalEvent event, CanonicalEventHandler handler) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        if (!values.text(fields, 0, PRODUCT_ID, quote.symbol, 0)
                || !values.optionalDecimal(fields, 0, BEST_BID, quote.bidPrice)
                || !values.optionalDecimal(fields, 0, BEST_BID_SIZE, quote.bidSize)
                || !values.optionalDecimal(fields, 0, BEST_ASK, quote.askPrice)
                || !values.optionalDecimal(fields, 0, BEST_ASK_SIZE, quote.askSize)
                || !header(event)) {
            return DecodeOutcome.MALFORMED;
        }
        // ticker_batch drops the bid/ask fields: then there is no quote to publish.
        if (quote.bidPrice.isPresent() || quote.askPrice.isPresent()) {
            handler.onEvent(event);
        }
        final TickerFields ticker = event.begin(EventKind.TICKER).ticker;
        if (!values.text(fields, 0, PRODUCT_ID, ticker.symbol, 0)
                || !values.optionalDecimal(fields, 0, PRICE, ticker.lastPrice)
                || !values.optionalDecimal(fields, 0, OPEN_24H, ticker.openPrice)
                || !values.optionalDecimal(fields, 0, HIGH_24H, ticker.highPrice)
                || !values.optionalDecimal(fields, 0, LOW_24H, ticker.lowPrice)
                || !values.optionalDecimal(fields, 0, VOLUME_24H, ticker.volume)
                || !values.optionalDecimal(fields, 0, BEST_BID, ticker.bestBid)
                || !values.optionalDecimal(fields, 0, BEST_ASK, ticker.bestAsk)
                || !header(event)) {
            return DecodeOutcome.MALFORMED;
        }
        return emit(event, handler);
    }

    private DecodeOutcome book(CanonicalEvent event, CanonicalEventHandler handler, boolean snapshot) {
        book().snapshot = snapshot;
        if (!values.text(fields, 0, PRODUCT_ID, event.book.symbol, 0) || !header(event)) {
            return DecodeOutcome.MALFORMED;
        }
        return emit(event, handler);
    }

    /** Exchange time and sequence where the message has them; false when present but bad. */
    private boolean header(CanonicalEvent event) {
        if (fields.isPresent(0, TIME)) {
            final long nanos = values.isoEpochNanos(fields, 0, TIME);
            if (nanos == JsonValueReader.NOT_A_NUMBER) {
                return false;
            }
            event.exchangeTimeNs(nanos);
        }
        if (fields.isPresent(0, SEQUENCE)) {
            final long sequence = values.wholeNumber(fields, 0, SEQUENCE);
            if (sequence == JsonValueReader.NOT_A_NUMBER) {
                return false;
            }
            event.sourceSeq(sequence);
        }
        return true;
    }

    private static DecodeOutcome emit(CanonicalEvent event, CanonicalEventHandler handler) {
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }
}
