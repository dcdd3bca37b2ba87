package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decode;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A symbol is a protobuf {@code string}: text that is not UTF-8 made envelopes that the
 * generated classes refuse to parse ("Protocol message had invalid UTF-8"), so one bad byte from
 * a venue broke every consumer of the stream. Found by {@link VenueDialectFuzzTest}. Each dialect
 * now calls such a frame malformed and publishes nothing, and still takes a symbol that is UTF-8
 * beyond ASCII.
 */
class VenueDialectUtf8Test {

    /** Per dialect, a trade fixture and its symbol; Binance also compact, as its fast path reads it. */
    static Stream<Arguments> tradeFixtures() {
        return Stream.of(
                Arguments.of("binance", "binance/trade.json", "BNBBTC", null),
                Arguments.of("binance", "binance/trade.json", "BNBBTC", "compact"),
                Arguments.of("coinbase", "coinbase/match.json", "BTC-USD", null),
                Arguments.of("kraken", "kraken/trade-update.json", "MATIC/USD", null),
                Arguments.of("bitstamp", "bitstamp/trade.json", "btcusd", null),
                Arguments.of("okx", "okx/trades.json", "BTC-USDT", null));
    }

    @ParameterizedTest
    @MethodSource("tradeFixtures")
    void shouldRefuseASymbolThatIsNotUtf8(String format, String fixture, String symbol, String compact) {
        final String text = text(fixture, compact);
        // 0xE9 is 'é' in ISO-8859-1, and on its own no UTF-8 at all.
        final byte[] frame = withByte(text.replace(symbol, symbol.substring(0, 2) + "\u0000" + symbol.substring(2)),
                (byte) 0xE9);
        final Decoded decoded = decode(VenueDialects.decoderFor(format).orElseThrow(), frame);
        assertThat(decoded.outcome()).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoded.envelopes()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("tradeFixtures")
    void shouldKeepASymbolThatIsUtf8BeyondAscii(String format, String fixture, String symbol, String compact) {
        final String utf8Symbol = symbol.substring(0, 2) + "\u00e9\u20ac" + symbol.substring(2);
        final byte[] frame = text(fixture, compact).replace(symbol, utf8Symbol).getBytes(StandardCharsets.UTF_8);
        final Decoded decoded = decode(VenueDialects.decoderFor(format).orElseThrow(), frame);
        assertThat(decoded.outcome()).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoded.envelopes()).isNotEmpty();
        assertThat(decoded.envelopes().get(0).getTrade().getSymbol()).isEqualTo(utf8Symbol);
    }

    /** The fixture's text; with {@code compact}, without whitespace, as the Binance fast path reads it. */
    private static String text(String fixture, String compact) {
        final String text = new String(fixture(fixture), StandardCharsets.UTF_8);
        return compact == null ? text : text.replaceAll("\\s", "");
    }

    /** The UTF-8 of {@code text} with every NUL byte replaced by {@code value}. */
    private static byte[] withByte(String text, byte value) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = bytes[i] == 0 ? value : bytes[i];
        }
        return bytes;
    }
}
