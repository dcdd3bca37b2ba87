package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import org.agrona.DirectBuffer;

/**
 * The fast path of {@link BinanceSpotDecoder}: reads a {@code trade}, {@code aggTrade}, {@code
 * depthUpdate} or {@code bookTicker} frame, raw or wrapped as a combined stream's {@code "data"},
 * in the one shape Binance sends them: compact JSON, {@code "e"} first (a bookTicker has none:
 * {@code "u"} first), one-letter keys, times and ids as JSON
 * integers, prices and quantities as decimal strings, levels as {@code ["price","qty"]} pairs.
 *
 * <p>Why it exists: the general pass pays a tokenizer step per token (~8-10 ns, ~25 tokens in a
 * trade, ~100 in a 10+10-level depth update) and captures a trade's values before interpreting
 * them. Here the members of a trade and of a bookTicker are expected in the order Binance sends
 * them, each key one word compare ({@code ,"X":}); a depth update's keys are each one 4-byte
 * compare ({@code "X":}) and a dispatch on its letter; each value is interpreted as it is read
 * ({@link CompactJsonCursor}: decimals parsed by {@link DecimalParser#parsePrefix} while their
 * end is found), and the level separators are word compares.
 *
 * <p>When it gives up: at the first thing outside that shape (whitespace, an escape, a longer
 * key, {@code "e"} not first or another event type, a key twice, a trade's members in another
 * order or with one missing or added (a bookTicker's too), an unexpected value type, a
 * number with a sign, fraction or exponent where an integer is expected, a time or id too large,
 * a missing field, a full book, anything after the object). It then returns null having published
 * nothing, and the decoder's general pass reads the frame from its start: every outcome other
 * than this shape's DATA, and the meaning of every odd frame, stay that pass's.
 * {@code BinanceSpotDecoderEquivalenceTest} checks the two agree.
 *
 * <p>Allocation-free. Not thread-safe: owned by one decoder, used on its source's I/O thread.
 */
final class BinanceCompactFrameReader {
    /** {@code ","} between a level's price and quantity. */
    private static final int PRICE_TO_QUANTITY = '"' | ',' << 8 | '"' << 16;
    /** {@code "],} after a level that another follows. */
    private static final int NEXT_LEVEL = '"' | ']' << 8 | ',' << 16;
    /** {@code "]]} after the last level. */
    private static final int LAST_LEVEL = '"' | ']' << 8 | ']' << 16;
    /** {@code ["} opening a level. */
    private static final short LEVEL_OPEN = '[' | '"' << 8;
    /** {@code "E":} read as a little-endian int: the first member of a trade after "e". */
    private static final int EVENT_TIME_KEY = '"' | 'E' << 8 | '"' << 16 | ':' << 24;
    private static final long SYMBOL_KEY = CompactJsonCursor.member('s');
    private static final long TRADE_ID_KEY = CompactJsonCursor.member('t');
    private static final long BUYER_ORDER_ID_KEY = CompactJsonCursor.member('b');
    private static final long SELLER_ORDER_ID_KEY = CompactJsonCursor.member('a');
    private static final long AGG_TRADE_ID_KEY = CompactJsonCursor.member('a');
    private static final long FIRST_TRADE_ID_KEY = CompactJsonCursor.member('f');
    private static final long LAST_TRADE_ID_KEY = CompactJsonCursor.member('l');
    private static final long PRICE_KEY = CompactJsonCursor.member('p');
    private static final long QUANTITY_KEY = CompactJsonCursor.member('q');
    private static final long TRADE_TIME_KEY = CompactJsonCursor.member('T');
    private static final long MAKER_KEY = CompactJsonCursor.member('m');
    private static final long IGNORED_KEY = CompactJsonCursor.member('M');
    private static final long BID_PRICE_KEY = CompactJsonCursor.member('b');
    private static final long BID_SIZE_KEY = CompactJsonCursor.member('B');
    private static final long ASK_PRICE_KEY = CompactJsonCursor.member('a');
    private static final long ASK_SIZE_KEY = CompactJsonCursor.member('A');

    // Values of "e" with the comma after them: the next key follows at once.
    private static final AsciiLiteral TRADE = new AsciiLiteral("\"trade\",");
    private static final AsciiLiteral AGG_TRADE = new AsciiLiteral("\"aggTrade\",");
    private static final AsciiLiteral DEPTH_UPDATE = new AsciiLiteral("\"depthUpdate\",");
    private static final AsciiLiteral STREAM_KEY = new AsciiLiteral("{\"stream\":");
    private static final AsciiLiteral DATA_KEY = new AsciiLiteral(",\"data\":");


