package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.JsonTokenizer;
import io.marketintel.pipeline.codec.json.KeyTable;
import org.agrona.DirectBuffer;

/**
 * {@code format: binance}: Binance spot market streams, raw ({@code /ws/<stream>}) or combined
 * ({@code {"stream":..,"data":{..}}}). {@code trade} and {@code aggTrade} become a Trade (the
 * aggressor is SELL when the buyer is the maker, {@code m=true}; trade id {@code t} or {@code a};
 * exchange time {@code T}); {@code bookTicker} (no event type, recognised by its fields) a Quote
 * with {@code u} as source sequence; {@code depthUpdate} a BookUpdate (not a snapshot) with
 * {@code U}/{@code u} as first/last update id, {@code u} as source sequence and {@code E} as
 * exchange time. A request response ({@code {"result":..,"id":..}}) is CONTROL; an error
 * ({@code {"code":..,"msg":..}} or {@code {"error":{"code":..,"msg":..}}}) is a VENUE_ERROR status.
 *
 * <p>Trades, aggregate trades and depth updates in the compact shape Binance sends are read by a
 * fast path ({@link BinanceCompactFrameReader}) that matches that shape byte for byte and hands
 * anything else to the general pass, which thus still defines every outcome. The general pass
 * pulls the frame ({@link #readObject}) rather than walking it token by token through the base
 * decoder's path tracking, and parses book levels with {@link JsonTokenizer#nextDecimal} as their
 * strings are scanned: a depth update is mostly levels.
 *
 * <p>Allocation-free per message except venue errors. Not thread-safe: one per source.
 */
// Not final only so that the tests' path-tracking reference (PathTrackingBinanceDecoder) can read
// frames the old way with this class's interpretation; the constants and state below are
// package-private for it.
public class BinanceSpotDecoder extends VenueJsonDecoder {
    static final int E = 0;
    static final int EVENT_TIME = 1;
    static final int S = 2;
    static final int T = 3;
    static final int A = 4;
    static final int P = 5;
    static final int Q = 6;
    static final int TRADE_TIME = 7;
    static final int M = 8;
    static final int FIRST_ID = 9;
    static final int LAST_ID = 10;
    static final int B = 11;
    static final int BID_QTY = 12;
    static final int ASK_QTY = 13;
    static final int RESULT = 14;
    static final int ID = 15;
    static final int CODE = 16;
    static final int MSG = 17;
    static final int DATA = 18;
    static final int ERROR = 19;
    static final int SLOTS = 18;
    private static final KeyTable KEYS = new KeyTable(
            "e", "E", "s", "t", "a", "p", "q", "T", "m", "U", "u", "b", "B", "A",
            "result", "id", "code", "msg", "data", "error");

    private static final byte[] TRADE = JsonValueReader.ascii("trade");
    private static final byte[] AGG_TRADE = JsonValueReader.ascii("aggTrade");
    private static final byte[] DEPTH_UPDATE = JsonValueReader.ascii("depthUpdate");
    private static final int MILLIS = 6;

    private final BinanceCompactFrameReader compact = new BinanceCompactFrameReader();
    final CapturedValues fields = new CapturedValues(1, SLOTS);
    final MutableDecimal levelPrice = new MutableDecimal();
    final MutableDecimal levelSize = new MutableDecimal();
    int payloadDepth;

    public BinanceSpotDecoder() {
        super(KEYS);
    }

    /** A depthUpdate's {@code U} follows the previous one's {@code u} of the same symbol. */
    @Override
    public BookUpdateChain bookUpdateChain() {
        return BookUpdateChain.CONSECUTIVE;
    }

    /**
     * Trades and depth updates as Binance sends them are read by {@link BinanceCompactFrameReader}
     * without the tokenizer; it hands any other frame back to the general pass below.
     */
    @Override
    protected DecodeOutcome decodeUsualShape(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        return compact.decode(buffer, offset, length, event, handler);
    }

    @Override
    protected void startFrame() {
        fields.clear();
        payloadDepth = 1;
    }

