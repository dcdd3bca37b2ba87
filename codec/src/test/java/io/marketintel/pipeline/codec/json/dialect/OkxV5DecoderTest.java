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

class OkxV5DecoderTest {
    private final MessageDecoder decoder = new OkxV5Decoder();



    @Test
    void shouldDecodeTradeWithSeqIdAsSourceSeq() {
        assertData(decoder, fixture("okx/trades.json"), envelope(1, 1234, 1_630_048_897_897_000_000L)
                .setTrade(trade("BTC-USDT", dec(422_199, -1), dec(12_060_306, -8), Side.SIDE_BUY, "130639474")).build());
    }

    private static io.marketintel.pipeline.schema.v1.BookUpdate.Builder documentedLevels(boolean snapshot) {
        return book("BTC-USDT", snapshot)
                .addAsks(level(847_698, -2, 415, 0)).addAsks(level(8477, 0, 7, 0)).addAsks(level(847_734, -2, 85, 0))
                .addAsks(level(847_756, -2, 1, 0)).addAsks(level(850_584, -2, 8, 0)).addAsks(level(850_637, -2, 85, 0))
                .addAsks(level(850_649, -2, 2, 0)).addAsks(level(850_696, -2, 100, 0))
                .addBids(level(847_697, -2, 256, 0)).addBids(level(847_555, -2, 101, 0)).addBids(level(847_554, -2, 100, 0))
                .addBids(level(84_753, -1, 1, 0)).addBids(level(844_732, -2, 6, 0)).addBids(level(844_702, -2, 246, 0))
                .addBids(level(844_683, -2, 24, 0)).addBids(level(8446, 0, 95, 0));
    }

    @Test
    void shouldDecodeBooksSnapshotWithPrevSeqIdAndSeqId() {
        assertData(decoder, fixture("okx/books-snapshot.json"), envelope(1, 123_456, 1_597_026_383_085_000_000L)
                .setBookUpdate(documentedLevels(true).setFirstUpdateId(-1).setLastUpdateId(123_456)).build());
    }

    @Test
    void shouldDecodeBooksUpdate() {
        assertData(decoder, fixture("okx/books-update.json"), envelope(1, 123_457, 1_597_026_383_085_000_000L)
                .setBookUpdate(documentedLevels(false).setFirstUpdateId(123_456).setLastUpdateId(123_457)).build());
    }

    @Test
    void shouldTreatSubscribeAndPongAsControl() {
        assertOutcome(decoder, fixture("okx/subscribe.json"), DecodeOutcome.CONTROL);
        assertOutcome(decoder, fixture("okx/pong.txt"), DecodeOutcome.CONTROL);
    }

    @Test
    void shouldEmitVenueErrorStatusWithUnescapedMessage() {
        assertData(decoder, fixture("okx/error.json"), venueError("code 60012: Invalid request: {\"op\": \"subscribe\", "
                + "\"argss\":[{ \"channel\" : \"trades\", \"instId\" : \"BTC-USDT\"}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pon", "{\"arg\":{\"channel\":\"trades\",\"instId\":\"X\"},\"data\":[{\"px\":\"1\",\"sz\":\"1\","
        + "\"side\":\"buy\",\"ts\":\"soon\"}]}", "{\"arg\":{\"channel\":\"books\",\"instId\":\"X\"},\"action\":\"update\","
        + "\"data\":[{\"asks\":[[\"1\",\"-\",\"0\",\"1\"]],\"bids\":[]}]}"})
    void shouldReportMalformedFrames(String frame) {
        assertOutcome(decoder, utf8(frame), DecodeOutcome.MALFORMED);
    }

    @Test
    void shouldReportUnknownChannelsAsUnmapped() {
        assertOutcome(decoder, utf8("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"X\"},\"data\":[{\"last\":\"1\"}]}"),
                DecodeOutcome.UNMAPPED);
    }
}
