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

class BitstampV2DecoderTest {
    private final MessageDecoder decoder = new BitstampV2Decoder();



    @Test
    void shouldDecodeLiveTradeWithPairFromChannel() {
        assertData(decoder, fixture("bitstamp/trade.json"), envelope(1, 0, 1_700_000_000_123_456_000L)
                .setTrade(trade("btcusd", dec(2_700_050, -2), dec(1_000_000, -8), Side.SIDE_BUY, "305001234")).build());
    }

    @Test
    void shouldDecodeSellTradeFromNumbersWhenStringsAreAbsent() {
        assertData(decoder, utf8("{\"data\":{\"id\":9,\"amount\":0.5,\"price\":100.25,\"type\":1,\"timestamp\":\"1700000000\"},"
                        + "\"channel\":\"live_trades_etheur\",\"event\":\"trade\"}"),
                envelope(1, 0, 1_700_000_000_000_000_000L)
                        .setTrade(trade("etheur", dec(10_025, -2), dec(5, -1), Side.SIDE_SELL, "9")).build());
    }

    @Test
    void shouldDecodeOrderBookAsSnapshot() {
        assertData(decoder, fixture("bitstamp/order-book.json"), envelope(1, 0, 1_700_000_001_234_567_000L)
                .setBookUpdate(book("btcusd", true)
                        .addBids(level(2_699_900, -2, 50_000_000, -8)).addBids(level(2_699_850, -2, 125_000_000, -8))
                        .addAsks(level(2_700_100, -2, 30_000_000, -8)).addAsks(level(2_700_200, -2, 200_000_000, -8)))
                .build());
    }

    @Test
    void shouldTreatSubscriptionAndHeartbeatAsControl() {
        assertOutcome(decoder, fixture("bitstamp/subscription-succeeded.json"), DecodeOutcome.CONTROL);
        assertOutcome(decoder, fixture("bitstamp/heartbeat.json"), DecodeOutcome.CONTROL);
    }

    @Test
    void shouldEmitVenueErrorStatusForErrorsAndReconnectRequests() {
        assertData(decoder, fixture("bitstamp/error.json"), venueError("Bad subscription string."));
        assertData(decoder, fixture("bitstamp/request-reconnect.json"),
                venueError("bts:request_reconnect: the venue asks the client to reconnect"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":{\"price_str\":\"1\",\"amount_str\":\"1\",\"type\":2},\"channel\":\"live_trades_x\","
        + "\"event\":\"trade\"}", "{\"data\":{\"bids\":[[\"1\"]],\"asks\":[]},\"channel\":\"order_book_x\",\"event\":\"data\"}",
        "{\"data\":{}, \"event\":\"trade\""})
    void shouldReportMalformedFrames(String frame) {
        assertOutcome(decoder, utf8(frame), DecodeOutcome.MALFORMED);
    }

    @Test
    void shouldReportUnknownEventsAsUnmapped() {
        assertOutcome(decoder, utf8("{\"data\":{},\"channel\":\"live_orders_btcusd\",\"event\":\"order_created\"}"),
                DecodeOutcome.UNMAPPED);
    }
}