    private static final long DEPTH_REQUIRED = bit('s') | bit('U') | bit('u');

    private final CompactJsonCursor in = new CompactJsonCursor();
    // Per frame: which keys were read (bit per letter), and the values kept for the end.
    private long seen;
    private long eventTimeNs;
    private long firstUpdateId;
    private long lastUpdateId;

    /**
     * Decodes the frame and publishes its event if it has the usual shape; otherwise returns null
     * having published nothing (the event may be half-filled: the caller's general pass resets it).
     */
    DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        in.wrap(buffer, offset, length);
        final boolean combined = in.skip(STREAM_KEY);
        // A combined stream's payload is under "data", after the stream's name.
        if (combined && (!in.skipString() || !in.skip(DATA_KEY))) {
            return null;
        }
        if (!payload(event) || combined && !in.consume('}') || !in.atEnd()) {
            return null;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    /** The payload object, from its '{' through its '}', with "e" first (or "u", for a bookTicker). */
    private boolean payload(CanonicalEvent event) {
        eventTimeNs = CompactJsonCursor.ABSENT;
        if (!in.consume('{')) {
            return false;
        }
        final int first = in.nextKey();
        seen = first < 0 ? 0 : bit(first);
        if (first == 'u') {
            return bookTicker(event);
        }
        if (first != 'e') {
            return false;
        }
        if (in.skip(TRADE)) {
            return trade(event, TRADE_ID_KEY, BUYER_ORDER_ID_KEY, SELLER_ORDER_ID_KEY);
        }
        if (in.skip(AGG_TRADE)) {
            return trade(event, AGG_TRADE_ID_KEY, FIRST_TRADE_ID_KEY, LAST_TRADE_ID_KEY);
        }
        if (in.skip(DEPTH_UPDATE)) {
            return depthUpdate(event);
        }
        return false;
    }

    /**
     * The members after "e" of a trade or an aggregate trade, through the '}', in the order Binance
     * documents and sends them: "E", "s", the id under {@code idKey}, "p", "q", the two integers
     * under {@code firstSkipped} and {@code secondSkipped} if present (a trade's order ids "b" and
     * "a", which Binance has been dropping; an aggregate trade's first and last trade ids "f" and
     * "l"), "T", "m", and "M" if present. Each key is then one word compare against the key
     * expected next, with no dispatch on the letter and no record of the keys seen: this measured
     * a third faster than reading the members in any order. Any other order, or a member missing
     * or added, is the general pass's.
     */
    private boolean trade(CanonicalEvent event, long idKey, long firstSkipped, long secondSkipped) {
        final TradeFields trade = event.begin(EventKind.TRADE).trade;
        if (!in.skipWord(EVENT_TIME_KEY) || in.epochMillisAsNanos() == CompactJsonCursor.ABSENT
                || !in.key(SYMBOL_KEY) || !in.text(trade.symbol)
                || !in.key(idKey) || !in.integerText(trade.tradeId)
                || !in.key(PRICE_KEY) || !in.decimalString(trade.price)
                || !in.key(QUANTITY_KEY) || !in.decimalString(trade.size)
                || in.key(firstSkipped) && (!in.skipInteger() || !in.key(secondSkipped) || !in.skipInteger())
                || !in.key(TRADE_TIME_KEY)) {
            return false;
        }
        final long tradeTimeNs = in.epochMillisAsNanos();
        if (tradeTimeNs == CompactJsonCursor.ABSENT || !in.key(MAKER_KEY)) {
            return false;
        }
        // "m": is the buyer the market maker? The taker is then the seller.
        final int buyerIsMaker = in.booleanValue();
        if (buyerIsMaker < 0 || in.key(IGNORED_KEY) && !in.skipScalar() || !in.consume('}')) {
            return false;
        }
        trade.aggressorSide = buyerIsMaker == 1 ? Side.SELL : Side.BUY;
        event.exchangeTimeNs(tradeTimeNs);
        return true;
    }

    /**
     * A bookTicker, which has no event type: the update id under "u" (read first), then "s", "b",
     * "B", "a" and "A" in that order (as Binance sends them, one word compare per key, as for
     * trades), through the '}'. Any other order or key (an "id" of an acknowledgement, a "msg"
     * of an error) is the general pass's to judge.
     */
    private boolean bookTicker(CanonicalEvent event) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        final long updateId = in.wholeNumber();
        if (updateId < 0
                || !in.key(SYMBOL_KEY) || !in.text(quote.symbol)
                || !in.key(BID_PRICE_KEY) || !in.decimalString(quote.bidPrice)
                || !in.key(BID_SIZE_KEY) || !in.decimalString(quote.bidSize)
                || !in.key(ASK_PRICE_KEY) || !in.decimalString(quote.askPrice)
                || !in.key(ASK_SIZE_KEY) || !in.decimalString(quote.askSize)
                || !in.consume('}')) {
            return false;
        }
        event.sourceSeq(updateId);
        return true;
    }

