package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;

/**
 * {@link BinanceSpotDecoder} as it was before it read frames with pull reads: the same
 * interpretation driven by the base decoder's generic path tracking ({@code onStart}, {@code
 * onScalar}, {@code onEnd}). Kept in the tests only as the reference the pull reader is compared
 * with, frame by frame, in {@link BinanceSpotDecoderEquivalenceTest}.
 */
final class PathTrackingBinanceDecoder extends VenueJsonDecoder {
    private static final int E = 0;
    private static final int EVENT_TIME = 1;
    private static final int S = 2;
    private static final int T = 3;
    private static final int A = 4;
    private static final int P = 5;
    private static final int Q = 6;
    private static final int TRADE_TIME = 7;
    private static final int M = 8;
    private static final int FIRST_ID = 9;
    private static final int LAST_ID = 10;
    private static final int B = 11;
    private static final int BID_QTY = 12;
    private static final int ASK_QTY = 13;
    private static final int RESULT = 14;
    private static final int ID = 15;
    private static final int CODE = 16;
    private static final int MSG = 17;
    private static final int DATA = 18;
    private static final int ERROR = 19;
    private static final int SLOTS = 18;
    private static final KeyTable KEYS = new KeyTable(
            "e", "E", "s", "t", "a", "p", "q", "T", "m", "U", "u", "b", "B", "A",
            "result", "id", "code", "msg", "data", "error");

    private static final byte[] TRADE = JsonValueReader.ascii("trade");
    private static final byte[] AGG_TRADE = JsonValueReader.ascii("aggTrade");
    private static final byte[] DEPTH_UPDATE = JsonValueReader.ascii("depthUpdate");
    private static final int MILLIS = 6;

    private final CapturedValues fields = new CapturedValues(1, SLOTS);
    private final MutableDecimal levelPrice = new MutableDecimal();
    private final MutableDecimal levelSize = new MutableDecimal();
    private int payloadDepth;

    PathTrackingBinanceDecoder() {
        super(KEYS);
    }

    @Override
    protected void startFrame() {
        fields.clear();
        payloadDepth = 1;
    }

    @Override
    protected void onStart(int depth, boolean object) {
        // A combined stream wraps the raw payload one level down, under "data".
        if (depth == 2 && object && memberKey(2) == DATA) {
            payloadDepth = 2;
        } else if (!object && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            levelPrice.clear();
            levelSize.clear();
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (!object && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            addLevel(memberKey(depth - 1) == B, levelPrice, levelSize);
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == payloadDepth && key >= 0 && key < SLOTS) {
            capture(fields, 0, key, token);
        } else if ((key == CODE || key == MSG) && depth == 2 && memberKey(2) == ERROR) {
            capture(fields, 0, key, token);
        } else if (key == ELEMENT && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            // [price, quantity] and, in old frames, a trailing ignored element.
            final int position = elementIndex(depth);
            if (position == 0) {
                levelValue(token, levelPrice);
            } else if (position == 1) {
                levelValue(token, levelSize);
            }
        }
    }

    private boolean isLevelArray(int depth) {
        return depth == payloadDepth + 1 && (memberKey(depth) == B || memberKey(depth) == A);
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
