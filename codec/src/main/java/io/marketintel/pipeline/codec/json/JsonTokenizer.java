package io.marketintel.pipeline.codec.json;

import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import org.agrona.DirectBuffer;

/**
 * A strict (RFC 8259), streaming, pull-style JSON tokenizer over a range of a {@link
 * DirectBuffer}: {@link #reset} it on a frame, then call {@link #next()} until {@link
 * JsonToken#END} or {@link JsonToken#ERROR}. Tokens are reported as offsets into the caller's
 * buffer (string and key tokens without their quotes, still escaped; see {@link #hasEscapes()}
 * and {@link JsonStrings#unescape}), so nothing is copied and nothing is allocated after
 * construction. A caller that knows a decimal comes next reads it with {@link
 * #nextDecimal(MutableDecimal)}, which finds a string's end and its value in one pass.
 * Malformed input, truncated input and nesting deeper than {@link #maxDepth()} give {@code
 * ERROR}, never an exception. UTF-8 validity of string contents is not checked.
 *
 * <p>Not thread-safe: one instance per decoder, reused frame after frame on one thread.
 */
public final class JsonTokenizer {
    /** Deep enough for every venue format seen; shallow enough to bound work on hostile input. */
    public static final int DEFAULT_MAX_DEPTH = 32;

    private static final int EXPECT_VALUE = 0;
    private static final int EXPECT_VALUE_OR_END_ARRAY = 1;
    private static final int EXPECT_KEY_OR_END_OBJECT = 2;
    private static final int EXPECT_KEY = 3;
    private static final int EXPECT_COMMA_OR_END = 4;
    private static final int EXPECT_END_OF_INPUT = 5;
    private static final int DONE = 6;
    private static final int FAILED = 7;

    /** What {@link #skipWhitespace()} returns at the end of the input. */
    private static final int NO_BYTE = -1;

