package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.AsciiSwar;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.UncheckedReads;
import io.marketintel.pipeline.codec.Utf8Text;
import io.marketintel.pipeline.codec.json.JsonBytes;
import org.agrona.DirectBuffer;

/**
 * A read position in one frame of compact JSON (no whitespace), for a fast path that reads its
 * venue's usual shape without the tokenizer ({@link BinanceCompactFrameReader}): one-letter keys
 * checked with one word compare, values interpreted as they are read (integers and decimals
 * converted from whole words, strings scanned with {@link JsonBytes}). A read that finds anything
 * but the form it expects returns false (or -1), and its caller gives the frame up: where the
 * cursor stands after a failed read is not defined.
 *
 * <p>The frame's memory is read without a check per read: {@link #wrap} checks that the frame
 * lies in its buffer, and every read stays before the frame's end or, for the word reads that
 * look ahead, before the buffer's capacity. Allocation-free. Not thread-safe: one per reader.
 */
final class CompactJsonCursor {
    /** What {@link #epochMillisAsNanos()} returns for anything but a time. */
    static final long ABSENT = Long.MIN_VALUE;
    /** {@code "X":} read as a little-endian int, with the key letter X masked out. */
    private static final int KEY_MASK = 0xFFFF_00FF;
    private static final int KEY_PATTERN = '"' | '"' << 16 | ':' << 24;
    /** The five bytes of {@code ,"X":} in a little-endian word ({@link #member}). */
    private static final long MEMBER_MASK = 0xFF_FFFF_FFFFL;
    private static final int MEMBER_BYTES = 5;
    private static final int THREE_BYTES = 0x00FF_FFFF;
    private static final int TRUE = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int FALS = 'f' | 'a' << 8 | 'l' << 16 | 's' << 24;
    private static final int NULL = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    /** Digits a whole number may have here: any 18 fit a long. */
    private static final int MAX_WHOLE_DIGITS = 18;
    private static final long MAX_EPOCH_MILLIS = Long.MAX_VALUE / 1_000_000;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private DirectBuffer buffer;
    /** The buffer's capacity: a word read at an index up to eight before it stays in the buffer. */
    private int capacity;
    private byte[] array;
    private long address;
    private int pos;
    private int end;

    /** Starts reading {@code length} bytes at {@code offset}; throws if they are not all in the buffer. */
    void wrap(DirectBuffer buffer, int offset, int length) {
        buffer.boundsCheck(offset, length);
        this.buffer = buffer;
        this.capacity = buffer.capacity();
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        this.pos = offset;
        this.end = offset + length;
    }

    int pos() {
        return pos;
    }

    /** Moves to {@code index}, which the caller has read up to (inside the frame). */
    void moveTo(int index) {
        pos = index;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos == end;
    }

    /** Moves past {@code literal} when it comes next (with at least sixteen bytes left). */
    boolean skip(AsciiLiteral literal) {
        if (!literal.at(array, address, pos, end)) {
            return false;
        }
        pos += literal.length;
        return true;
    }

    /** Moves past the four bytes of {@code word} (little-endian) when they come next. */
    boolean skipWord(int word) {
        if (pos > end - Integer.BYTES || UncheckedReads.intLittleEndian(array, address + pos) != word) {
            return false;
        }
        pos += Integer.BYTES;
        return true;
    }

    /**
     * Moves past {@code ,"X":} when it comes next, {@code member} being {@link #member}('X'):
     * false, without moving, for anything else.
     */
    boolean key(long member) {
        if (pos > end - Long.BYTES
                || (UncheckedReads.longLittleEndian(array, address + pos) & MEMBER_MASK) != member) {
            return false;
        }
        pos += MEMBER_BYTES;
        return true;
    }

