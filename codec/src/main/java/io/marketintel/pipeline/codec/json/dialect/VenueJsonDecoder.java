package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.JsonTokenizer;
import io.marketintel.pipeline.codec.json.KeyTable;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import org.agrona.DirectBuffer;

/**
 * What every built-in venue dialect shares: one strict pass of a {@link JsonTokenizer} over the
 * frame that follows the path of each token (member key ids from a {@link KeyTable}, element
 * positions in arrays) and hands scalars and container bounds to the dialect, or that the
 * dialect drives itself with pull reads when it knows its venue's shape ({@link #readObject});
 * the tokenizer checks the whole frame either way; then, once the
 * frame is known to be complete valid JSON, {@link #finish} turns what was captured into events.
 * Nothing is emitted for a frame that turns out truncated or garbled. A dialect may also read
 * the one shape its venue usually sends with a fast path of its own ({@link #decodeUsualShape}),
 * which hands every other frame to this pass. Values are read with
 * {@link JsonValueReader}; book levels are parsed during the pass into the event's pre-allocated
 * {@link BookFields} (see {@link #book}).
 *
 * <p>Subclasses are allocation-free per frame except when they emit a venue error status. Not
 * thread-safe: one instance per source, used on that source's I/O thread.
 */
public abstract class VenueJsonDecoder implements MessageDecoder {
    /** The "key" of a value that is an element of an array rather than an object member. */
    protected static final int ELEMENT = -2;
    /** The "key" of the top-level value. */
    protected static final int ROOT = -3;

    protected final JsonValueReader values = new JsonValueReader();
    private final JsonTokenizer tokenizer;
    private final KeyTable keys;
    private final int[] memberKey;
    private final int[] elementIndex;
    private final boolean[] objectAt;
    private int pendingKey = ROOT;
    private boolean fault;
    private CanonicalEvent event;
    private boolean bookStarted;

    protected VenueJsonDecoder(KeyTable keys) {
        this.keys = keys;
        this.tokenizer = new JsonTokenizer(JsonTokenizer.DEFAULT_MAX_DEPTH);
        memberKey = new int[JsonTokenizer.DEFAULT_MAX_DEPTH + 1];
        elementIndex = new int[JsonTokenizer.DEFAULT_MAX_DEPTH + 1];
        objectAt = new boolean[JsonTokenizer.DEFAULT_MAX_DEPTH + 1];
    }

