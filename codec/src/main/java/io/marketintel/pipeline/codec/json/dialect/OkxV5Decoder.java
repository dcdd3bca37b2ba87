package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.KeyTable;
import org.agrona.DirectBuffer;

/**
 * {@code format: okx}: OKX API v5 public WebSocket channels. Channel {@code trades}: one Trade
 * per element of {@code data} ({@code px}, {@code sz}, taker {@code side}, {@code tradeId},
 * {@code ts} in ms, {@code seqId} as source sequence where sent). Channels {@code books},
 * {@code books5}, {@code bbo-tbt}, {@code books-l2-tbt}, {@code books50-l2-tbt}: one BookUpdate
 * from the single data element, levels [px, sz, "0", numOrders] of which price and size are
 * kept; {@code action} snapshot or update (channels without an action push whole books: a
 * snapshot); {@code prevSeqId}/{@code seqId} become first/last update id as the venue sent them
 * (a snapshot's prevSeqId is -1; the next update's prevSeqId equals this seqId), {@code seqId}
 * the source sequence. {@code event: subscribe/unsubscribe} and the plain-text {@code pong} are
 * CONTROL; {@code event: error} is a VENUE_ERROR status with code and msg.
 *
 * <p>Allocation-free per message except venue errors. Not thread-safe: one per source.
 */
public final class OkxV5Decoder extends VenueJsonDecoder {
    /** Most elements accepted in one {@code data} array. */
    public static final int MAX_ITEMS = 1_000;

    // Top level and arg.
    private final RowFiller tradeFiller = this::trade;
    private static final int EVENT = 0;
    private static final int CODE = 1;
    private static final int MSG = 2;
    private static final int ACTION = 3;
    private static final int CHANNEL = 4;
    private static final int INST_ID = 5;
    // Data elements (INST_ID also).
    private static final int TRADE_ID = 6;
    private static final int PX = 7;
    private static final int SZ = 8;
    private static final int SIDE = 9;
    private static final int TS = 10;
    private static final int SEQ_ID = 11;
    private static final int PREV_SEQ_ID = 12;
    private static final int SLOTS = 13;
    private static final int ARG = 13;
    private static final int DATA = 14;
    private static final int ASKS = 15;
    private static final int BIDS = 16;
    private static final KeyTable KEYS = new KeyTable(
            "event", "code", "msg", "action", "channel", "instId",
            "tradeId", "px", "sz", "side", "ts", "seqId", "prevSeqId",
            "arg", "data", "asks", "bids");

    private static final byte[] PONG = JsonValueReader.ascii("pong");
    private static final byte[] TRADES = JsonValueReader.ascii("trades");
    private static final byte[][] BOOK_CHANNELS = {
        JsonValueReader.ascii("books"), JsonValueReader.ascii("books5"), JsonValueReader.ascii("bbo-tbt"),
        JsonValueReader.ascii("books-l2-tbt"), JsonValueReader.ascii("books50-l2-tbt")};
    private static final byte[] SUBSCRIBE = JsonValueReader.ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = JsonValueReader.ascii("unsubscribe");
    private static final byte[] ERROR = JsonValueReader.ascii("error");
    private static final byte[] UPDATE = JsonValueReader.ascii("update");
    private static final int MILLIS = 6;

    private final CapturedValues message = new CapturedValues(1, SLOTS);
    private final CapturedValues items = new CapturedValues(MAX_ITEMS, SLOTS);
    private final MutableDecimal levelPrice = new MutableDecimal();
    private final MutableDecimal levelSize = new MutableDecimal();
    private int dataElements;

    public OkxV5Decoder() {
        super(KEYS);
    }

    /** An update's {@code prevSeqId} is the previous {@code seqId} of its book; subscribing sends a snapshot. */
    @Override
    public BookUpdateChain bookUpdateChain() {
        return BookUpdateChain.LINKED_SNAPSHOT_ON_SUBSCRIBE;
    }

