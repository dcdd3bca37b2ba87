package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.assertData;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.assertOutcome;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.book;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.dec;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decode;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.envelope;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.fixture;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.level;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.trade;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.utf8;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.venueError;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Quote;
import io.marketintel.pipeline.schema.v1.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinanceSpotDecoderTest {
    private static final long TIME_NS = 1_672_515_782_136_000_000L;

    private final BinanceSpotDecoder decoder = new BinanceSpotDecoder();


    @Test
    void shouldDecodeTradeWithSellAggressorWhenBuyerIsMaker() {
        assertData(decoder, fixture("binance/trade.json"), envelope(1, 0, TIME_NS)
                .setTrade(trade("BNBBTC", dec(1, -3), dec(100, 0), Side.SIDE_SELL, "12345")).build());
    }

    @Test
    void shouldDecodeAggTradeWithAggregateIdAsTradeId() {
        assertData(decoder, fixture("binance/aggTrade.json"), envelope(1, 0, TIME_NS)
                .setTrade(trade("BNBBTC", dec(1, -3), dec(100, 0), Side.SIDE_SELL, "12345")).build());
    }

    @Test
    void shouldDecodeCombinedStreamPayloadAsTheRawOne() {
        assertData(decoder, fixture("binance/combined-trade.json"), envelope(1, 0, TIME_NS)
                .setTrade(trade("BNBBTC", dec(1, -3), dec(100, 0), Side.SIDE_SELL, "12345")).build());
    }

    @Test
    void shouldDecodeBuyAggressorWhenBuyerIsTaker() {
        assertData(decoder, utf8("{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":7,\"p\":\"27000.50\",\"q\":0.00100000,"
                        + "\"T\":1700000000001,\"m\":false}"),
                envelope(1, 0, 1_700_000_000_001_000_000L)
                        .setTrade(trade("BTCUSDT", dec(2_700_050, -2), dec(100_000, -8), Side.SIDE_BUY, "7")).build());
    }

    @Test
    void shouldDecodeBookTickerAsQuoteWithUpdateIdAsSourceSeq() {
        assertData(decoder, fixture("binance/bookTicker.json"), envelope(1, 400_900_217L, 0).setQuote(Quote.newBuilder()
                .setSymbol("BNBUSDT").setBidPrice(dec(2_535_190_000L, -8)).setBidSize(dec(3_121_000_000L, -8))
                .setAskPrice(dec(2_536_520_000L, -8)).setAskSize(dec(4_066_000_000L, -8))).build());
    }

    @Test
    void shouldDecodeDepthUpdateWithFirstAndLastUpdateIds() {
        assertData(decoder, fixture("binance/depthUpdate.json"), envelope(1, 160, TIME_NS).setBookUpdate(book("BNBBTC", false)
                .addBids(level(24, -4, 10, 0)).addAsks(level(26, -4, 100, 0))
                .setFirstUpdateId(157).setLastUpdateId(160)).build());
    }

    @Test
    void shouldTreatSubscriptionResponseAsControl() {
        final Decoded decoded = decode(decoder, fixture("binance/subscribe-response.json"));
        assertThat(decoded.outcome()).isEqualTo(DecodeOutcome.CONTROL);
        assertThat(decoded.envelopes()).isEmpty();
    }

    @Test
    void shouldEmitVenueErrorStatusForCodeAndMsg() {
        assertData(decoder, fixture("binance/error.json"),
                venueError("code 2: Invalid request: property name must be a string"));
    }

    @Test
    void shouldEmitVenueErrorStatusForNestedErrorObject() {
        assertData(decoder, utf8("{\"id\":3,\"status\":400,\"error\":{\"code\":-1121,\"msg\":\"Invalid symbol.\"}}"),
                venueError("code -1121: Invalid symbol."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"e\":\"trade\",\"s\":\"X\"", "{\"e\":\"trade\",}", "not json",
        "{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"1.0\",\"x\"]],\"a\":[]}",
        "{\"e\":\"trade\",\"s\":\"X\",\"p\":\"1..0\",\"q\":\"1\",\"m\":true}"})
    void shouldReportMalformedFrames(String frame) {
        final Decoded decoded = decode(decoder, utf8(frame));
        assertThat(decoded.outcome()).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoded.envelopes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"e\":\"kline\",\"E\":1,\"s\":\"BNBBTC\",\"k\":{\"t\":1}}", "[1,2]", "{}"})
    void shouldReportUnknownMessagesAsUnmapped(String frame) {
        assertThat(decode(decoder, utf8(frame)).outcome()).isEqualTo(DecodeOutcome.UNMAPPED);
    }
}