    @Override
    public final DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        this.event = event;
        bookStarted = false;
        fault = false;
        pendingKey = ROOT;
        values.wrap(buffer);
        final DecodeOutcome plain = decodePlainText(buffer, offset, length);
        if (plain != null) {
            return outcomeWithoutEvent(event, plain);
        }
        final DecodeOutcome fast = decodeUsualShape(buffer, offset, length, event, handler);
        if (fast != null) {
            return fast;
        }
        tokenizer.reset(buffer, offset, length);
        startFrame();
        final boolean object = tokenizer.next() == JsonToken.START_OBJECT;
        if (object) {
            readObject(tokenizer);
        }
        // Only objects carry venue messages; whatever the reader left (all of anything else) is
        // still scanned, so that garbage after a valid prefix is told apart from a well-formed
        // array, and a truncated frame is MALFORMED whatever the reader made of its start.
        JsonToken token;
        while ((token = tokenizer.next()) != JsonToken.END) {
            if (token == JsonToken.ERROR) {
                return outcomeWithoutEvent(event, DecodeOutcome.MALFORMED);
            }
        }
        if (!object) {
            return outcomeWithoutEvent(event, DecodeOutcome.UNMAPPED);
        }
        if (fault) {
            return outcomeWithoutEvent(event, DecodeOutcome.MALFORMED);
        }
        final DecodeOutcome outcome = finish(event, handler);
        return outcome == DecodeOutcome.DATA ? outcome : outcomeWithoutEvent(event, outcome);
    }

    /**
     * Reads the top-level object, whose {@code START_OBJECT} {@code json} has just returned, up
     * to its {@code END_OBJECT}, or stops at an {@code ERROR} (which the caller then reports).
     * By default every token goes through the path tracking here to {@link #onStart}, {@link
     * #onScalar} and {@link #onEnd}. A dialect that knows its venue's shape may instead pull the
     * values it wants itself, with typed reads such as {@link JsonTokenizer#nextDecimal} and the
     * helpers below ({@link #keyId}, {@link #capture}, {@link #skipValue}): the syntax checks
     * stay the tokenizer's, only the per-token bookkeeping goes.
     */
    protected void readObject(JsonTokenizer json) {
        trackPaths(json);
    }

    /** The default {@link #readObject}: every token through the path tracking to the callbacks. */
    protected final void trackPaths(JsonTokenizer json) {
        onToken(JsonToken.START_OBJECT);
        while (json.depth() > 0) {
            final JsonToken token = json.next();
            if (token == JsonToken.ERROR) {
                return;
            }
            onToken(token);
        }
    }

    private void onToken(JsonToken token) {
        final int depth = tokenizer.depth();
        switch (token) {
            case KEY -> pendingKey = tokenizer.hasEscapes()
                    ? KeyTable.UNKNOWN : keys.lookup(values.buffer(), tokenizer.tokenOffset(), tokenizer.tokenLength());
            case START_OBJECT, START_ARRAY -> {
                memberKey[depth] = keyOfValueIn(depth - 1);
                elementIndex[depth] = 0;
                objectAt[depth] = token == JsonToken.START_OBJECT;
                onStart(depth, objectAt[depth]);
            }
            case END_OBJECT, END_ARRAY -> {
                onEnd(depth + 1, token == JsonToken.END_OBJECT);
                afterValueIn(depth);
            }
            default -> {
                onScalar(depth, keyOfValueIn(depth), token);
                afterValueIn(depth);
            }
        }
    }

    private int keyOfValueIn(int containerDepth) {
        if (containerDepth == 0) {
            return ROOT;
        }
        if (!objectAt[containerDepth]) {
            return ELEMENT;
        }
        final int key = pendingKey;
        pendingKey = KeyTable.UNKNOWN;
        return key;
    }

    private void afterValueIn(int containerDepth) {
        if (containerDepth > 0 && !objectAt[containerDepth]) {
            elementIndex[containerDepth]++;
        }
    }

    /** Clears per-frame state before the scan. */
    protected abstract void startFrame();

    /** A container opened at {@code depth} (1 for the top-level object). */
    protected void onStart(int depth, boolean object) {
    }

    /** The container opened at {@code depth} closed. */
    protected void onEnd(int depth, boolean object) {
    }

    /**
     * A scalar inside the container at {@code depth}: the member {@code key} id (or {@link
     * KeyTable#UNKNOWN}), or {@link #ELEMENT} at position {@link #elementIndex(int)} of an array.
     */
    protected void onScalar(int depth, int key, JsonToken token) {
    }

    /** Interprets what the scan captured; called only for a complete, valid JSON object. */
    protected abstract DecodeOutcome finish(CanonicalEvent event, CanonicalEventHandler handler);

    /**
     * An optional fast path for the exact shape a venue actually sends (compact JSON, its key
     * order, its value types), tried before the general pass: the frame's outcome, having
     * published its event, or null to leave the frame to the general pass. The general pass
     * defines what every frame means, so a fast path must give up (null, having published
     * nothing) at the first byte it is not sure about, and whatever it left in {@code event} is
     * reset by the general pass. Same contract as the rest of the decoder: allocation-free, no
     * exceptions, one thread.
     */
    protected DecodeOutcome decodeUsualShape(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        return null;
    }

    /** A venue's non-JSON frame ("pong"), or null to decode the frame as JSON. */
    protected DecodeOutcome decodePlainText(DirectBuffer buffer, int offset, int length) {
        return null;
    }

    /** The key under which the container at {@code depth} sits in its parent, or {@link #ELEMENT}. */
    protected final int memberKey(int depth) {
        return memberKey[depth];
    }

    /** The position of the current element in the array open at {@code depth}. */
    protected final int elementIndex(int depth) {
        return elementIndex[depth];
    }

    /** The id of the KEY token just read, {@link KeyTable#UNKNOWN} for names not in the table or escaped. */
    protected final int keyId(JsonTokenizer json) {
        return json.hasEscapes() ? KeyTable.UNKNOWN
                : keys.lookup(values.buffer(), json.tokenOffset(), json.tokenLength());
    }

    /**
     * Consumes the rest of the value that {@code first} (just read) starts: nothing for a
     * scalar, everything up to the matching end for a container. False at an {@code ERROR}.
     */
    protected static boolean skipValue(JsonTokenizer json, JsonToken first) {
        if (first == JsonToken.ERROR) {
            return false;
        }
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
            return true;
        }
        final int outside = json.depth() - 1;
        while (json.depth() > outside) {
            if (json.next() == JsonToken.ERROR) {
                return false;
            }
        }
        return true;
    }

    /** Records the current scalar at ({@code row}, {@code slot}); a row past capacity is a fault. */
    protected final void capture(CapturedValues target, int row, int slot, JsonToken token) {
        if (!target.capture(row, slot, token, tokenizer)) {
            fault();
        }
    }

    /** Faults the frame unless {@code out} holds a decimal (read with {@link JsonTokenizer#nextDecimal}). */
    protected final void requireDecimal(MutableDecimal out) {
        if (!out.isPresent()) {
            fault();
        }
    }

    /** The current token as a decimal, for book levels parsed during the pass; a bad one is a fault. */
    protected final void levelValue(JsonToken token, MutableDecimal out) {
        if (!values.decimal(token, tokenizer.tokenOffset(), tokenizer.tokenLength(), tokenizer.hasEscapes(), out)) {
            fault();
        }
    }

    /** Whether the current string token equals {@code ascii}. */
    protected final boolean tokenEquals(JsonToken token, byte[] ascii) {
        return token == JsonToken.STRING && !tokenizer.hasEscapes()
                && values.bytesEqual(tokenizer.tokenOffset(), tokenizer.tokenLength(), ascii);
    }

    /** Marks the frame MALFORMED (a bad level, too many items) once the scan ends. */
    protected final void fault() {
        fault = true;
    }

    /** The event's book, cleared and selected on first use in this frame. */
    protected final BookFields book() {
        if (!bookStarted) {
            event.begin(EventKind.BOOK_UPDATE);
            bookStarted = true;
        }
        return event.book;
    }

    /** Adds one parsed level; a book fuller than its pre-allocated capacity is a fault, not a truncation. */
    protected final void addLevel(boolean bid, MutableDecimal price, MutableDecimal size) {
        if (!price.isPresent() || !size.isPresent()) {
            fault();
            return;
        }
        final boolean added = bid ? book().addBid(price, size) : book().addAsk(price, size);
        if (!added) {
            fault();
        }
    }

    private static final byte[] BUY = JsonValueReader.ascii("buy");
    private static final byte[] SELL = JsonValueReader.ascii("sell");

    /**
     * Reads a taker side written as "buy" / "sell" (Kraken v2, OKX v5) into {@code trade}.
     *
     * @return false when the value is anything else
     */
    protected final boolean buySellSide(CapturedValues items, int row, int slot, TradeFields trade) {
        if (values.equals(items, row, slot, BUY)) {
            trade.aggressorSide = Side.BUY;
            return true;
        }
        if (values.equals(items, row, slot, SELL)) {
            trade.aggressorSide = Side.SELL;
            return true;
        }
        return false;
    }

    /** Fills the event from row {@code row} of a message's data array; false if the row is bad. */
    @FunctionalInterface
    protected interface RowFiller {
        boolean fill(CanonicalEvent event, int row);
    }

    /**
     * Publishes one event per data row, all or nothing: every row is checked before the first is
     * handed on, so a bad element fails the whole frame and nothing half-valid is published.
     */
    protected static DecodeOutcome publishRows(
            int rows, RowFiller filler, CanonicalEvent event, CanonicalEventHandler handler) {
        for (int row = 0; row < rows; row++) {
            if (!filler.fill(event, row)) {
                return DecodeOutcome.MALFORMED;
            }
        }
        for (int row = 0; row < rows; row++) {
            filler.fill(event, row);
            handler.onEvent(event);
        }
        return rows == 0 ? DecodeOutcome.UNMAPPED : DecodeOutcome.DATA;
    }

    /**
     * Emits the venue's error as a {@code VENUE_ERROR} status event with its text as reason, so
     * that it reaches consumers in-stream. Allocates the reason String: errors are rare.
     */
    protected final DecodeOutcome emitVenueError(
            CanonicalEvent event, CanonicalEventHandler handler, String reason) {
        event.begin(EventKind.STATUS);
        event.status.state = StreamStatus.State.VENUE_ERROR;
        event.status.reason = JsonValueReader.bounded(reason);
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private static DecodeOutcome outcomeWithoutEvent(CanonicalEvent event, DecodeOutcome outcome) {
        // A half-filled event must not look publishable to a caller that ignores the outcome.
        event.begin(EventKind.NONE);
        return outcome;
    }
}
