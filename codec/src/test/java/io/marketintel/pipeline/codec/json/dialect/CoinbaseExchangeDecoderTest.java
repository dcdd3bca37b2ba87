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
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Quote;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoinbaseExchangeDecoderTest {
    private final MessageDecoder decoder = new CoinbaseExchangeDecoder();



    @Test
    void shouldDecodeMatchWithAggressorOppositeToMakerSide() {
        assertData(decoder, fixture("coinbase/match.json"), envelope(1, 50, 1_415_348_367_028_459_000L)
                .setTrade(trade("BTC-USD", dec(40_023, -2), dec(523_512, -5), Side.SIDE_BUY, "10")).build());
    }

    @Test
    void shouldDecodeTickerAsQuoteThenTicker() {
        final long time = 1_666_222_102_061_769_000L;
        assertData(decoder, fixture("coinbase/ticker.json"),
                envelope(1, 37_475_248_783L, time).setQuote(Quote.newBuilder().setSymbol("ETH-USD")
                        .setBidPrice(dec(128_504, -2)).setBidSize(dec(46_688_654, -8))
                        .setAskPrice(dec(128_527, -2)).setAskSize(dec(156_637_040, -8))).build(),
                envelope(2, 37_475_248_783L, time).setTicker(Ticker.newBuilder().setSymbol("ETH-USD")
                        .setLastPrice(dec(128_522, -2)).setOpenPrice(dec(131_079, -2))
                        .setHighPrice(dec(13_138, -1)).setLowPrice(dec(128_052, -2))
                        .setVolume(dec(24_553_279_269_678L, -8))
                        .setBestBid(dec(128_504, -2)).setBestAsk(dec(128_527, -2))).build());
    }

    @Test
    void shouldDecodeSnapshotAsBookSnapshot() {
        assertData(decoder, fixture("coinbase/snapshot.json"), envelope(1, 0, 0).setBookUpdate(book("BTC-USD", true)
                .addBids(level(1_010_110, -2, 45_054_140, -8))
                .addAsks(level(1_010_255, -2, 57_753_524, -8))).build());
    }

    @Test
    void shouldDecodeL2UpdateChangesBySide() {
        assertData(decoder, fixture("coinbase/l2update.json"), envelope(1, 0, 1_565_815_347_265_000_000L)
                .setBookUpdate(book("BTC-USD", false).addBids(level(1_010_180_000_000L, -8, 162_567, -6))).build());
    }

    @Test
    void shouldPutBothSidesOfAnL2UpdateInOneBookUpdate() {
        assertData(decoder, utf8("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"sell\",\"10.5\",\"0\"],"
                        + "[\"buy\",\"10.1\",\"2\"]],\"time\":\"2019-08-14T20:42:27.265Z\"}"),
                envelope(1, 0, 1_565_815_347_265_000_000L).setBookUpdate(book("BTC-USD", false)
                        .addBids(level(101, -1, 2, 0)).addAsks(level(105, -1, 0, 0))).build());
    }

    @Test
    void shouldTreatHeartbeatAndSubscriptionsAsControl() {
        assertOutcome(decoder, fixture("coinbase/heartbeat.json"), DecodeOutcome.CONTROL);
        assertOutcome(decoder, fixture("coinbase/subscriptions.json"), DecodeOutcome.CONTROL);
    }

    @Test
    void shouldEmitVenueErrorStatusWithMessageAndReason() {
        assertData(decoder, fixture("coinbase/error.json"), venueError("error message"));
        assertData(decoder, utf8("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"ZZZ-USD is not a valid product\"}"),
                venueError("Failed to subscribe: ZZZ-USD is not a valid product"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"match\",\"product_id\":\"BTC-USD\"", "{\"type\":\"match\",\"product_id\":\"BTC-USD\","
        + "\"price\":\"1\",\"size\":\"1\",\"side\":\"up\"}", "{\"type\":\"match\",\"product_id\":\"BTC-USD\",\"price\":\"1\","
        + "\"size\":\"1\",\"side\":\"buy\",\"time\":\"2014-13-07T08:19:27Z\"}",
        "{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[[\"left\",\"1\",\"1\"]]}"})
    void shouldReportMalformedFrames(String frame) {
        assertOutcome(decoder, utf8(frame), DecodeOutcome.MALFORMED);
    }

    @Test
    void shouldReportUnknownTypesAsUnmapped() {
        assertOutcome(decoder, utf8("{\"type\":\"received\",\"order_id\":\"x\"}"), DecodeOutcome.UNMAPPED);
    }
}