    /**
     * Reads {@code "X":} and returns the letter X, or -1 when the next bytes are not a one-letter
     * key (longer, escaped, not a letter, whitespace, too few bytes).
     */
    int nextKey() {
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

    /** An unsigned JSON integer as epoch milliseconds, in nanoseconds; {@link #ABSENT} if not one or too large. */
    long epochMillisAsNanos() {
        final long millis = wholeNumber();
        return millis >= 0 && millis <= MAX_EPOCH_MILLIS ? millis * 1_000_000 : ABSENT;
    }

    /**
     * An unsigned JSON integer of at most {@link #MAX_WHOLE_DIGITS} digits (no leading zero); -1
     * for anything else. Up to sixteen digits (every time and update id Binance sends) are found
     * and converted from the same two words; longer ones, or too near the buffer's end to read
     * two words, byte by byte.
     */
    long wholeNumber() {
        final int start = pos;
        if (start > capacity - 2 * Long.BYTES) {
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
        final int digits = digitsAt(start);
        return digits > 1 && byteAt(start) == '0' ? 0 : digits;
    }

    /**
     * How many digits run from {@code start} to before the frame's end: from one word when they
     * end inside it (ids and counts mostly do), else scanned on with {@link JsonBytes#nonDigit}.
     */
    private int digitsAt(int start) {
        if (start <= capacity - Long.BYTES) {
            final long stops = AsciiSwar.nonDigitFlags(UncheckedReads.longLittleEndian(array, address + start))
                    | pastEnd(end - start);
            if (stops != 0) {
                return Long.numberOfTrailingZeros(stops) >>> 3;
            }
        }
        return JsonBytes.nonDigit(buffer, start, end) - start;
    }

    /** A JSON integer, sign allowed and any length, as text (a trade id). */
    boolean integerText(ByteSlice out) {
        final int start = pos;
        if (!skipInteger()) {
            return false;
        }
        out.wrap(buffer, start, pos - start);
        return true;
    }

    boolean skipInteger() {
        final int digitsStart = pos < end && byteAt(pos) == '-' ? pos + 1 : pos;
        final int digits = integerDigits(digitsStart);
        if (digits == 0) {
            return false;
        }
        pos = digitsStart + digits;
        return true;
    }

    /** A non-empty string without escapes, in UTF-8 (it goes into a protobuf string), as a view (a symbol). */
    boolean text(ByteSlice out) {
        final int start = pos + 1;
        if (!skipString() || pos - 1 == start || !Utf8Text.isValid(buffer, start, pos - 1 - start)) {
            return false;
        }
        out.wrap(buffer, start, pos - 1 - start);
        return true;
    }

    /** Moves past a string without escapes or control bytes; false for anything else. */
    boolean skipString() {
        if (pos >= end || byteAt(pos) != '"') {
            return false;
        }
        final int close = plainStringEnd(pos + 1);
        if (close >= end || byteAt(close) != '"') {
            return false;
        }
        pos = close + 1;
        return true;
    }

    /**
     * Where the plain run of a string's text from {@code from} ends ({@link
     * JsonBytes#stringSpecial}): from one word when it ends inside it (symbols mostly do). Only
     * the first flagged byte counts, and one past the frame's end is never taken for the close.
     */
    private int plainStringEnd(int from) {
        if (from <= capacity - Long.BYTES) {
            final long flags = JsonBytes.stringSpecialFlags(UncheckedReads.longLittleEndian(array, address + from));
            if (flags != 0) {
                return from + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
        }
        return JsonBytes.stringSpecial(buffer, from, end);
    }

    /** A string that is exactly a decimal, parsed while its closing quote is found. */
    boolean decimalString(MutableDecimal out) {
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

    /** A value this reader has no use for: a plain string, an integer, true, false or null. */
    boolean skipScalar() {
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

    boolean consume(char expected) {
        if (pos < end && byteAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    /** The three bytes at {@code at}, which must be followed by a fourth inside the frame. */
    int threeBytesAt(int at) {
        return UncheckedReads.intLittleEndian(array, address + at) & THREE_BYTES;
    }

    /** Only for an index inside the frame (or, looking ahead, the buffer). */
    byte byteAt(int index) {
        return UncheckedReads.byteAt(array, address + index);
    }

    /** true as 1, false as 0 (moving past it); -1, not moving, for anything else. */
    int booleanValue() {
        if (pos + Integer.BYTES > end) {
            return -1;
        }
        final int word = UncheckedReads.intLittleEndian(array, address + pos);
        if (word == TRUE) {
            pos += 4;
            return 1;
        }
        if (word == FALS && pos + 5 <= end && byteAt(pos + 4) == 'e') {
            pos += 5;
            return 0;
        }
        return -1;
    }

    /** The decimal whose text starts at {@code at}, into {@code out}: {@link DecimalParser#parsePrefix}. */
    int decimalAt(int at, MutableDecimal out) {
        return DecimalParser.parsePrefix(buffer, at, end, out);
    }

    /** The two bytes at {@code at}, which must be inside the frame. */
    short shortAt(int at) {
        return UncheckedReads.shortLittleEndian(array, address + at);
    }

    private static boolean isLetter(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** {@code ,"X":} for the key letter X, as {@link #key} compares it. */
    static long member(char letter) {
        return ',' | '"' << 8 | (long) letter << 16 | (long) '"' << 24 | (long) ':' << 32;
    }
}
