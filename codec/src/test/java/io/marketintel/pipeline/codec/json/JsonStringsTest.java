package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4);

    /** Unescapes {@code escaped} (string contents as they appear between the quotes). */
    private String unescape(String escaped) {
        final byte[] bytes = escaped.getBytes(StandardCharsets.UTF_8);
        final int written = JsonStrings.unescape(new UnsafeBuffer(bytes), 0, bytes.length, out, 3);
        return written < 0 ? null : out.getStringWithoutLengthUtf8(3, written);
    }

    @Test
    void shouldUnescapeSimpleEscapes() {
        assertThat(unescape("a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti")).isEqualTo("a\"b\\c/d\be\ff\ng\rh\ti");
    }

    @Test
    void shouldUnescapeUnicodeEscapesToUtf8() {
        assertThat(unescape("\\u0041\\u00e9\\u20AC")).isEqualTo("Aé€");
        assertThat(unescape("BTC\\u002fUSD")).isEqualTo("BTC/USD");
    }

    @Test
    void shouldJoinSurrogatePairsIntoOneCodePoint() {
        assertThat(unescape("x\\uD83D\\uDE00y")).isEqualTo("x\uD83D\uDE00y");
        final byte[] bytes = "\\uD83D\\uDE00".getBytes(StandardCharsets.US_ASCII);
        final int written = JsonStrings.unescape(new UnsafeBuffer(bytes), 0, bytes.length, out, 0);
        assertThat(written).isEqualTo(4);
        assertThat(out.getByte(0) & 0xFF).isEqualTo(0xF0);
    }

    @Test
    void shouldReplaceLoneSurrogatesWithReplacementCharacter() {
        assertThat(unescape("\\uD83Dx")).isEqualTo("\uFFFDx");
        assertThat(unescape("\\uDE00")).isEqualTo("\uFFFD");
        assertThat(unescape("\\uD83D\\u0041")).isEqualTo("\uFFFDA");
    }

    @Test
    void shouldCopyUnescapedBytesAsTheyAre() {
        assertThat(unescape("plain é")).isEqualTo("plain é");
    }

    @Test
    void shouldReportMalformedEscapes() {
        assertThat(unescape("\\x")).isNull();
        assertThat(unescape("\\u12")).isNull();
        assertThat(unescape("abc\\")).isNull();
    }

    @Test
    void shouldReportWhenAFixedDestinationIsTooSmall() {
        final byte[] bytes = "abc\\u20AC".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer small = new UnsafeBuffer(new byte[5]);
        assertThat(JsonStrings.unescape(new UnsafeBuffer(bytes), 0, bytes.length, small, 0)).isEqualTo(-1);
        assertThat(JsonStrings.unescape(new UnsafeBuffer(bytes), 0, 3, small, 0)).isEqualTo(3);
    }
}
