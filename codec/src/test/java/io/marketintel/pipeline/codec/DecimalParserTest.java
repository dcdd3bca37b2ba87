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
     * and followed by plenty of bytes (the eight-byte fast path where it applies); both must agree.
     */
    private static DecimalParseResult parse(String text, MutableDecimal out) {
        final MutableDecimal tight = new MutableDecimal();
        final DecimalParseResult general = parseIn("xx" + text + "yy", text.length(), tight);
        final DecimalParseResult roomy = parseIn("xx" + text + "\u00019=12345678", text.length(), out);
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
    void shouldParseRandomShortTextTheSameWithAndWithoutRoomForTheFastPath() {
        final String alphabet = "0123456789012345678901234567890123456789..-+eE";
        final SplittableRandom random = new SplittableRandom(7);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            text.setLength(0);
            final int length = 1 + random.nextInt(10);
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
        "99999999, 99999999, 0"
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
        "1e-3000000000, OVERFLOW"
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
}
