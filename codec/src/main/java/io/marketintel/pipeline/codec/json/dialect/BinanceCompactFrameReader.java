package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.AsciiSwar;
import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.QuoteFields;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.UncheckedReads;
import io.marketintel.pipeline.codec.json.JsonBytes;
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
 * them. Here a trade's members are expected in the order Binance sends them, each key one word
 * compare ({@code ,"X":}); elsewhere each key is one 4-byte compare ({@code "X":}) and a dispatch
 * on its letter; each value is interpreted as it is read (decimals parsed by {@link DecimalParser#parsePrefix} while
 * their end is found), and the level separators are word compares.
 *
 * <p>When it gives up: at the first thing outside that shape (whitespace, an escape, a longer
 * key, {@code "e"} not first or another event type, a key twice, a trade's members in another
 * order or with one missing or added, an unexpected value type, a
 * number with a sign, fraction or exponent where an integer is expected, a time or id too large,
 * a missing field, a full book, anything after the object). It then returns null having published
 * nothing, and the decoder's general pass reads the frame from its start: every outcome other
 * than this shape's DATA, and the meaning of every odd frame, stay that pass's.
 * {@code BinanceSpotDecoderEquivalenceTest} checks the two agree.
 *
 * <p>Allocation-free. Not thread-safe: owned by one decoder, used on its source's I/O thread.
 */
final class BinanceCompactFrameReader {
    /** {@code "X":} read as a little-endian int, with the key letter X masked out. */
    private static final int KEY_MASK = 0xFFFF_00FF;
    private static final int KEY_PATTERN = '"' | '"' << 16 | ':' << 24;
    private static final int THREE_BYTES = 0x00FF_FFFF;
    /** {@code ","} between a level's price and quantity. */
    private static final int PRICE_TO_QUANTITY = '"' | ',' << 8 | '"' << 16;
    /** {@code "],} after a level that another follows. */
    private static final int NEXT_LEVEL = '"' | ']' << 8 | ',' << 16;
    /** {@code "]]} after the last level. */
    private static final int LAST_LEVEL = '"' | ']' << 8 | ']' << 16;
    /** {@code ["} opening a level. */
    private static final short LEVEL_OPEN = '[' | '"' << 8;
    private static final int TRUE = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int FALS = 'f' | 'a' << 8 | 'l' << 16 | 's' << 24;
    private static final int NULL = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    /** {@code "E":} read as a little-endian int: the first member of a trade after "e". */
    private static final int EVENT_TIME_KEY = '"' | 'E' << 8 | '"' << 16 | ':' << 24;
    /** The five bytes of {@code ,"X":} in a little-endian word ({@link #member}). */
    private static final long MEMBER_MASK = 0xFF_FFFF_FFFFL;
    private static final int MEMBER_BYTES = 5;
    private static final long SYMBOL_KEY = member('s');
    private static final long TRADE_ID_KEY = member('t');
    private static final long PRICE_KEY = member('p');
    private static final long QUANTITY_KEY = member('q');
    private static final long TRADE_TIME_KEY = member('T');
    private static final long MAKER_KEY = member('m');
    private static final long IGNORED_KEY = member('M');

    // Values of "e" with the comma after them: the next key follows at once.
    private static final AsciiLiteral TRADE = new AsciiLiteral("\"trade\",");
    private static final AsciiLiteral AGG_TRADE = new AsciiLiteral("\"aggTrade\",");
    private static final AsciiLiteral DEPTH_UPDATE = new AsciiLiteral("\"depthUpdate\",");
    private static final AsciiLiteral STREAM_KEY = new AsciiLiteral("{\"stream\":");
    private static final AsciiLiteral DATA_KEY = new AsciiLiteral(",\"data\":");

    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long ABSENT = Long.MIN_VALUE;
    /** Digits a whole number may have here: any 18 fit a long. */
    private static final int MAX_WHOLE_DIGITS = 18;
    private static final long MAX_EPOCH_MILLIS = Long.MAX_VALUE / 1_000_000;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private static final long DEPTH_REQUIRED = bit('s') | bit('U') | bit('u');
    private static final long BOOK_TICKER_REQUIRED = bit('s') | bit('b') | bit('a');

    private DirectBuffer buffer;
    // The frame's memory, read without a check per read: decode() checks the frame lies in the
    // buffer, and every read below stays before the frame's end or, for the word reads that
    // look ahead, before the buffer's capacity.
    private byte[] array;
    private long address;
    private int pos;
    private int end;
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
        buffer.boundsCheck(offset, length);
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        this.pos = offset;
        this.end = offset + length;
        final boolean combined = STREAM_KEY.at(array, address, pos, end);
        if (combined && !skipStreamName()) {
            return null;
        }
        if (!payload(event) || combined && !consume('}') || pos != end) {
            return null;
        }
        handler.onEvent(event);
        return DecodeOutcome.DATA;
    }

    /** Moves past {@code {"stream":"<name>","data":} to the payload object. */
    private boolean skipStreamName() {
        pos += STREAM_KEY.length;
        if (!skipString() || !DATA_KEY.at(array, address, pos, end)) {
            return false;
        }
        pos += DATA_KEY.length;
        return true;
    }

    /** The payload object, from its '{' through its '}', with "e" first (or "u", for a bookTicker). */
    private boolean payload(CanonicalEvent event) {
        eventTimeNs = ABSENT;
        if (!consume('{')) {
            return false;
        }
        final int first = nextKey();
        seen = first < 0 ? 0 : bit(first);
        if (first == 'u') {
            return bookTicker(event);
        }
        if (first != 'e') {
            return false;
        }
        if (TRADE.at(array, address, pos, end)) {
            pos += TRADE.length;
            return trade(event, TRADE_ID_KEY, member('b'), member('a'));
        }
        if (AGG_TRADE.at(array, address, pos, end)) {
            pos += AGG_TRADE.length;
            return trade(event, member('a'), member('f'), member('l'));
        }
        if (DEPTH_UPDATE.at(array, address, pos, end)) {
            pos += DEPTH_UPDATE.length;
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
        if (pos > end - Integer.BYTES || UncheckedReads.intLittleEndian(array, address + pos) != EVENT_TIME_KEY) {
            return false;
        }
        pos += Integer.BYTES;
        if (epochMillisAsNanos() == ABSENT
                || !key(SYMBOL_KEY) || !text(trade.symbol)
                || !key(idKey) || !integerText(trade.tradeId)
                || !key(PRICE_KEY) || !decimalString(trade.price)
                || !key(QUANTITY_KEY) || !decimalString(trade.size)
                || key(firstSkipped) && (!skipInteger() || !key(secondSkipped) || !skipInteger())
                || !key(TRADE_TIME_KEY)) {
            return false;
        }
        final long tradeTimeNs = epochMillisAsNanos();
        if (tradeTimeNs == ABSENT || !key(MAKER_KEY) || !buyerIsMaker(trade)
                || key(IGNORED_KEY) && !skipScalar() || !consume('}')) {
            return false;
        }
        event.exchangeTimeNs(tradeTimeNs);
        return true;
    }

    /**
     * Moves past {@code ,"X":} when it comes next, {@code member} being {@link #member}('X'):
     * false, without moving, for anything else.
     */
    private boolean key(long member) {
        if (pos > end - Long.BYTES
                || (UncheckedReads.longLittleEndian(array, address + pos) & MEMBER_MASK) != member) {
            return false;
        }
        pos += MEMBER_BYTES;
        return true;
    }

    /**
     * A bookTicker, which has no event type: the update id under "u" (read first), then only
     * symbol, best bid and ask and their quantities, through the '}'. Any other key (an "id" of
     * an acknowledgement, a "msg" of an error) is the general pass's to judge.
     */
    private boolean bookTicker(CanonicalEvent event) {
        final QuoteFields quote = event.begin(EventKind.QUOTE).quote;
        final long updateId = wholeNumber();
        if (updateId < 0) {
            return false;
        }
        while (consume(',')) {
            final int key = nextKey();
            if (!firstTime(key)) {
                return false;
            }
            final boolean read = switch (key) {
                case 's' -> text(quote.symbol);
                case 'b' -> decimalString(quote.bidPrice);
                case 'B' -> decimalString(quote.bidSize);
                case 'a' -> decimalString(quote.askPrice);
                case 'A' -> decimalString(quote.askSize);
                default -> false;
            };
            if (!read) {
                return false;
            }
        }
        if (!consume('}') || (seen & BOOK_TICKER_REQUIRED) != BOOK_TICKER_REQUIRED) {
            return false;
        }
        event.sourceSeq(updateId);
        return true;
    }

    /** The members after "e" of a depth update, through the '}'. */
    private boolean depthUpdate(CanonicalEvent event) {
        final BookFields book = event.begin(EventKind.BOOK_UPDATE).book;
        do {
            final int key = nextKey();
            if (!firstTime(key)) {
                return false;
            }
            final boolean read = switch (key) {
                case 'E' -> (eventTimeNs = epochMillisAsNanos()) != ABSENT;
                case 's' -> text(book.symbol);
                case 'U' -> (firstUpdateId = wholeNumber()) >= 0;
                case 'u' -> (lastUpdateId = wholeNumber()) >= 0;
                case 'b' -> levels(book, true);
                case 'a' -> levels(book, false);
                default -> skipScalar();
            };
            if (!read) {
                return false;
            }
        } while (consume(','));
        if (!consume('}') || (seen & DEPTH_REQUIRED) != DEPTH_REQUIRED) {
            return false;
        }
        book.snapshot = false;
        book.firstUpdateId = firstUpdateId;
        book.lastUpdateId = lastUpdateId;
        event.sourceSeq(lastUpdateId);
        if (eventTimeNs != ABSENT) {
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
        if (pos + 2 > end || byteAt(pos) != '[') {
            return false;
        }
        if (byteAt(pos + 1) == ']') {
            pos += 2;
            return true;
        }
        int at = pos + 1;
        while (true) {
            // Parsed straight into the book's next level, counted only once it is whole.
            final MutableDecimal price = bids ? book.nextBidPrice() : book.nextAskPrice();
            final MutableDecimal quantity = bids ? book.nextBidSize() : book.nextAskSize();
            if (price == null || quantity == null
                    || at + 2 > end || UncheckedReads.shortLittleEndian(array, address + at) != LEVEL_OPEN) {
                return false; // a full book (the general pass reports it), or not a level of strings
            }
            at = DecimalParser.parsePrefix(buffer, at + 2, end, price);
            if (!price.isPresent() || at + Integer.BYTES > end || threeBytesAt(at) != PRICE_TO_QUANTITY) {
                return false;
            }
            at = DecimalParser.parsePrefix(buffer, at + 3, end, quantity);
            // Every valid frame has at least a '}' after the level's three closing bytes.
            if (!quantity.isPresent() || at + Integer.BYTES > end) {
                return false;
            }
            if (bids) {
                book.commitBid();
            } else {
                book.commitAsk();
            }
            final int close = threeBytesAt(at);
            at += 3;
            if (close == LAST_LEVEL) {
                pos = at;
                return true;
            }
            if (close != NEXT_LEVEL) {
                return false;
            }
        }
    }

    /**
     * Reads {@code "X":} and returns the letter X, or -1 when the next bytes are not a one-letter
     * key (longer, escaped, not a letter, whitespace, too few bytes).
     */
    private int nextKey() {
        if (pos + Integer.BYTES > end) {
            return -1;
        }
        final int word = UncheckedReads.intLittleEndian(array, address + pos);
        final int letter = (word >>> 8) & 0xFF;
        if ((word & KEY_MASK) != KEY_PATTERN || !isLetter(letter)) {
            return -1;
        }
        pos += Integer.BYTES;
        return letter;
    }

    /** Records {@code key} as read; false for no key or a key read before (the general pass decides which wins). */
    private boolean firstTime(int key) {
        if (key < 0 || (seen & bit(key)) != 0) {
            return false;
        }
        seen |= bit(key);
        return true;
    }

    /** An unsigned JSON integer as epoch milliseconds, in nanoseconds; {@link #ABSENT} if not one or too large. */
    private long epochMillisAsNanos() {
        final long millis = wholeNumber();
        return millis >= 0 && millis <= MAX_EPOCH_MILLIS ? millis * 1_000_000 : ABSENT;
    }

    /**
     * An unsigned JSON integer of at most {@link #MAX_WHOLE_DIGITS} digits (no leading zero); -1
     * for anything else. Up to sixteen digits (every time and update id Binance sends) are found
     * and converted from the same two words; longer ones, or too near the buffer's end to read
     * two words, byte by byte.
     */
    private long wholeNumber() {
        final int start = pos;
        if (start > buffer.capacity() - 2 * Long.BYTES) {
            return wholeNumberByBytes();
        }
        final long first = UncheckedReads.longLittleEndian(array, address + start);
        final long firstStops = AsciiSwar.nonDigitFlags(first) | pastEnd(end - start);
        if (firstStops != 0) {
            final int digits = Long.numberOfTrailingZeros(firstStops) >>> 3;
            if (digits == 0 || digits > 1 && (first & 0xFF) == '0') {
                return -1;
            }
            pos = start + digits;
            return AsciiSwar.parseDigits(first, digits);
        }
        final long second = UncheckedReads.longLittleEndian(array, address + start + Long.BYTES);
        final long secondStops = AsciiSwar.nonDigitFlags(second) | pastEnd(end - start - Long.BYTES);
        if (secondStops == 0 || (first & 0xFF) == '0') {
            return secondStops == 0 ? wholeNumberByBytes() : -1;
        }
        final int secondDigits = Long.numberOfTrailingZeros(secondStops) >>> 3;
        pos = start + Long.BYTES + secondDigits;
        return AsciiSwar.parseDigits(first, Long.BYTES) * POWERS_OF_TEN[secondDigits]
                + AsciiSwar.parseDigits(second, secondDigits);
    }

    /** {@link #wholeNumber()} a byte at a time. */
    private long wholeNumberByBytes() {
        final int start = pos;
        final int digits = integerDigits(start);
        if (digits <= 0 || digits > MAX_WHOLE_DIGITS) {
            return -1;
        }
        pos = start + digits;
        long value = 0;
        for (int i = start; i < pos; i++) {
            value = value * 10 + (byteAt(i) - '0');
        }
        return value;
    }

    /** High-bit flags for the lanes of a word at or past the frame's end ({@code available} bytes left). */
    private static long pastEnd(int available) {
        return available >= Long.BYTES ? 0 : HIGHS & ~AsciiSwar.lowBytes(Math.max(available, 0));
    }

    /** The digits of a JSON integer at {@code start} (none with a leading zero): how many, or 0 if it is not one. */
    private int integerDigits(int start) {
        final int digits = JsonBytes.nonDigit(buffer, start, end) - start;
        return digits > 1 && byteAt(start) == '0' ? 0 : digits;
    }

    /** A JSON integer, sign allowed and any length, as text (a trade id). */
    private boolean integerText(ByteSlice out) {
        final int start = pos;
        if (!skipInteger()) {
            return false;
        }
        out.wrap(buffer, start, pos - start);
        return true;
    }

    private boolean skipInteger() {
        final int digitsStart = pos < end && byteAt(pos) == '-' ? pos + 1 : pos;
        final int digits = integerDigits(digitsStart);
        if (digits == 0) {
            return false;
        }
        pos = digitsStart + digits;
        return true;
    }

    /** A non-empty string without escapes, as a view (a symbol). */
    private boolean text(ByteSlice out) {
        final int start = pos + 1;
        if (!skipString() || pos - 1 == start) {
            return false;
        }
        out.wrap(buffer, start, pos - 1 - start);
        return true;
    }

    /** Moves past a string without escapes or control bytes; false for anything else. */
    private boolean skipString() {
        if (pos >= end || byteAt(pos) != '"') {
            return false;
        }
        final int close = JsonBytes.stringSpecial(buffer, pos + 1, end);
        if (close >= end || byteAt(close) != '"') {
            return false;
        }
        pos = close + 1;
        return true;
    }

    /** A string that is exactly a decimal, parsed while its closing quote is found. */
    private boolean decimalString(MutableDecimal out) {
        if (pos >= end || byteAt(pos) != '"') {
            return false;
        }
        final int close = DecimalParser.parsePrefix(buffer, pos + 1, end, out);
        if (!out.isPresent() || close >= end || byteAt(close) != '"') {
            return false;
        }
        pos = close + 1;
        return true;
    }

    /** "m": is the buyer the market maker? The taker is then the seller. */
    private boolean buyerIsMaker(TradeFields trade) {
        if (pos + Integer.BYTES > end) {
            return false;
        }
        final int word = UncheckedReads.intLittleEndian(array, address + pos);
        if (word == TRUE) {
            pos += 4;
            trade.aggressorSide = Side.SELL;
            return true;
        }
        if (word == FALS && pos + 5 <= end && byteAt(pos + 4) == 'e') {
            pos += 5;
            trade.aggressorSide = Side.BUY;
            return true;
        }
        return false;
    }

    /** A value this reader has no use for: a plain string, an integer, true, false or null. */
    private boolean skipScalar() {
        if (pos >= end) {
            return false;
        }
        final byte first = byteAt(pos);
        if (first == '"') {
            return skipString();
        }
        if (first == '-' || (first >= '0' && first <= '9')) {
            return skipInteger();
        }
        if (pos + Integer.BYTES > end) {
            return false;
        }
        final int word = UncheckedReads.intLittleEndian(array, address + pos);
        if (word == TRUE || word == NULL) {
            pos += 4;
            return true;
        }
        if (word == FALS && pos + 5 <= end && byteAt(pos + 4) == 'e') {
            pos += 5;
            return true;
        }
        return false;
    }

    private boolean consume(char expected) {
        if (pos < end && byteAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    /** The three bytes at {@code at}, which must be followed by a fourth inside the frame. */
    private int threeBytesAt(int at) {
        return UncheckedReads.intLittleEndian(array, address + at) & THREE_BYTES;
    }

    /** Only for an index inside the frame (or, looking ahead, the buffer). */
    private byte byteAt(int index) {
        return UncheckedReads.byteAt(array, address + index);
    }

    private static boolean isLetter(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** {@code ,"X":} for the key letter X, as {@link #key} compares it. */
    private static long member(char letter) {
        return ',' | '"' << 8 | (long) letter << 16 | (long) '"' << 24 | (long) ':' << 32;
    }

    /** One bit per key letter ('A' to 'z' is 58 values). */
    private static long bit(int letter) {
        return 1L << (letter - 'A');
    }
}
