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

class KrakenV2DecoderTest {
    private final MessageDecoder decoder = new KrakenV2Decoder();



    @Test
    void shouldDecodeTradeUpdate() {
        assertData(decoder, fixture("kraken/trade-update.json"), envelope(1, 0, 1_695_628_177_708_706_000L)
                .setTrade(trade("MATIC/USD", dec(5117, -4), dec(400, -1), Side.SIDE_SELL, "4665906")).build());
    }

    @Test
    void shouldCallHandlerOncePerTradeOfASnapshot() {
        assertData(decoder, fixture("kraken/trade-snapshot.json"),
                envelope(1, 0, 1_695_628_116_925_533_000L).setTrade(
                        trade("MATIC/USD", dec(5147, -4), dec(642_346_326L, -5), Side.SIDE_BUY, "4665846")).build(),
                envelope(2, 0, 1_695_628_176_925_603_000L).setTrade(
                        trade("MATIC/USD", dec(5147, -4), dec(113_619_677_815L, -8), Side.SIDE_BUY, "4665847")).build());
    }

    @Test
    void shouldDecodeBookSnapshotWithEveryLevelExactly() {
        assertData(decoder, fixture("kraken/book-snapshot.json"), envelope(1, 0, 1_696_613_755_440_295_000L)
                .setBookUpdate(book("MATIC/USD", true)
                        .addBids(level(5666, -4, 483_175_496_356L, -8)).addBids(level(5665, -4, 665_822_734_739L, -8))
                        .addBids(level(5664, -4, 1_872_491_513_344L, -8)).addBids(level(5663, -4, 1_156_392_544_914L, -8))
                        .addBids(level(5662, -4, 1_400_665_365_711L, -8)).addBids(level(5661, -4, 1_745_485_679_807L, -8))
                        .addBids(level(566, -3, 180_971_547L, -4)).addBids(level(5659, -4, 3_364_489_175_666L, -8))
                        .addBids(level(5658, -4, 1_483_464L, -4)).addBids(level(5657, -4, 60_670_854_372L, -8))
                        .addAsks(level(5668, -4, 441_079_769_741L, -8)).addAsks(level(5669, -4, 465_540_412_487L, -8))
                        .addAsks(level(567, -3, 4_984_489_424_998L, -8)).addAsks(level(5671, -4, 2_430_641_678L, -5))
                        .addAsks(level(5672, -4, 2_978_325_223_475L, -8)).addAsks(level(5673, -4, 5_723_471_239_278L, -8))
                        .addAsks(level(5674, -4, 4_506_504_744L, -5)).addAsks(level(5675, -4, 591_276_380_354L, -8))
                        .addAsks(level(5676, -4, 4_251_492_434_778L, -8)).addAsks(level(5677, -4, 363_040_847_022L, -7)))
                .build());
    }

    @Test
    void shouldDecodeBookUpdate() {
        assertData(decoder, fixture("kraken/book-update.json"), envelope(1, 0, 1_696_613_755_440_295_000L)
                .setBookUpdate(book("MATIC/USD", false).addBids(level(5657, -4, 10_983_947_558L, -7))).build());
    }

    @Test
    void shouldDecodeTickerAsQuoteThenTicker() {
        final long time = 1_695_632_671_742_648_000L;
        assertData(decoder, fixture("kraken/ticker-snapshot.json"),
                envelope(1, 0, time).setQuote(Quote.newBuilder().setSymbol("ALGO/USD")
                        .setBidPrice(dec(10_025, -5)).setBidSize(dec(7400, -1))
                        .setAskPrice(dec(10_036, -5)).setAskSize(dec(136_144_813_783L, -8))).build(),
                envelope(2, 0, time).setTicker(Ticker.newBuilder().setSymbol("ALGO/USD")
                        .setLastPrice(dec(10_035, -5)).setHighPrice(dec(10_285, -5)).setLowPrice(dec(9979, -5))
                        .setVolume(dec(99_703_898_383_185L, -8))
                        .setBestBid(dec(10_025, -5)).setBestAsk(dec(10_036, -5))).build());
    }

    @Test
    void shouldTreatAcksAndHeartbeatsAsControl() {
        assertOutcome(decoder, fixture("kraken/subscribe-ack.json"), DecodeOutcome.CONTROL);
        assertOutcome(decoder, fixture("kraken/heartbeat.json"), DecodeOutcome.CONTROL);
        assertOutcome(decoder, utf8("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}"),
                DecodeOutcome.CONTROL);
    }

    @Test
    void shouldEmitVenueErrorStatusForFailedRequest() {
        assertData(decoder, fixture("kraken/subscribe-error.json"), venueError("subscribe: Currency pair not supported XYZ/USD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"channel\":\"trade\",\"data\":[{\"symbol\":\"A/B\",\"side\":\"buy\",\"price\":1,\"qty\":1}",
        "{\"channel\":\"trade\",\"data\":[{\"symbol\":\"A/B\",\"side\":\"buy\",\"price\":1,\"qty\":1},"
            + "{\"symbol\":\"A/B\",\"side\":\"hold\",\"price\":1,\"qty\":1}]}",
        "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"A/B\",\"bids\":[{\"price\":1}],\"asks\":[]}]}"})
    void shouldReportMalformedFramesWithoutPublishingAnything(String frame) {
        assertOutcome(decoder, utf8(frame), DecodeOutcome.MALFORMED);
    }

    @Test
    void shouldReportUnknownChannelsAsUnmapped() {
        assertOutcome(decoder, utf8("{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[]}"), DecodeOutcome.UNMAPPED);
    }
}