    @Override
    protected DecodeOutcome decodePlainText(DirectBuffer buffer, int offset, int length) {
        // OKX answers the text "ping" keep-alive with the bare text "pong", not JSON.
        int start = offset;
        int end = offset + length;
        while (start < end && buffer.getByte(start) <= ' ') {
            start++;
        }
        while (end > start && buffer.getByte(end - 1) <= ' ') {
            end--;
        }
        return values.bytesEqual(start, end - start, PONG) ? DecodeOutcome.CONTROL : null;
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
        } else if (depth == 5 && !object && isLevelArray(4)) {
            levelPrice.clear();
            levelSize.clear();
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (depth == 5 && !object && isLevelArray(4)) {
            addLevel(memberKey(4) == BIDS, levelPrice, levelSize);
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == 1 && key >= EVENT && key <= ACTION) {
            capture(message, 0, key, token);
        } else if (depth == 2 && (key == CHANNEL || key == INST_ID) && memberKey(2) == ARG) {
            capture(message, 0, key, token);
        } else if (depth == 3 && key >= INST_ID && key < SLOTS && memberKey(2) == DATA) {
            capture(items, elementIndex(2), key, token);
        } else if (depth == 5 && key == ELEMENT && isLevelArray(4)) {
            if (elementIndex(5) == 0) {
                levelValue(token, levelPrice);
            } else if (elementIndex(5) == 1) {
                levelValue(token, levelSize);
            }
        }
    }

    private boolean isLevelArray(int depth) {
        return (memberKey(depth) == ASKS || memberKey(depth) == BIDS) && memberKey(2) == DATA;
    }

    @Override
    protected DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler) {
        if (message.isPresent(0, EVENT)) {
            if (values.equals(message, 0, EVENT, ERROR)) {
                return emitVenueError(event, handler,
                        "code " + values.string(message, 0, CODE) + ": " + values.string(message, 0, MSG));
            }
            return values.equals(message, 0, EVENT, SUBSCRIBE) || values.equals(message, 0, EVENT, UNSUBSCRIBE)
                    ? DecodeOutcome.CONTROL : DecodeOutcome.UNMAPPED;
        }
        if (values.equals(message, 0, CHANNEL, TRADES)) {
            return trades(event, handler);
        }
        for (final byte[] channel : BOOK_CHANNELS) {
            if (values.equals(message, 0, CHANNEL, channel)) {
                return book(event, handler);
            }
        }
        return DecodeOutcome.UNMAPPED;
    }

    private DecodeOutcome trades(CanonicalEvent event, CanonicalEventHandler handler) {
        return publishRows(dataElements, tradeFiller, event, handler);
    }

    private boolean trade(CanonicalEvent event, int row) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!symbol(row, trade.symbol)
                || !values.decimal(items, row, PX, trade.price)
                || !values.decimal(items, row, SZ, trade.size)
                || (items.isPresent(row, TRADE_ID) && !values.text(items, row, TRADE_ID, trade.tradeId, 1))) {
            return false;
        }
        return buySellSide(items, row, SIDE, trade) && header(event, row);
    }

    private DecodeOutcome book(CanonicalEvent event, CanonicalEventHandler handler) {
        if (dataElements != 1) {
            return DecodeOutcome.UNMAPPED;
        }
        book().snapshot = !values.equals(message, 0, ACTION, UPDATE);
        if (!symbol(0, event.book.symbol) || !header(event, 0)
                || !values.text(message, 0, CHANNEL, event.book.channel, 1)) {
            return DecodeOutcome.MALFORMED;
        }
        if (items.isPresent(0, PREV_SEQ_ID)) {
            final long previous = values.wholeNumber(items, 0, PREV_SEQ_ID);
            if (previous == JsonValueReader.NOT_A_NUMBER) {
                return DecodeOutcome.MALFORMED;
            }
            event.book.firstUpdateId = previous;
        }
        event.book.lastUpdateId = event.sourceSeq();
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    /** The element's instId, else the subscription's (book elements do not repeat it). */
    private boolean symbol(int row, ByteSlice out) {
        return items.isPresent(row, INST_ID)
                ? values.text(items, row, INST_ID, out, 0)
                : values.text(message, 0, INST_ID, out, 0);
    }

    private boolean header(CanonicalEvent event, int row) {
        if (items.isPresent(row, TS)) {
            final long nanos = values.epochNanos(items, row, TS, MILLIS);
            if (nanos == JsonValueReader.NOT_A_NUMBER) {
                return false;
            }
            event.exchangeTimeNs(nanos);
        }
        if (items.isPresent(row, SEQ_ID)) {
            final long seq = values.wholeNumber(items, row, SEQ_ID);
            if (seq == JsonValueReader.NOT_A_NUMBER) {
                return false;
            }
            event.sourceSeq(seq);
        }
        return true;
    }
}
