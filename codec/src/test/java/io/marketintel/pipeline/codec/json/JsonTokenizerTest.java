package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.DecimalParseResult;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTokenizerTest {
    private final JsonTokenizer tokenizer = new JsonTokenizer();

    /** Tokens as "TYPE" or "TYPE:text" (text for keys, strings, numbers), up to END or ERROR. */
    private List<String> tokens(String json) {
        return tokens(tokenizer, json);
    }

    private static List<String> tokens(JsonTokenizer tokenizer, String json) {
        final byte[] bytes = ("##" + json + "##").getBytes(StandardCharsets.UTF_8);
        // Offset and trailing bytes prove the tokenizer honours the range it was given.
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        tokenizer.reset(buffer, 2, bytes.length - 4);
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            final JsonToken token = tokenizer.next();
            switch (token) {
                case KEY, STRING, NUMBER -> out.add(token + ":" + new String(
                        bytes, tokenizer.tokenOffset(), tokenizer.tokenLength(), StandardCharsets.UTF_8));
                default -> out.add(token.name());
            }
            if (token == JsonToken.END || token == JsonToken.ERROR) {
                return out;
            }
        }
        throw new AssertionError("tokenizer did not terminate");
    }

    private JsonToken last(String json) {
        final List<String> all = tokens(json);
        return JsonToken.valueOf(all.get(all.size() - 1));
    }

    @Test
    void shouldTokenizeNestedObjectsAndArrays() {
        assertThat(tokens(" {\"a\" : [1, -2.5e+3, \"x\", true, false, null, {}, []], \"b\":{\"c\":0}}\r\n"))
                .containsExactly("START_OBJECT", "KEY:a", "START_ARRAY", "NUMBER:1", "NUMBER:-2.5e+3",
                        "STRING:x", "TRUE", "FALSE", "NULL", "START_OBJECT", "END_OBJECT", "START_ARRAY",
                        "END_ARRAY", "END_ARRAY", "KEY:b", "START_OBJECT", "KEY:c", "NUMBER:0", "END_OBJECT",
                        "END_OBJECT", "END");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "12", "-0.5", "1e5", "1E-5", "1.25e+10", "\"\"", "true", "null", "[]", "{}",
            "[[[]]]", " \t\n\r 7 \t\n\r "})
    void shouldAcceptValidTopLevelValues(String json) {
        assertThat(last(json)).isEqualTo(JsonToken.END);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "012", "-012", "1.", "-", "+1", ".5", "1e", "1e+", "01.5", "1.e3",
            "tru", "truex", "nul", "False", "NaN", "Infinity", "\"abc", "{\"a\":1", "[1,2", "[1,]", "{\"a\":1,}",
            "{\"a\" 1}", "{a:1}", "{\"a\":}", "[1 2]", "{} {}", "1 2", "{}x", "[}", "{]", "}", "'a'",
            "\"bad \\x escape\"", "\"bad \\u12G4\"", "\"short \\u12\"", "\"trailing backslash\\", "[1,,2]",
            "{,}", "{\"a\":1 \"b\":2}", "\"tab\tinside\"", "\"newline\ninside\""})
    void shouldReportErrorForMalformedInput(String json) {
        assertThat(last(json)).isEqualTo(JsonToken.ERROR);
    }

    @Test
    void shouldRejectLeadingZeroAtOnceRatherThanAfterTheZero() {
        assertThat(tokens("[012]")).containsExactly("START_ARRAY", "ERROR");
    }

    @Test
    void shouldKeepReportingErrorAfterAnError() {
        tokens("[x");
        assertThat(tokenizer.next()).isEqualTo(JsonToken.ERROR);
        assertThat(tokenizer.next()).isEqualTo(JsonToken.ERROR);
        assertThat(tokenizer.errorOffset()).isEqualTo(3);
    }

    @Test
    void shouldKeepReportingEndAfterEnd() {
        tokens("{}");
        assertThat(tokenizer.next()).isEqualTo(JsonToken.END);
    }

    @Test
    void shouldReportStringContentsWithoutQuotesAndFlagEscapes() {
        final byte[] bytes = "{\"k\\\"ey\":\"plain\"}".getBytes(StandardCharsets.UTF_8);
        tokenizer.reset(new UnsafeBuffer(bytes), 0, bytes.length);
        assertThat(tokenizer.next()).isEqualTo(JsonToken.START_OBJECT);
        assertThat(tokenizer.next()).isEqualTo(JsonToken.KEY);
        assertThat(tokenizer.tokenOffset()).isEqualTo(2);
        assertThat(tokenizer.tokenLength()).isEqualTo(5);
        assertThat(tokenizer.hasEscapes()).isTrue();
        assertThat(tokenizer.next()).isEqualTo(JsonToken.STRING);
        assertThat(tokenizer.tokenLength()).isEqualTo(5);
        assertThat(tokenizer.hasEscapes()).isFalse();
    }

    @Test
    void shouldAcceptEveryValidEscapeAndNonAsciiBytes() {
        assertThat(tokens("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 é €\""))
                .containsExactly("STRING:\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 é €", "END");
    }

    @Test
    void shouldTrackDepth() {
        final byte[] bytes = "{\"a\":[1]}".getBytes(StandardCharsets.UTF_8);
        tokenizer.reset(new UnsafeBuffer(bytes), 0, bytes.length);
        final int[] depths = new int[7];
        for (int i = 0; i < depths.length; i++) {
            tokenizer.next();
            depths[i] = tokenizer.depth();
        }
        // {  "a"  [  1  ]  }  END
        assertThat(depths).containsExactly(1, 1, 2, 2, 1, 0, 0);
    }

    @Test
    void shouldAcceptNestingUpToTheMaximumDepth() {
        assertThat(last("[".repeat(32) + "]".repeat(32))).isEqualTo(JsonToken.END);
        assertThat(last("{\"a\":".repeat(31) + "{}" + "}".repeat(31))).isEqualTo(JsonToken.END);
    }

    @Test
    void shouldReportErrorWhenNestingExceedsTheMaximumDepth() {
        assertThat(last("[".repeat(33) + "]".repeat(33))).isEqualTo(JsonToken.ERROR);
        assertThat(last("[".repeat(100_000))).isEqualTo(JsonToken.ERROR);
    }

    @Test
    void shouldHonourAConfiguredMaximumDepth() {
        final JsonTokenizer shallow = new JsonTokenizer(2);
        assertThat(tokens(shallow, "{\"a\":{\"b\":1}}")).endsWith("END");
        assertThat(tokens(shallow, "{\"a\":{\"b\":[1]}}")).endsWith("ERROR");
    }

    @Test
    void shouldTokenizeAgainAfterReset() {
        assertThat(last("[1,")).isEqualTo(JsonToken.ERROR);
        assertThat(tokens("[1]")).containsExactly("START_ARRAY", "NUMBER:1", "END_ARRAY", "END");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"0.00240000\",\"16850.00000000\"]", "[\"1e5\", -2.5E-3, 0]", "[\"abc\", \"1.2.3\", \"\"]",
        "[\"2\\u0030\", \"1x\", true, null, {}]", "{\"p\":\"27000.5\"}", "[\"123", "[\"1.5\u0001\"]", "[01]",
        "[\"12345678901234567890\"]", "[123456789012345678901234567890]", " \"7\" ", "\"0.1\""})
    void shouldReadDecimalsWithTheSameTokensAsNext(String json) {
        assertSameAsNext(json);
    }

    @Test
    void shouldReadRandomTextWithNextDecimalTheSameAsWithNext() {
        final String alphabet = "0123456789012345678901234567890123456789.-+eE\"\"\"\"\"\\u ,,[]{}:tx";
        final SplittableRandom random = new SplittableRandom(11);
        final StringBuilder json = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            json.setLength(0);
            json.append(random.nextBoolean() ? "[\"" : "[");
            final int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                json.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextBoolean()) {
                json.append("\"]");
            }
            assertSameAsNext(json.toString());
        }
    }

    /**
     * Tokenizes {@code json} with next() and with nextDecimal(): tokens, offsets, escapes and
     * errors must be the same, and the decimal present exactly when the token's text parses.
     */
    private static void assertSameAsNext(String json) {
        final byte[] bytes = ("##" + json + "##").getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final JsonTokenizer plain = new JsonTokenizer().reset(buffer, 2, bytes.length - 4);
        final JsonTokenizer typed = new JsonTokenizer().reset(buffer, 2, bytes.length - 4);
        final MutableDecimal decimal = new MutableDecimal();
        final MutableDecimal expected = new MutableDecimal();
        for (int i = 0; i < 1_000; i++) {
            final JsonToken token = plain.next();
            assertThat(typed.nextDecimal(decimal)).as(json).isEqualTo(token);
            assertThat(typed.tokenOffset()).as(json).isEqualTo(plain.tokenOffset());
            assertThat(typed.tokenLength()).as(json).isEqualTo(plain.tokenLength());
            assertThat(typed.hasEscapes()).as(json).isEqualTo(plain.hasEscapes());
            assertThat(typed.errorOffset()).as(json).isEqualTo(plain.errorOffset());
            assertThat(typed.depth()).as(json).isEqualTo(plain.depth());
            final boolean numeric = token == JsonToken.NUMBER || (token == JsonToken.STRING && !plain.hasEscapes());
            final boolean parses = numeric && DecimalParser.parse(
                    buffer, plain.tokenOffset(), plain.tokenLength(), expected) == DecimalParseResult.OK;
            assertThat(decimal.isPresent()).as(json).isEqualTo(parses);
            if (parses) {
                assertThat(decimal.mantissa()).as(json).isEqualTo(expected.mantissa());
                assertThat(decimal.exponent()).as(json).isEqualTo(expected.exponent());
            }
            if (token == JsonToken.END || token == JsonToken.ERROR) {
                return;
            }
        }
        throw new AssertionError("tokenizer did not terminate");
    }
}
