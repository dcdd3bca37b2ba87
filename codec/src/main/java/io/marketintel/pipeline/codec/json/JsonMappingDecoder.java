package io.marketintel.pipeline.codec.json;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecimalParseResult;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The generic JSON decoder ({@code format: json}): one strict pass of a {@link JsonTokenizer}
 * over the frame captures the value at each path of a {@link JsonMapping}, then the
 * discriminator picks the trade or quote mapping and the captured values fill the {@link
 * CanonicalEvent} in place. Prices, sizes, sequences and timestamps may be JSON numbers or
 * numeric strings and are parsed exactly ({@link DecimalParser}); a JSON {@code null} counts as
 * absent; when a key repeats, its last value wins. Invalid JSON and bad or missing required
 * values are {@code MALFORMED} (see {@link #lastMalformedReason()}); valid JSON that is not an
 * object, or whose discriminator matches no mapping, is {@code UNMAPPED}. Views in the event point
 * into the frame, or into this decoder's scratch for escaped text, until the next decode.
 *
 * <p>Allocation-free per frame after construction. Not thread-safe: one instance per source,
 * used on that source's I/O thread.
 */
public final class JsonMappingDecoder implements MessageDecoder {
    /** Room for an escaped symbol or trade id once unescaped; a longer one is malformed. */
    public static final int MAX_UNESCAPED_TEXT_BYTES = 256;

    private static final int DISCRIMINATOR = 0;
    private static final int TRADE_SYMBOL = 1;
    private static final int TRADE_PRICE = 2;
    private static final int TRADE_SIZE = 3;
    private static final int TRADE_SIDE = 4;
    private static final int TRADE_ID = 5;
    private static final int TRADE_TIME = 6;
    private static final int TRADE_SEQ = 7;
    private static final int QUOTE_SYMBOL = 8;
    private static final int QUOTE_BID_PRICE = 9;
    private static final int QUOTE_BID_SIZE = 10;
    private static final int QUOTE_ASK_PRICE = 11;
    private static final int QUOTE_ASK_SIZE = 12;
    private static final int QUOTE_TIME = 13;
    private static final int QUOTE_SEQ = 14;
    private static final int SLOT_COUNT = 15;

    private static final int ABSENT = 0;
    private static final int OK = 1;
    private static final int BAD = 2;

    private static final byte[][] BUY_WORDS = ascii("buy", "b", "bid");
    private static final byte[][] SELL_WORDS = ascii("sell", "s", "ask", "offer");
    private static final int LONGEST_SIDE_WORD = 5;

    private final JsonMapping mapping;
    private final JsonPath[] paths = new JsonPath[SLOT_COUNT];
    /** Each path's keys as the tracker's ids ({@link JsonPathTracker#ids}). */
    private final int[][] pathIds = new int[SLOT_COUNT][];
    /** Per key id, the mapped slots whose path ends in that key. */
    private final int[][] slotsByKey;
    private final int[] mappedSlots;
    private final byte[] tradeWhen;
    private final byte[] quoteWhen;
    private final int timeUnitPowerOfTen;

    private final JsonTokenizer tokenizer;
    private final JsonPathTracker tracker;

    // What the scan found at each slot's path: the token type (null when absent) and its bytes.
    private final JsonToken[] valueType = new JsonToken[SLOT_COUNT];
    private final int[] valueOffset = new int[SLOT_COUNT];
    private final int[] valueLength = new int[SLOT_COUNT];
    private final boolean[] valueEscaped = new boolean[SLOT_COUNT];

    private final UnsafeBuffer symbolScratch = new UnsafeBuffer(new byte[MAX_UNESCAPED_TEXT_BYTES]);
    private final UnsafeBuffer tradeIdScratch = new UnsafeBuffer(new byte[MAX_UNESCAPED_TEXT_BYTES]);
    private final UnsafeBuffer wordScratch;
    private final ByteSlice word = new ByteSlice();
    private final MutableDecimal number = new MutableDecimal();

    private DirectBuffer buffer;
    private JsonMalformedReason lastMalformedReason = JsonMalformedReason.NONE;

    public JsonMappingDecoder(JsonMapping mapping) {
        this(mapping, JsonTokenizer.DEFAULT_MAX_DEPTH);
    }

    /** @param maxDepth deepest nesting accepted in a frame; deeper frames are invalid JSON */
    public JsonMappingDecoder(JsonMapping mapping, int maxDepth) {
        this.mapping = mapping;
        final TradeMapping trade = mapping.trade();
        final QuoteMapping quote = mapping.quote();
        paths[DISCRIMINATOR] = JsonPath.compile(mapping.discriminator());
        if (trade != null) {
            require(trade.symbol(), "trade.symbol");
            require(trade.price(), "trade.price");
            require(trade.size(), "trade.size");
            compile(TRADE_SYMBOL, trade.symbol());
            compile(TRADE_PRICE, trade.price());
            compile(TRADE_SIZE, trade.size());
            compile(TRADE_SIDE, trade.side());
            compile(TRADE_ID, trade.tradeId());
            compile(TRADE_TIME, trade.exchangeTime());
            compile(TRADE_SEQ, trade.sourceSeq());
        }
        if (quote != null) {
            require(quote.symbol(), "quote.symbol");
            if (quote.bidPrice() == null && quote.askPrice() == null) {
                throw new IllegalArgumentException("quote mapping needs bid_price or ask_price");
            }
            compile(QUOTE_SYMBOL, quote.symbol());
            compile(QUOTE_BID_PRICE, quote.bidPrice());
            compile(QUOTE_BID_SIZE, quote.bidSize());
            compile(QUOTE_ASK_PRICE, quote.askPrice());
            compile(QUOTE_ASK_SIZE, quote.askSize());
            compile(QUOTE_TIME, quote.exchangeTime());
            compile(QUOTE_SEQ, quote.sourceSeq());
        }
        if (mapping.discriminator() != null
                && ((trade != null && trade.when() == null) || (quote != null && quote.when() == null))) {
            throw new IllegalArgumentException("JSON mapping with a discriminator needs a 'when' for each mapping");
        }
        tradeWhen = trade == null ? null : utf8OrNull(trade.when());
        quoteWhen = quote == null ? null : utf8OrNull(quote.when());
        timeUnitPowerOfTen = ExactScaling.powerOfTen(mapping.timeUnit().nanosPerUnit());

        int count = 0;
        for (JsonPath path : paths) {
            if (path != null) {
                count++;
                if (path.depth() > maxDepth) {
                    throw new IllegalArgumentException("JSON path \"" + path + "\" is deeper than " + maxDepth);
                }
            }
        }
        mappedSlots = new int[count];
        for (int slot = 0, i = 0; slot < SLOT_COUNT; slot++) {
            if (paths[slot] != null) {
                mappedSlots[i++] = slot;
            }
        }
        tokenizer = new JsonTokenizer(maxDepth);
        tracker = new JsonPathTracker(maxDepth, paths);
        for (int slot = 0; slot < SLOT_COUNT; slot++) {
            pathIds[slot] = paths[slot] == null ? null : tracker.ids(paths[slot]);
        }
        slotsByKey = new int[tracker.keyCount()][];
        for (int key = 0; key < slotsByKey.length; key++) {
            final int innermost = key;
            slotsByKey[key] = Arrays.stream(mappedSlots)
                    .filter(slot -> pathIds[slot][pathIds[slot].length - 1] == innermost).toArray();
        }
        final int longestWhen = Math.max(
                tradeWhen == null ? 0 : tradeWhen.length, quoteWhen == null ? 0 : quoteWhen.length);
        wordScratch = new UnsafeBuffer(new byte[Math.max(LONGEST_SIDE_WORD, longestWhen)]);
    }

    /** The mapping this decoder was built from. */
    public JsonMapping mapping() {
        return mapping;
    }

    /** Why the last {@code decode} returned {@code MALFORMED}; {@code NONE} after any other outcome. */
    public JsonMalformedReason lastMalformedReason() {
        return lastMalformedReason;
    }

    @Override
    public DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        lastMalformedReason = JsonMalformedReason.NONE;
        this.buffer = buffer;
        tokenizer.reset(buffer, offset, length);
        tracker.reset(buffer);
        Arrays.fill(valueType, null);

        JsonToken token = tokenizer.next();
        final boolean topLevelObject = token == JsonToken.START_OBJECT;
        // The whole frame is scanned even when the interesting fields came early: only a
        // complete pass can tell a valid frame from a truncated or garbled one.
        while (token != JsonToken.END) {
            if (token == JsonToken.ERROR) {
                return malformed(event, JsonMalformedReason.INVALID_JSON);
            }
            if (tracker.onToken(token, tokenizer)) {
                capture(token);
            }
            token = tokenizer.next();
        }
        if (!topLevelObject) {
            return DecodeOutcome.UNMAPPED;
        }

        final EventKind kind = selectMapping();
        if (kind == EventKind.NONE) {
            return DecodeOutcome.UNMAPPED;
        }
        final JsonMalformedReason reason = kind == EventKind.TRADE ? fillTrade(event) : fillQuote(event);
        if (reason != JsonMalformedReason.NONE) {
            return malformed(event, reason);
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    private void capture(JsonToken token) {
        final int key = tracker.valueKeyId();
        if (key == KeyTable.UNKNOWN) {
            return;
        }
        // Only the paths that end in this key: most keys end one or two (a trade's and a quote's symbol).
        for (final int slot : slotsByKey[key]) {
            if (tracker.matches(pathIds[slot])) {
                valueType[slot] = token == JsonToken.NULL ? null : token;
                valueOffset[slot] = tokenizer.tokenOffset();
                valueLength[slot] = tokenizer.tokenLength();
                valueEscaped[slot] = tokenizer.hasEscapes();
            }
        }
    }

    private EventKind selectMapping() {
        if (paths[DISCRIMINATOR] == null) {
            return mapping.trade() != null ? EventKind.TRADE : EventKind.QUOTE;
        }
        if (!text(DISCRIMINATOR, wordScratch, word, true)) {
            return EventKind.NONE;
        }
        if (tradeWhen != null && word.contentEquals(tradeWhen)) {
            return EventKind.TRADE;
        }
        if (quoteWhen != null && word.contentEquals(quoteWhen)) {
            return EventKind.QUOTE;
        }
        return EventKind.NONE;
    }

    private JsonMalformedReason fillTrade(CanonicalEvent event) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        final JsonMalformedReason symbol = symbol(TRADE_SYMBOL, trade.symbol);
        if (symbol != JsonMalformedReason.NONE) {
            return symbol;
        }
        final int price = decimal(TRADE_PRICE, trade.price);
        if (price != OK) {
            return price == ABSENT ? JsonMalformedReason.MISSING_PRICE : JsonMalformedReason.BAD_PRICE;
        }
        final int size = decimal(TRADE_SIZE, trade.size);
        if (size != OK) {
            return size == ABSENT ? JsonMalformedReason.MISSING_SIZE : JsonMalformedReason.BAD_SIZE;
        }
        final Side side = side(TRADE_SIDE);
        if (side == null) {
            return JsonMalformedReason.BAD_SIDE;
        }
        trade.aggressorSide = side;
        if (valueType[TRADE_ID] != null && !text(TRADE_ID, tradeIdScratch, trade.tradeId, false)) {
            return JsonMalformedReason.BAD_TRADE_ID;
        }
        return header(event, TRADE_TIME, TRADE_SEQ);
    }

    private JsonMalformedReason fillQuote(CanonicalEvent event) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        final JsonMalformedReason symbol = symbol(QUOTE_SYMBOL, quote.symbol);
        if (symbol != JsonMalformedReason.NONE) {
            return symbol;
        }
        final int bid = decimal(QUOTE_BID_PRICE, quote.bidPrice);
        final int ask = decimal(QUOTE_ASK_PRICE, quote.askPrice);
        if (bid == BAD || ask == BAD) {
            return JsonMalformedReason.BAD_PRICE;
        }
        if (bid == ABSENT && ask == ABSENT) {
            return JsonMalformedReason.MISSING_BID_AND_ASK_PRICE;
        }
        if (decimal(QUOTE_BID_SIZE, quote.bidSize) == BAD || decimal(QUOTE_ASK_SIZE, quote.askSize) == BAD) {
            return JsonMalformedReason.BAD_SIZE;
        }
        return header(event, QUOTE_TIME, QUOTE_SEQ);
    }

    private JsonMalformedReason header(CanonicalEvent event, int timeSlot, int seqSlot) {
        if (valueType[timeSlot] != null) {
            final long timeNs = wholeNumber(timeSlot, timeUnitPowerOfTen, true);
            if (timeNs == ExactScaling.NOT_REPRESENTABLE) {
                return JsonMalformedReason.BAD_EXCHANGE_TIME;
            }
            event.exchangeTimeNs(timeNs);
        }
        if (valueType[seqSlot] != null) {
            final long seq = wholeNumber(seqSlot, 0, false);
            if (seq == ExactScaling.NOT_REPRESENTABLE) {
                return JsonMalformedReason.BAD_SOURCE_SEQ;
            }
            event.sourceSeq(seq);
        }
        return JsonMalformedReason.NONE;
    }

    private JsonMalformedReason symbol(int slot, ByteSlice out) {
        if (valueType[slot] == null) {
            return JsonMalformedReason.MISSING_SYMBOL;
        }
        if (!text(slot, symbolScratch, out, false) || out.length() == 0) {
            return JsonMalformedReason.BAD_SYMBOL;
        }
        return JsonMalformedReason.NONE;
    }

    /** BUY or SELL from the side words, UNSPECIFIED when absent, null when not a side. */
    private Side side(int slot) {
        if (valueType[slot] == null) {
            return Side.UNSPECIFIED;
        }
        if (valueType[slot] != JsonToken.STRING || !text(slot, wordScratch, word, false)) {
            return null;
        }
        if (anyIgnoreCase(word, BUY_WORDS)) {
            return Side.BUY;
        }
        return anyIgnoreCase(word, SELL_WORDS) ? Side.SELL : null;
    }

    /**
     * Points {@code out} at the text of a captured string (unescaped into {@code scratch} when
     * needed) or number, and of true/false when {@code literalsToo}; false for anything else, and
     * for text that is not UTF-8 (it goes into a protobuf {@code string}, which a consumer's
     * parser would refuse).
     */
    private boolean text(int slot, UnsafeBuffer scratch, ByteSlice out, boolean literalsToo) {
        final JsonToken type = valueType[slot];
        if (type == JsonToken.STRING && valueEscaped[slot]) {
            final int length = JsonStrings.unescape(buffer, valueOffset[slot], valueLength[slot], scratch, 0);
            if (length < 0) {
                return false;
            }
            out.wrap(scratch, 0, length);
            return Utf8Text.isValid(scratch, 0, length);
        }
        if (type == JsonToken.STRING || type == JsonToken.NUMBER
                || (literalsToo && (type == JsonToken.TRUE || type == JsonToken.FALSE))) {
            out.wrap(buffer, valueOffset[slot], valueLength[slot]);
            return Utf8Text.isValid(buffer, valueOffset[slot], valueLength[slot]);
        }
        return false;
    }

    /** Parses a JSON number or numeric string exactly; an escaped string is never a number. */
    private int decimal(int slot, MutableDecimal out) {
        return decimal(slot, valueLength[slot], out);
    }

    /** As {@link #decimal(int, MutableDecimal)}, reading only the first {@code length} bytes. */
    private int decimal(int slot, int length, MutableDecimal out) {
        final JsonToken type = valueType[slot];
        if (type == null) {
            return ABSENT;
        }
        final boolean numeric = type == JsonToken.NUMBER || (type == JsonToken.STRING && !valueEscaped[slot]);
        return numeric && DecimalParser.parse(buffer, valueOffset[slot], length, out) == DecimalParseResult.OK
                ? OK : BAD;
    }

    private long wholeNumber(int slot, int unitPowerOfTen, boolean truncate) {
        final int length = truncate
                ? withoutDigitsBelowOneNano(valueOffset[slot], valueLength[slot], unitPowerOfTen)
                : valueLength[slot];
        if (decimal(slot, length, number) != OK) {
            return ExactScaling.NOT_REPRESENTABLE;
        }
        return ExactScaling.scale(number.mantissa(), number.exponent(), unitPowerOfTen, truncate);
    }

    /**
     * The length of the text once fraction digits worth less than a nanosecond are cut off, so
     * that "1700000000.1234567891" seconds truncates instead of overflowing the decimal's int64
     * mantissa. Cutting digits truncates toward zero, as the scaling does. With an exponent the
     * digits' weight is not positional, so the text is kept whole.
     */
    private int withoutDigitsBelowOneNano(int offset, int length, int unitPowerOfTen) {
        int point = -1;
        for (int i = offset; i < offset + length; i++) {
            final byte b = buffer.getByte(i);
            if (b == 'e' || b == 'E') {
                return length;
            }
            if (b == '.') {
                point = i;
            }
        }
        if (point < 0 || offset + length - (point + 1) <= unitPowerOfTen) {
            return length;
        }
        // Seconds keep nine fraction digits, milliseconds six, microseconds three, nanoseconds none.
        return point - offset + (unitPowerOfTen == 0 ? 0 : 1 + unitPowerOfTen);
    }

    private DecodeOutcome malformed(CanonicalEvent event, JsonMalformedReason reason) {
        // A half-filled event must not look publishable to a caller that ignores the outcome.
        event.begin(EventKind.NONE);
        lastMalformedReason = reason;
        return DecodeOutcome.MALFORMED;
    }

    private void compile(int slot, String path) {
        paths[slot] = JsonPath.compile(path);
    }

    private static void require(String path, String name) {
        if (path == null) {
            throw new IllegalArgumentException("JSON mapping needs " + name);
        }
    }

    private static byte[] utf8OrNull(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean anyIgnoreCase(ByteSlice text, byte[][] words) {
        for (final byte[] candidate : words) {
            if (text.contentEqualsIgnoreCase(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] ascii(String... words) {
        final byte[][] bytes = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
