package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.Utf8Text;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.KeyTable;

/**
 * {@code format: bitstamp}: Bitstamp WebSocket API v2 ({@code wss://ws.bitstamp.net}). Event
 * {@code trade} on a {@code live_trades_<pair>} channel becomes a Trade ({@code type} 0 is a buy,
 * 1 a sell, by the taker; {@code price_str}/{@code amount_str} preferred, the numbers otherwise);
 * event {@code data} on an {@code order_book_<pair>} channel, the venue's full top-100 book,
 * becomes a BookUpdate snapshot. The symbol is the pair as it appears in the channel name
 * ("btcusd"): Bitstamp sends it nowhere else. Exchange time is {@code microtimestamp}
 * (µs), else {@code timestamp} (s). Bitstamp sends no sequence numbers. The message's members may
 * come in any order ({@code data} usually comes first), which the capture-then-interpret scan
 * handles. {@code bts:subscription_succeeded}, {@code bts:unsubscription_succeeded} and
 * {@code bts:heartbeat} are CONTROL; {@code bts:error} and {@code bts:request_reconnect} are
 * VENUE_ERROR statuses.
 *
 * <p>Allocation-free per message except venue statuses. Not thread-safe: one per source.
 */
public final class BitstampV2Decoder extends VenueJsonDecoder {
    private static final int EVENT = 0;
    private static final int CHANNEL = 1;
    private static final int ID = 2;
    private static final int AMOUNT = 3;
    private static final int AMOUNT_STR = 4;
    private static final int PRICE = 5;
    private static final int PRICE_STR = 6;
    private static final int TYPE = 7;
    private static final int TIMESTAMP = 8;
    private static final int MICROTIMESTAMP = 9;
    private static final int CODE = 10;
    private static final int MESSAGE = 11;
    private static final int SLOTS = 12;
    private static final int DATA = 12;
    private static final int BIDS = 13;
    private static final int ASKS = 14;
    private static final KeyTable KEYS = new KeyTable(
            "event", "channel", "id", "amount", "amount_str", "price", "price_str", "type",
            "timestamp", "microtimestamp", "code", "message", "data", "bids", "asks");

    private static final byte[] TRADE = JsonValueReader.ascii("trade");
    private static final byte[] DATA_EVENT = JsonValueReader.ascii("data");
    private static final byte[] LIVE_TRADES = JsonValueReader.ascii("live_trades_");
    private static final byte[] ORDER_BOOK = JsonValueReader.ascii("order_book_");
    private static final byte[] SUBSCRIBED = JsonValueReader.ascii("bts:subscription_succeeded");
    private static final byte[] UNSUBSCRIBED = JsonValueReader.ascii("bts:unsubscription_succeeded");
    private static final byte[] HEARTBEAT = JsonValueReader.ascii("bts:heartbeat");
    private static final byte[] ERROR = JsonValueReader.ascii("bts:error");
    private static final byte[] RECONNECT = JsonValueReader.ascii("bts:request_reconnect");
    private static final int SECONDS = 9;
    private static final int MICROS = 3;

    private final CapturedValues fields = new CapturedValues(1, SLOTS);
    private final MutableDecimal levelPrice = new MutableDecimal();
    private final MutableDecimal levelSize = new MutableDecimal();

    public BitstampV2Decoder() {
        super(KEYS);
    }

    @Override
    protected void startFrame() {
        fields.clear();
    }