    /**
     * Pulls the frame instead of tracking the path of every token: the payload's members (the
     * top-level object, or a combined stream's {@code "data"} object) are captured, and the levels
     * of {@code b} / {@code a} are read with {@link JsonTokenizer#nextDecimal} straight into the
     * book. Any other container is walked by the same rules, so an odd frame is read as the
     * path-tracking rules of the base decoder would read it: the payload is at depth {@code
     * payloadDepth} (2 once a top-level {@code "data"} object opened), its scalar members are
     * captured, a nested {@code "error"} object's {@code code} and {@code msg} too, and a level
     * is an array two below the payload inside a container under {@code b} or {@code a}.
     */
    @Override
    protected void readObject(JsonTokenizer json) {
        readContainer(json, 1, true, ROOT);
    }

    /**
     * Reads the contents of the container just opened at {@code depth}, which sits under {@code
     * key} in its parent, through its end; false at an ERROR.
     */
    private boolean readContainer(JsonTokenizer json, int depth, boolean object, int key) {
        if (!object) {
            for (JsonToken token = json.next(); token != JsonToken.END_ARRAY; token = json.next()) {
                if (!value(json, depth, key, ELEMENT, token)) {
                    return false;
                }
            }
            return true;
        }
        for (JsonToken token = json.next(); token != JsonToken.END_OBJECT; token = json.next()) {
            if (token != JsonToken.KEY) {
                return false; // ERROR: a key or the end is all the tokenizer lets through here
            }
            final int member = keyId(json);
            if (!value(json, depth, key, member, json.next())) {
                return false;
            }
        }
        return true;
    }

