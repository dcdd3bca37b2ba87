package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DecimalParserTest {

    /**
     * Parses {@code text} twice: ending two bytes before the end of the buffer (the general loop)
     * and followed by plenty of bytes (the one- and two-word fast paths where they apply); both
     * must agree.
     */
    private static DecimalParseResult parse(String text, MutableDecimal out) {
        final MutableDecimal tight = new MutableDecimal();
        final DecimalParseResult general = parseIn("xx" + text + "yy", text.length(), tight);
        final DecimalParseResult roomy = parseIn("xx" + text + "\u00019=1234567812345678", text.length(), out);
        assertThat(roomy).as(text).isEqualTo(general);
        assertThat(out.mantissa()).as(text).isEqualTo(tight.mantissa());
        assertThat(out.exponent()).as(text).isEqualTo(tight.exponent());
        assertThat(out.isPresent()).as(text).isEqualTo(tight.isPresent());
        return roomy;
    }

    private static DecimalParseResult parseIn(String framed, int length, MutableDecimal out) {
        final byte[] bytes = framed.getBytes(StandardCharsets.US_ASCII);
        return DecimalParser.parse(new UnsafeBuffer(bytes), 2, length, out);
    }

    @Test
    void shouldParseRandomTextTheSameWithAndWithoutRoomForTheFastPaths() {
        final String alphabet = "0123456789012345678901234567890123456789..-+eE";
        final SplittableRandom random = new SplittableRandom(7);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.setLength(0);
            final int length = 1 + random.nextInt(20);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final String value = text.toString();
            final MutableDecimal out = new MutableDecimal();
            if (parse(value, out) == DecimalParseResult.OK) {
                assertThat(out.toBigDecimal()).as(value).isEqualTo(new BigDecimal(value));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}e{2}")
    @CsvSource({
        "27000.50, 2700050, -2",
        "0.00100000, 100000, -8",
        "-3, -3, 0",
        "1e-8, 1, -8",
        "1.5E+3, 15, 2",
        "+7, 7, 0",
        "00012, 12, 0",
        "0, 0, 0",
        "-0.0, 0, -1",
        "123., 123, 0",
        ".5, 5, -1",
        "9223372036854775807, 9223372036854775807, 0",
        "-9223372036854775807, -9223372036854775807, 0",
        "0000000000000000000000012.5, 125, -1",
        "2.5e10, 25, 9",
        "1E0, 1, 0",
        "1.08010, 108010, -5",
        "1000000, 1000000, 0",
        "12345678, 12345678, 0",
        "1234567., 1234567, 0",
        ".1234567, 1234567, -7",
        "27000.50, 2700050, -2",
        "99999999, 99999999, 0",
        "0.00240000, 240000, -8",
        "10.00000000, 1000000000, -8",
        "16850.00000000, 1685000000000, -8",
        "123456789, 123456789, 0",
        "1234567890123456, 1234567890123456, 0",
        "12345678.1234567, 123456781234567, -7",
        "1234567.12345678, 123456712345678, -8",
        "12345678., 12345678, 0",
        ".123456789012345, 123456789012345, -15",
        "12345678.12345678, 1234567812345678, -8",
        "99999999.99999999e2, 9999999999999999, -6",
        "-16850.00000000, -1685000000000, -8"
    })
    void shouldParseExactlyKeepingTheScaleSent(String text, long mantissa, int exponent) {
        final MutableDecimal out = new MutableDecimal();
        assertThat(parse(text, out)).isEqualTo(DecimalParseResult.OK);
        assertThat(out.mantissa()).isEqualTo(mantissa);
        assertThat(out.exponent()).isEqualTo(exponent);
        assertThat(out.isPresent()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(value = {
        "'', EMPTY",
        "1.2.3, MALFORMED",
        "--1, MALFORMED",
        "+-1, MALFORMED",
        "NaN, MALFORMED",
        "Infinity, MALFORMED",
        "-, MALFORMED",
        "., MALFORMED",
        "1e, MALFORMED",
        "1e+, MALFORMED",
        "1x, MALFORMED",
        "'1 ', MALFORMED",
        "' 1', MALFORMED",
        "e5, MALFORMED",
        "12345678901234567890, OVERFLOW",
        "9223372036854775808, OVERFLOW",
        "1.2345678901234567890123, OVERFLOW",
        "1e3000000000, OVERFLOW",
        "1e-3000000000, OVERFLOW",
        "16850.0000.0000, MALFORMED",
        "1234567890.123456x, MALFORMED",
        "12345678901234567890.5, OVERFLOW"
    })
    void shouldRejectWithATypedReason(String text, DecimalParseResult expected) {
        final MutableDecimal out = new MutableDecimal();
        assertThat(parse(text, out)).isEqualTo(expected);
        assertThat(out.isPresent()).isFalse();
    }

    @Test
    void shouldThrowATypedExceptionFromTheConvenienceMethod() {
        assertThat(DecimalParser.parse("27000.50").toBigDecimal()).isEqualByComparingTo("27000.50");
        assertThatThrownBy(() -> DecimalParser.parse("1.2.3"))
                .isInstanceOf(DecimalFormatException.class)
                .satisfies(e -> assertThat(((DecimalFormatException) e).reason()).isEqualTo(DecimalParseResult.MALFORMED))
                .hasMessageContaining("1.2.3");
    }

    @Test
    void shouldRoundTripThroughBigDecimalWithTheSameScale() {
        assertThat(DecimalParser.parse("0.00100000").toBigDecimal().toPlainString()).isEqualTo("0.00100000");
        assertThat(DecimalParser.parse("27000.50").toBigDecimal().toPlainString()).isEqualTo("27000.50");
    }

    @ParameterizedTest(name = "{0} -> end {1}, {2}")
    @CsvSource(value = {
        "0.00240000\" | 10 | 0.00240000",
        "16850.00000000\"] | 14 | 16850.00000000",
        "100\", | 3 | 100",
        "1e-8} | 4 | 1E-8",
        "1.5E+3\" | 6 | 1.5E+3",
        "-3\" | 2 | -3",
        "27000.5\\u0030 | 7 | 27000.5",
        "1.2.3 | 3 | 1.2",
        "1234567890123456789012345\" | 25 | ",
        "\"abc\" | 0 | ",
        "x | 0 | ",
        "1e\" | 2 | ",
        "-\" | 1 | "
    }, delimiter = '|', quoteCharacter = '\'')
    void shouldParseAPrefixUpToTheFirstByteThatCannotContinueIt(String text, int end, String value) {
        // Once with room for both words of the fast path, once ending right after the text.
        for (String framed : new String[] {"xx" + text + "        yyyyyyyyyyyyyyyy", "xx" + text}) {
            final MutableDecimal out = new MutableDecimal().set(42, 0);
            final byte[] bytes = framed.getBytes(StandardCharsets.US_ASCII);
            final int limit = 2 + text.length();
            assertThat(DecimalParser.parsePrefix(new UnsafeBuffer(bytes), 2, limit, out)).as(framed).isEqualTo(2 + end);
            if (value == null) {
                assertThat(out.isPresent()).as(framed).isFalse();
            } else {
                assertThat(out.toBigDecimal()).as(framed).isEqualTo(new BigDecimal(value));
            }
        }
    }

    @Test
    void shouldParseAPrefixAtTheVeryEndOfTheBufferAsWithRoomAfterIt() {
        // At the buffer's end the word path reads the buffer's last word shifted; with room after
        // the text it reads whole words: the two must agree on the end and the value.
        final String alphabet = "01234567890123456789012345678901234567890123456789..-+eE\"]";
        final SplittableRandom random = new SplittableRandom(13);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.setLength(0);
            final int length = 1 + random.nextInt(20);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            final int start = random.nextInt(10);
            final String framed = "x".repeat(start) + text;
            final MutableDecimal atEnd = new MutableDecimal();
            final MutableDecimal withRoom = new MutableDecimal();
            final int limit = framed.length();
            final int endAtEnd = DecimalParser.parsePrefix(
                    new UnsafeBuffer(framed.getBytes(StandardCharsets.US_ASCII)), start, limit, atEnd);
            final int endWithRoom = DecimalParser.parsePrefix(
                    new UnsafeBuffer((framed + "9999999999999999").getBytes(StandardCharsets.US_ASCII)), start, limit, withRoom);
            assertThat(endAtEnd).as(framed).isEqualTo(endWithRoom);
            assertThat(atEnd.isPresent()).as(framed).isEqualTo(withRoom.isPresent());
            assertThat(atEnd.mantissa()).as(framed).isEqualTo(withRoom.mantissa());
            assertThat(atEnd.exponent()).as(framed).isEqualTo(withRoom.exponent());
        }
    }

    @Test
    void shouldStopAPrefixAtTheLimitEvenWhenDigitsFollow() {
        final byte[] bytes = "0.0024000099999999999".getBytes(StandardCharsets.US_ASCII);
        final MutableDecimal out = new MutableDecimal();
        assertThat(DecimalParser.parsePrefix(new UnsafeBuffer(bytes), 0, 10, out)).isEqualTo(10);
        assertThat(out.toBigDecimal()).isEqualTo(new BigDecimal("0.00240000"));
        assertThat(DecimalParser.parsePrefix(new UnsafeBuffer(bytes), 0, 0, out)).isZero();
        assertThat(out.isPresent()).isFalse();
    }

    @Test
    void shouldRefuseAnOffsetPastTheBufferWithAnExceptionRatherThanReadOutsideIt() {
        // offset + 8 overflows int here: a check written as a sum let the unchecked word read
        // through and crashed the JVM; the range check must hold for any offset.
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final MutableDecimal out = new MutableDecimal();
        assertThatThrownBy(() -> DecimalParser.parse(buffer, Integer.MAX_VALUE - 3, 2, out))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> DecimalParser.parsePrefix(buffer, Integer.MAX_VALUE - 3, Integer.MAX_VALUE, out))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