    private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};

    private final int maxDepth;
    // Whether the container open at each depth (1..maxDepth) is an object: decides what a ','
    // introduces and which closing bracket is legal.
    private final boolean[] objectAtDepth;

    private DirectBuffer buffer;
    private int position;
    private int end;
    private int state = FAILED;
    private int depth;
    private int tokenOffset;
    private int tokenLength;
    private boolean escapes;
    private int errorOffset = -1;
    // Set only for the duration of nextDecimal: where a STRING or NUMBER value's decimal goes.
    private MutableDecimal decimalTarget;

    public JsonTokenizer() {
        this(DEFAULT_MAX_DEPTH);
    }

    public JsonTokenizer(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.objectAtDepth = new boolean[maxDepth + 1];
    }

    /** Starts tokenizing {@code length} bytes at {@code offset}; the previous frame is forgotten. */
    public JsonTokenizer reset(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.state = EXPECT_VALUE;
        this.depth = 0;
        this.tokenOffset = offset;
        this.tokenLength = 0;
        this.escapes = false;
        this.errorOffset = -1;
        return this;
    }

    /** Advances to the next token. After {@code END} or {@code ERROR} it keeps returning that. */
    public JsonToken next() {
        if (state == DONE) {
            return JsonToken.END;
        }
        if (state == FAILED) {
            return JsonToken.ERROR;
        }
        // The byte that starts the token is read once here and handed down, rather than read
        // again (bounds check and all) by each step that looks at it.
        final int b = skipWhitespace();
        switch (state) {
            case EXPECT_VALUE:
                return value(b);
            case EXPECT_VALUE_OR_END_ARRAY:
                return b == ']' ? endContainer(JsonToken.END_ARRAY) : value(b);
            case EXPECT_KEY_OR_END_OBJECT:
                return b == '}' ? endContainer(JsonToken.END_OBJECT) : key(b);
            case EXPECT_KEY:
                return key(b);
            case EXPECT_COMMA_OR_END:
                return commaOrEnd(b);
            default:
                return endOfInput();
        }
    }

    /**
     * Like {@link #next()}, and when the token is a NUMBER, or a STRING without escapes, whose
     * text is a decimal {@link DecimalParser} accepts, that decimal is also in {@code out}
     * (cleared otherwise, whatever the token). Tokens, offsets and errors are exactly those of
     * {@code next()}; only the work differs: a string's bytes are parsed while its closing quote
     * is looked for, rather than scanned first and parsed after.
     */
    public JsonToken nextDecimal(MutableDecimal out) {
        out.clear();
        decimalTarget = out;
        try {
            return next();
        } finally {
            decimalTarget = null;
        }
    }

    /** Offset of the current token in the buffer: for strings and keys, just after the quote. */
    public int tokenOffset() {
        return tokenOffset;
    }

    /** Length of the current token: for strings and keys, of the still-escaped contents. */
    public int tokenLength() {
        return tokenLength;
    }

    /** Whether the current string or key contains backslash escapes (see {@link JsonStrings#unescape}). */
    public boolean hasEscapes() {
        return escapes;
    }

    /**
     * Containers open after the current token: 1 after the top-level {@code START_OBJECT}, 0
     * after its {@code END_OBJECT}; a key and its scalar value are at their object's depth.
     */
    public int depth() {
        return depth;
    }

    public int maxDepth() {
        return maxDepth;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    /** Where the input stopped being JSON, after {@code ERROR}; -1 otherwise. For diagnostics. */
    public int errorOffset() {
        return errorOffset;
    }

    /** The value starting with byte {@code b} at {@code position} ({@link #NO_BYTE} at the end). */
    private JsonToken value(int b) {
        switch (b) {
            case '{':
                return startContainer(true);
            case '[':
                return startContainer(false);
            case '"':
                if (decimalTarget != null) {
                    return decimalString(decimalTarget);
                }
                return scanString() ? scalar(JsonToken.STRING) : JsonToken.ERROR;
            case 't':
                return literal(TRUE_BYTES, JsonToken.TRUE);
            case 'f':
                return literal(FALSE_BYTES, JsonToken.FALSE);
            case 'n':
                return literal(NULL_BYTES, JsonToken.NULL);
            default:
                return b == '-' || (b >= '0' && b <= '9') ? number() : fail(position);
        }
    }

    private JsonToken key(int b) {
        if (b != '"' || !scanString()) {
            return state == FAILED ? JsonToken.ERROR : fail(position);
        }
        // The ':' is consumed here so that KEY always means "a value follows".
        if (skipWhitespace() != ':') {
            return fail(position);
        }
        position++;
        state = EXPECT_VALUE;
        return JsonToken.KEY;
    }

    private JsonToken commaOrEnd(int b) {
        final boolean inObject = objectAtDepth[depth];
        if (b == ',') {
            position++;
            final int next = skipWhitespace();
            return inObject ? key(next) : value(next);
        }
        if (b == '}' && inObject) {
            return endContainer(JsonToken.END_OBJECT);
        }
        if (b == ']' && !inObject) {
            return endContainer(JsonToken.END_ARRAY);
        }
        return fail(position);
    }

    private JsonToken endOfInput() {
        if (position < end) {
            return fail(position);
        }
        state = DONE;
        tokenOffset = position;
        tokenLength = 0;
        escapes = false;
        return JsonToken.END;
    }

    private JsonToken startContainer(boolean object) {
        if (depth == maxDepth) {
            return fail(position);
        }
        depth++;
        objectAtDepth[depth] = object;
        setToken(position, 1, false);
        position++;
        state = object ? EXPECT_KEY_OR_END_OBJECT : EXPECT_VALUE_OR_END_ARRAY;
        return object ? JsonToken.START_OBJECT : JsonToken.START_ARRAY;
    }

    private JsonToken endContainer(JsonToken token) {
        setToken(position, 1, false);
        position++;
        depth--;
        afterValue();
        return token;
    }

    private JsonToken scalar(JsonToken token) {
        afterValue();
        return token;
    }

    private void afterValue() {
        state = depth == 0 ? EXPECT_END_OF_INPUT : EXPECT_COMMA_OR_END;
    }

    /**
     * A string value whose opening quote is at {@code position}, parsed as a decimal up to the
     * first byte that cannot continue one: when that byte is the closing quote the string was
     * the decimal; otherwise (a letter, an escape, a second point) the rest is scanned as any
     * string, and {@code out} is cleared.
     */
    private JsonToken decimalString(MutableDecimal out) {
        final int start = position + 1;
        final int stop = DecimalParser.parsePrefix(buffer, start, end, out);
        if (stop < end && buffer.getByte(stop) == '"') {
            setToken(start, stop - start, false);
            position = stop + 1;
            return scalar(JsonToken.STRING);
        }
        out.clear();
        // The bytes before stop are digits, signs, points or exponent markers: nothing a
        // string scan would stop at, so it goes on from there.
        return scanString(start, stop) ? scalar(JsonToken.STRING) : JsonToken.ERROR;
    }

    /** Scans a string whose opening quote is at {@code position}; sets the token on success. */
    private boolean scanString() {
        return scanString(position + 1, position + 1);
    }

    /** Scans the string whose contents start at {@code start} from {@code from}, past plain bytes only. */
    private boolean scanString(int start, int from) {
        boolean sawEscape = false;
        int i = from;
        while (true) {
            // Jump over the plain bytes eight at a time; stop only on '"', '\\' or a control byte.
            i = JsonBytes.stringSpecial(buffer, i, end);
            if (i >= end) {
                fail(end);
                return false;
            }
            final byte b = buffer.getByte(i);
            if (b == '"') {
                setToken(start, i - start, sawEscape);
                position = i + 1;
                return true;
            }
            if (b != '\\') {
                // RFC 8259: control characters must be escaped inside strings.
                fail(i);
                return false;
            }
            final int escapeLength = escapeLength(i);
            if (escapeLength == 0) {
                fail(i);
                return false;
            }
            sawEscape = true;
            i += escapeLength;
        }
    }

    /** Length of the valid escape sequence at {@code i} (a backslash), or 0 if it is not one. */
    private int escapeLength(int i) {
        if (i + 1 >= end) {
            return 0;
        }
        switch (buffer.getByte(i + 1)) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return 2;
            case 'u':
                return JsonStrings.hex4(buffer, i + 2, end) >= 0 ? 6 : 0;
            default:
                return 0;
        }
    }

    private JsonToken number() {
        final int start = position;
        int i = position;
        if (buffer.getByte(i) == '-') {
            i++;
        }
        if (i >= end) {
            return fail(i);
        }
        if (buffer.getByte(i) == '0') {
            // RFC 8259 forbids leading zeros; a digit after this '0' fails the delimiter check.
            i++;
        } else if (isDigit(buffer.getByte(i))) {
            i = skipDigits(i);
        } else {
            return fail(i);
        }
        if (i < end && buffer.getByte(i) == '.') {
            final int fractionStart = i + 1;
            i = skipDigits(fractionStart);
            if (i == fractionStart) {
                return fail(i);
            }
        }
        if (i < end && (buffer.getByte(i) == 'e' || buffer.getByte(i) == 'E')) {
            i++;
            if (i < end && (buffer.getByte(i) == '+' || buffer.getByte(i) == '-')) {
                i++;
            }
            final int exponentStart = i;
            i = skipDigits(exponentStart);
            if (i == exponentStart) {
                return fail(i);
            }
        }
        if (!isDelimiter(i)) {
            return fail(i);
        }
        setToken(start, i - start, false);
        position = i;
        if (decimalTarget != null) {
            // RFC 8259 numbers are a subset of what DecimalParser accepts: only overflow fails.
            DecimalParser.parse(buffer, start, i - start, decimalTarget);
        }
        return scalar(JsonToken.NUMBER);
    }

    private JsonToken literal(byte[] expected, JsonToken token) {
        final int start = position;
        if (end - start < expected.length) {
            return fail(start);
        }
        for (int k = 0; k < expected.length; k++) {
            if (buffer.getByte(start + k) != expected[k]) {
                return fail(start + k);
            }
        }
        final int after = start + expected.length;
        if (!isDelimiter(after)) {
            return fail(after);
        }
        setToken(start, expected.length, false);
        position = after;
        return scalar(token);
    }

    private int skipDigits(int i) {
        return JsonBytes.nonDigit(buffer, i, end);
    }

    /** What may follow a number or literal; checking it here reports "012" or "truex" at once. */
    private boolean isDelimiter(int i) {
        if (i >= end) {
            return true;
        }
        final byte b = buffer.getByte(i);
        return isWhitespace(b) || b == ',' || b == ']' || b == '}';
    }

    /**
     * Moves past whitespace; returns the byte then at {@code position}, or {@link #NO_BYTE} at the
     * end. A 0xFF byte also reads as -1: harmless, as neither can start a token and both fail
     * at {@code position}.
     */
    private int skipWhitespace() {
        while (position < end) {
            final byte b = buffer.getByte(position);
            if (!isWhitespace(b)) {
                return b;
            }
            position++;
        }
        return NO_BYTE;
    }

    private void setToken(int offset, int length, boolean hasEscapes) {
        tokenOffset = offset;
        tokenLength = length;
        escapes = hasEscapes;
    }

    private JsonToken fail(int offset) {
        state = FAILED;
        errorOffset = offset;
        setToken(offset, 0, false);
        return JsonToken.ERROR;
    }

    private static boolean isWhitespace(byte b) {
        // Compact frames have no whitespace: one compare rejects every printable byte (bytes
        // from 0x80 up are negative here and fall through to the exact test).
        return b <= ' ' && (b == ' ' || b == '\t' || b == '\n' || b == '\r');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