    /**
     * One value, whose first token has been read, inside the container at {@code depth} (under
     * {@code containerKey}): {@code member} is its key id, or {@link #ELEMENT} in an array.
     */
    private boolean value(JsonTokenizer json, int depth, int containerKey, int member, JsonToken token) {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                final boolean object = token == JsonToken.START_OBJECT;
                if (depth == 1 && object && member == DATA) {
                    // A combined stream wraps the raw payload one level down.
                    payloadDepth = 2;
                }
                if (!object && depth == payloadDepth + 1 && (containerKey == B || containerKey == A)) {
                    return readLevel(json, containerKey == B);
                }
                // Nothing is read from deeper than a level's elements: skip without looking.
                return depth >= payloadDepth + 2 ? skipValue(json, token)
                        : readContainer(json, depth + 1, object, member);
            }
            case ERROR -> {
                return false;
            }
            default -> {
                if (member >= 0 && (depth == payloadDepth && member < SLOTS
                        || depth == 2 && containerKey == ERROR && (member == CODE || member == MSG))) {
                    capture(fields, 0, member, token);
                }
                return true;
            }
        }
    }

    /**
     * A level, {@code [price, quantity]} and, in old frames, a trailing ignored element, whose
     * START_ARRAY has been read; through its END_ARRAY. A missing or non-decimal price or
     * quantity is a fault (the frame is then MALFORMED), as is a book already full.
     */
    private boolean readLevel(JsonTokenizer json, boolean bid) {
        JsonToken token = json.nextDecimal(levelPrice);
        if (token != JsonToken.END_ARRAY) {
            if (!endOfElement(json, token, levelPrice)) {
                return false;
            }
            token = json.nextDecimal(levelSize);
            if (token != JsonToken.END_ARRAY) {
                if (!endOfElement(json, token, levelSize)) {
                    return false;
                }
                while ((token = json.next()) != JsonToken.END_ARRAY) {
                    if (!skipValue(json, token)) {
                        return false;
                    }
                }
            }
        } else {
            levelSize.clear();
        }
        addLevel(bid, levelPrice, levelSize);
        return true;
    }

    /** Checks a level element just read: a scalar must be a decimal, a container is skipped (and leaves none). */
    private boolean endOfElement(JsonTokenizer json, JsonToken token, MutableDecimal decimal) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            return skipValue(json, token);
        }
        if (token == JsonToken.ERROR) {
            return false;
        }
        requireDecimal(decimal);
        return true;
    }

    @Override
    protected DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler) {
        if (fields.isPresent(0, E)) {
            if (values.equals(fields, 0, E, TRADE)) {
                return trade(event, handler, T);
            }
            if (values.equals(fields, 0, E, AGG_TRADE)) {
                return trade(event, handler, A);
            }
            if (values.equals(fields, 0, E, DEPTH_UPDATE)) {
                return depthUpdate(event, handler);
            }
            return DecodeOutcome.UNMAPPED;
        }
        if (fields.isPresent(0, MSG) || (fields.isPresent(0, CODE) && !fields.isPresent(0, RESULT))) {
            final String code = values.string(fields, 0, CODE);
            return emitVenueError(event, handler,
                    (code.isEmpty() ? "" : "code " + code + ": ") + values.string(fields, 0, MSG));
        }
        if (fields.isPresent(0, RESULT) || (fields.isPresent(0, ID) && payloadDepth == 1)) {
            return DecodeOutcome.CONTROL;
        }
        if (fields.isPresent(0, B) && fields.isPresent(0, A) && fields.isPresent(0, S)) {
            return bookTicker(event, handler);
        }
        return DecodeOutcome.UNMAPPED;
    }

    private DecodeOutcome trade(CanonicalEvent event, CanonicalEventHandler handler, int idSlot) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!values.text(fields, 0, S, trade.symbol, 0)
                || !values.decimal(fields, 0, P, trade.price)
                || !values.decimal(fields, 0, Q, trade.size)
                || !fields.isPresent(0, M)) {
            return DecodeOutcome.MALFORMED;
        }
        // m: "is the buyer the market maker?" The taker is then the seller.
        trade.aggressorSide = fields.type(0, M) == JsonToken.TRUE ? Side.SELL : Side.BUY;
        if (fields.isPresent(0, idSlot) && !values.text(fields, 0, idSlot, trade.tradeId, 1)) {
            return DecodeOutcome.MALFORMED;
        }
        if (!exchangeTime(event, fields.isPresent(0, TRADE_TIME) ? TRADE_TIME : EVENT_TIME)) {
            return DecodeOutcome.MALFORMED;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private DecodeOutcome depthUpdate(CanonicalEvent event, CanonicalEventHandler handler) {
        final long first = values.wholeNumber(fields, 0, FIRST_ID);
        final long last = values.wholeNumber(fields, 0, LAST_ID);
        book().snapshot = false;
        if (!values.text(fields, 0, S, event.book.symbol, 0)
                || first == JsonValueReader.NOT_A_NUMBER || last == JsonValueReader.NOT_A_NUMBER) {
            return DecodeOutcome.MALFORMED;
        }
        event.book.firstUpdateId = first;
        event.book.lastUpdateId = last;
        event.sourceSeq(last);
        if (!exchangeTime(event, EVENT_TIME)) {
            return DecodeOutcome.MALFORMED;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private DecodeOutcome bookTicker(CanonicalEvent event, CanonicalEventHandler handler) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        final long updateId = fields.isPresent(0, LAST_ID) ? values.wholeNumber(fields, 0, LAST_ID) : 0;
        if (!values.text(fields, 0, S, quote.symbol, 0)
                || !values.decimal(fields, 0, B, quote.bidPrice)
                || !values.decimal(fields, 0, A, quote.askPrice)
                || !values.optionalDecimal(fields, 0, BID_QTY, quote.bidSize)
                || !values.optionalDecimal(fields, 0, ASK_QTY, quote.askSize)
                || updateId == JsonValueReader.NOT_A_NUMBER) {
            return DecodeOutcome.MALFORMED;
        }
        event.sourceSeq(updateId);
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private boolean exchangeTime(CanonicalEvent event, int slot) {
        if (!fields.isPresent(0, slot)) {
            return true;
        }
        final long nanos = values.epochNanos(fields, 0, slot, MILLIS);
        event.exchangeTimeNs(nanos);
        return nanos != JsonValueReader.NOT_A_NUMBER;
    }
}