    /** The members after "e" of a depth update, through the '}'. */
    private boolean depthUpdate(CanonicalEvent event) {
        final BookFields book = event.begin(EventKind.BOOK_UPDATE).book;
        do {
            final int key = in.nextKey();
            if (!firstTime(key)) {
                return false;
            }
            final boolean read = switch (key) {
                case 'E' -> (eventTimeNs = in.epochMillisAsNanos()) != CompactJsonCursor.ABSENT;
                case 's' -> in.text(book.symbol);
                case 'U' -> (firstUpdateId = in.wholeNumber()) >= 0;
                case 'u' -> (lastUpdateId = in.wholeNumber()) >= 0;
                case 'b' -> levels(book, true);
                case 'a' -> levels(book, false);
                default -> in.skipScalar();
            };
            if (!read) {
                return false;
            }
        } while (in.consume(','));
        if (!in.consume('}') || (seen & DEPTH_REQUIRED) != DEPTH_REQUIRED) {
            return false;
        }
        book.snapshot = false;
        book.firstUpdateId = firstUpdateId;
        book.lastUpdateId = lastUpdateId;
        event.sourceSeq(lastUpdateId);
        if (eventTimeNs != CompactJsonCursor.ABSENT) {
            event.exchangeTimeNs(eventTimeNs);
        }
        return true;
    }

    /**
     * The levels under "b" or "a", {@code [["price","qty"],...]} or {@code []}, added to the book
     * as they are read. The separators around the decimals are checked with word compares; a
     * level of another shape (numbers, a third element) is left to the general pass.
     */
    private boolean levels(BookFields book, boolean bids) {
        final int pos = in.pos();
        final int end = in.end();
        if (pos + 2 > end || in.byteAt(pos) != '[') {
            return false;
        }
        if (in.byteAt(pos + 1) == ']') {
            in.moveTo(pos + 2);
            return true;
        }
        int at = pos + 1;
        while (true) {
            // Parsed straight into the book's next level, counted only once it is whole.
            final MutableDecimal price = bids ? book.nextBidPrice() : book.nextAskPrice();
            final MutableDecimal quantity = bids ? book.nextBidSize() : book.nextAskSize();
            if (price == null || quantity == null || at + 2 > end || in.shortAt(at) != LEVEL_OPEN) {
                return false; // a full book (the general pass reports it), or not a level of strings
            }
            at = in.decimalAt(at + 2, price);
            if (!price.isPresent() || at + Integer.BYTES > end || in.threeBytesAt(at) != PRICE_TO_QUANTITY) {
                return false;
            }
            at = in.decimalAt(at + 3, quantity);
            // Every valid frame has at least a '}' after the level's three closing bytes.
            if (!quantity.isPresent() || at + Integer.BYTES > end) {
                return false;
            }
            if (bids) {
                book.commitBid();
            } else {
                book.commitAsk();
            }
            final int close = in.threeBytesAt(at);
            at += 3;
            if (close == LAST_LEVEL) {
                in.moveTo(at);
                return true;
            }
            if (close != NEXT_LEVEL) {
                return false;
            }
        }
    }

    /** Records {@code key} as read; false for no key or a key read before (the general pass decides which wins). */
    private boolean firstTime(int key) {
        if (key < 0 || (seen & bit(key)) != 0) {
            return false;
        }
        seen |= bit(key);
        return true;
    }

    /** One bit per key letter ('A' to 'z' is 58 values). */
    private static long bit(int letter) {
        return 1L << (letter - 'A');
    }
}