    @Override
    protected void onStart(int depth, boolean object) {
        if (depth == 4 && !object && isLevelArray()) {
            levelPrice.clear();
            levelSize.clear();
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (depth == 4 && !object && isLevelArray()) {
            addLevel(memberKey(3) == BIDS, levelPrice, levelSize);
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == 1 && (key == EVENT || key == CHANNEL)) {
            capture(fields, 0, key, token);
        } else if (depth == 2 && key > CHANNEL && key < SLOTS && memberKey(2) == DATA) {
            capture(fields, 0, key, token);
        } else if (depth == 4 && key == ELEMENT && isLevelArray()) {
            if (elementIndex(4) == 0) {
                levelValue(token, levelPrice);
            } else if (elementIndex(4) == 1) {
                levelValue(token, levelSize);
            }
        }
    }

    private boolean isLevelArray() {
        return (memberKey(3) == BIDS || memberKey(3) == ASKS) && memberKey(2) == DATA;
    }

    @Override
    protected DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler) {
        if (values.equals(fields, 0, EVENT, TRADE) && values.startsWith(fields, 0, CHANNEL, LIVE_TRADES)) {
            return trade(event, handler);
        }
        if (values.equals(fields, 0, EVENT, DATA_EVENT) && values.startsWith(fields, 0, CHANNEL, ORDER_BOOK)) {
            return orderBook(event, handler);
        }
        if (values.equals(fields, 0, EVENT, SUBSCRIBED) || values.equals(fields, 0, EVENT, UNSUBSCRIBED)
                || values.equals(fields, 0, EVENT, HEARTBEAT)) {
            return DecodeOutcome.CONTROL;
        }
        if (values.equals(fields, 0, EVENT, ERROR)) {
            final String code = values.string(fields, 0, CODE);
            return emitVenueError(event, handler,
                    (code.isEmpty() ? "" : "code " + code + ": ") + values.string(fields, 0, MESSAGE));
        }
        if (values.equals(fields, 0, EVENT, RECONNECT)) {
            return emitVenueError(event, handler, "bts:request_reconnect: the venue asks the client to reconnect");
        }
        return DecodeOutcome.UNMAPPED;
    }

    private DecodeOutcome trade(CanonicalEvent event, CanonicalEventHandler handler) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!pairOfChannel(LIVE_TRADES.length, trade.symbol)
                || !values.decimal(fields, 0, fields.isPresent(0, PRICE_STR) ? PRICE_STR : PRICE, trade.price)
                || !values.decimal(fields, 0, fields.isPresent(0, AMOUNT_STR) ? AMOUNT_STR : AMOUNT, trade.size)
                || (fields.isPresent(0, ID) && !values.text(fields, 0, ID, trade.tradeId, 1))) {
            return DecodeOutcome.MALFORMED;
        }
        final long type = values.wholeNumber(fields, 0, TYPE);
        if (type != 0 && type != 1) {
            return DecodeOutcome.MALFORMED;
        }
        trade.aggressorSide = type == 0 ? Side.BUY : Side.SELL;
        if (!exchangeTime(event)) {
            return DecodeOutcome.MALFORMED;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private DecodeOutcome orderBook(CanonicalEvent event, CanonicalEventHandler handler) {
        book().snapshot = true;
        if (!pairOfChannel(ORDER_BOOK.length, event.book.symbol) || !exchangeTime(event)) {
            return DecodeOutcome.MALFORMED;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    /**
     * Points {@code out} at the channel name after its prefix: the venue's pair. False when it is
     * not UTF-8 (it goes into a protobuf string, which a consumer's parser would refuse).
     */
    private boolean pairOfChannel(int prefixLength, ByteSlice out) {
        final int offset = fields.offset(0, CHANNEL) + prefixLength;
        final int length = fields.length(0, CHANNEL) - prefixLength;
        out.wrap(values.buffer(), offset, length);
        return Utf8Text.isValid(values.buffer(), offset, length);
    }

    private boolean exchangeTime(CanonicalEvent event) {
        final boolean micros = fields.isPresent(0, MICROTIMESTAMP);
        if (!micros && !fields.isPresent(0, TIMESTAMP)) {
            return true;
        }
        final long nanos = micros
                ? values.epochNanos(fields, 0, MICROTIMESTAMP, MICROS)
                : values.epochNanos(fields, 0, TIMESTAMP, SECONDS);
        event.exchangeTimeNs(nanos);
        return nanos != JsonValueReader.NOT_A_NUMBER;
    }
}
