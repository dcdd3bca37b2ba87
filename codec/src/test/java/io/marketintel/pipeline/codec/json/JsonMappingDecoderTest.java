package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMappingDecoderTest {
    /** Binance-style trades, no discriminator: one mapping for every frame. */
    private static final JsonMapping FLAT_TRADES = new JsonMapping(
            null, new TradeMapping(null, "s", "p", "q", "side", "t", "T", "u"), null, TimestampUnit.MILLISECONDS);

    /** Trades and quotes on one stream, told apart by "type"; timestamps in seconds. */
    private static final JsonMapping BY_TYPE = new JsonMapping(
            "type",
            new TradeMapping("trade", "sym", "px", "qty", "side", "id", "ts", "seq"),
            new QuoteMapping("quote", "sym", "bid", "bidSz", "ask", "askSz", "ts", "seq"),
            TimestampUnit.SECONDS);

    /** A combined-stream envelope: everything under "data". */
    private static final JsonMapping NESTED = new JsonMapping(
            "data.e",
            new TradeMapping("trade", "data.s", "data.p", "data.q", null, "data.t", "data.T", "data.u"),
            null,
            TimestampUnit.MILLISECONDS);

    private final CanonicalEvent event = new CanonicalEvent();
    private int events;
    private final CanonicalEventHandler handler = e -> events++;

    private JsonMappingDecoder decoder = new JsonMappingDecoder(FLAT_TRADES);

    private DecodeOutcome decode(String json) {
        return decode(decoder, json);
    }

    private DecodeOutcome decode(JsonMappingDecoder target, String json) {
        return decode(target, json.getBytes(StandardCharsets.UTF_8));
    }

    private DecodeOutcome decode(JsonMappingDecoder target, byte[] frame) {
        // Frame placed mid-buffer between junk, as a pooled receive buffer would hold it.
        final byte[] bytes = new byte[frame.length + 16];
        java.util.Arrays.fill(bytes, (byte) '}');
        System.arraycopy(frame, 0, bytes, 7, frame.length);
        events = 0;
        return target.decode(new UnsafeBuffer(bytes), 7, frame.length, event, handler);
    }

    /** Single quotes stand for double quotes, to keep the JSON in tests readable. */
    private static String json(String text) {
        return text.replace('\'', '"');
    }

    private static void assertDecimal(MutableDecimal actual, long mantissa, int exponent) {
        assertThat(actual.isPresent()).isTrue();
        assertThat(actual.mantissa()).as("mantissa").isEqualTo(mantissa);
        assertThat(actual.exponent()).as("exponent").isEqualTo(exponent);
    }

    private void assertMalformed(String json, JsonMalformedReason reason) {
        assertThat(decode(json)).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(reason);
        assertThat(events).isZero();
    }

    @Test
    void shouldParseDecimalStringsExactly() {
        assertThat(decode(json("{'s':'BTCUSDT','p':'27000.50','q':'0.00100000'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(events).isEqualTo(1);
        assertThat(event.kind()).isEqualTo(EventKind.TRADE);
        assertThat(event.trade.symbol.toString()).isEqualTo("BTCUSDT");
        assertDecimal(event.trade.price, 2700050, -2);
        assertDecimal(event.trade.size, 100000, -8);
    }

    @Test
    void shouldParseDecimalNumbersExactly() {
        assertThat(decode(json("{'s':'BTCUSDT','p':27000.50,'q':1e-8}"))).isEqualTo(DecodeOutcome.DATA);
        assertDecimal(event.trade.price, 2700050, -2);
        assertDecimal(event.trade.size, 1, -8);
    }

    @Test
    void shouldDecodeEveryTradeField() {
        assertThat(decode(json("{'e':'trade','s':'ETHUSDT','p':'1800.1','q':'2','side':'sell','t':98765,"
                + "'T':1700000000123,'u':'42','ignored':{'p':'999'}}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("ETHUSDT");
        assertDecimal(event.trade.price, 18001, -1);
        assertDecimal(event.trade.size, 2, 0);
        assertThat(event.trade.aggressorSide).isEqualTo(Side.SELL);
        assertThat(event.trade.tradeId.toString()).isEqualTo("98765");
        assertThat(event.exchangeTimeNs()).isEqualTo(1_700_000_000_123_000_000L);
        assertThat(event.sourceSeq()).isEqualTo(42);
    }

    @Test
    void shouldFollowNestedPaths() {
        decoder = new JsonMappingDecoder(NESTED);
        assertThat(decode(json("{'stream':'btcusdt@trade','data':{'e':'trade','E':1,'s':'BTCUSDT','t':12345,"
                + "'p':'27000.50','q':'0.00100000','T':1700000000123,'m':true}}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("BTCUSDT");
        assertDecimal(event.trade.price, 2700050, -2);
        assertDecimal(event.trade.size, 100000, -8);
        assertThat(event.trade.tradeId.toString()).isEqualTo("12345");
        assertThat(event.exchangeTimeNs()).isEqualTo(1_700_000_000_123_000_000L);
    }

    @Test
    void shouldNotMatchKeysAtOtherDepthsOrInsideArrays() {
        decoder = new JsonMappingDecoder(NESTED);
        // "p" at top level and inside an array of "data" objects are not "data.p".
        assertThat(decode(json("{'p':'1','data':{'e':'trade','s':'X','q':'1','list':[{'p':'2'}]}}")))
                .isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(JsonMalformedReason.MISSING_PRICE);
        assertThat(decode(json("{'data':[{'e':'trade','s':'X','p':'1','q':'1'}]}"))).isEqualTo(DecodeOutcome.UNMAPPED);
    }

    @Test
    void shouldSelectTheTradeMappingByDiscriminator() {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'sym':'EURUSD','px':'1.0850','qty':'1000000','type':'trade','id':'T-1'}")))
                .isEqualTo(DecodeOutcome.DATA);
        assertThat(event.kind()).isEqualTo(EventKind.TRADE);
        assertDecimal(event.trade.price, 10850, -4);
        assertThat(event.trade.tradeId.toString()).isEqualTo("T-1");
    }

    @Test
    void shouldSelectTheQuoteMappingByDiscriminator() {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'type':'quote','sym':'EURUSD','bid':1.0849,'bidSz':'500000','ask':'1.0851',"
                + "'askSz':250000,'ts':1700000000,'seq':7}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.kind()).isEqualTo(EventKind.QUOTE);
        assertThat(event.quote.symbol.toString()).isEqualTo("EURUSD");
        assertDecimal(event.quote.bidPrice, 10849, -4);
        assertDecimal(event.quote.bidSize, 500000, 0);
        assertDecimal(event.quote.askPrice, 10851, -4);
        assertDecimal(event.quote.askSize, 250000, 0);
        assertThat(event.exchangeTimeNs()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(event.sourceSeq()).isEqualTo(7);
    }

    @Test
    void shouldAcceptAQuoteWithOneSideOnly() {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'type':'quote','sym':'X','ask':'2'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.quote.bidPrice.isPresent()).isFalse();
        assertDecimal(event.quote.askPrice, 2, 0);
    }

    @Test
    void shouldDecodeAQuoteOnlyMappingWithoutDiscriminator() {
        decoder = new JsonMappingDecoder(new JsonMapping(
                null, null, new QuoteMapping(null, "s", "b", "B", "a", "A", null, "u"), null));
        assertThat(decode(json("{'u':400900217,'s':'BNBUSDT','b':'25.35190000','B':'31.21000000',"
                + "'a':'25.36520000','A':'40.66000000'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.kind()).isEqualTo(EventKind.QUOTE);
        assertDecimal(event.quote.bidPrice, 2535190000L, -8);
        assertDecimal(event.quote.askSize, 4066000000L, -8);
        assertThat(event.sourceSeq()).isEqualTo(400900217);
    }

    @Test
    void shouldReturnUnmappedForAnUnknownOrAbsentDiscriminatorValue() {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'type':'heartbeat','sym':'X','px':'1','qty':'1'}"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode(json("{'sym':'X','px':'1','qty':'1'}"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode(json("{'type':{'x':'trade'},'sym':'X','px':'1','qty':'1'}")))
                .isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(JsonMalformedReason.NONE);
        assertThat(events).isZero();
    }

    @Test
    void shouldCompareNumericAndEscapedDiscriminatorValuesByTheirText() {
        decoder = new JsonMappingDecoder(new JsonMapping(
                "op", new TradeMapping("1", "s", "p", "q", null, null, null, null), null, null));
        assertThat(decode(json("{'op':1,'s':'X','p':'1','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(decode(json("{'op':'\\u0031','s':'X','p':'1','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(decode(json("{'op':1.0,'s':'X','p':'1','q':'1'}"))).isEqualTo(DecodeOutcome.UNMAPPED);
    }

    @ParameterizedTest
    @CsvSource({
        "SECONDS, 1700000000, 1700000000000000000",
        "SECONDS, '\"1700000000.123456\"', 1700000000123456000",
        "SECONDS, 1700000000.1234567891, 1700000000123456789",
        "SECONDS, 1.7e9, 1700000000000000000",
        "MILLISECONDS, 1700000000123, 1700000000123000000",
        "MILLISECONDS, '\"1700000000123.456\"', 1700000000123456000",
        "MICROSECONDS, 1700000000123456, 1700000000123456000",
        "MICROSECONDS, 1700000000123456.7891, 1700000000123456789",
        "NANOSECONDS, 1700000000123456789, 1700000000123456789",
        "NANOSECONDS, '\"1700000000123456789.9\"', 1700000000123456789",
        "NANOSECONDS, 123.999, 123",
        "SECONDS, 0.0000000019, 1",
        "SECONDS, 1.7000000005e9, 1700000000500000000",
        "MILLISECONDS, -1.5, -1500000",
    })
    void shouldConvertTimestampsExactlyToEpochNanos(TimestampUnit unit, String value, long expectedNs) {
        decoder = new JsonMappingDecoder(new JsonMapping(
                null, new TradeMapping(null, "s", "p", "q", null, null, "T", null), null, unit));
        assertThat(decode(json("{'s':'X','p':'1','q':'1','T':" + value + "}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.exchangeTimeNs()).isEqualTo(expectedNs);
    }

    @Test
    void shouldRejectTimestampsThatDoNotFitOrAreNotNumbers() {
        assertMalformed(json("{'s':'X','p':'1','q':'1','T':1e30}"), JsonMalformedReason.BAD_EXCHANGE_TIME);
        assertMalformed(json("{'s':'X','p':'1','q':'1','T':'2023-11-14T22:13:20Z'}"),
                JsonMalformedReason.BAD_EXCHANGE_TIME);
        assertMalformed(json("{'s':'X','p':'1','q':'1','T':true}"), JsonMalformedReason.BAD_EXCHANGE_TIME);
    }

    @ParameterizedTest
    @CsvSource({"buy, BUY", "b, BUY", "bid, BUY", "BUY, BUY", "Bid, BUY",
                "sell, SELL", "s, SELL", "ask, SELL", "offer, SELL", "SELL, SELL", "Offer, SELL", "\\u0062uy, BUY"})
    void shouldMapSideWords(String word, Side expected) {
        assertThat(decode(json("{'s':'X','p':'1','q':'1','side':'" + word + "'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.aggressorSide).isEqualTo(expected);
    }

    @Test
    void shouldLeaveSideUnspecifiedWhenAbsentOrNull() {
        assertThat(decode(json("{'s':'X','p':'1','q':'1','side':'sell'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(decode(json("{'s':'X','p':'1','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.aggressorSide).isEqualTo(Side.UNSPECIFIED);
        assertThat(decode(json("{'s':'X','p':'1','q':'1','side':null}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.aggressorSide).isEqualTo(Side.UNSPECIFIED);
    }

    @Test
    void shouldRejectUnknownSides() {
        assertMalformed(json("{'s':'X','p':'1','q':'1','side':'long'}"), JsonMalformedReason.BAD_SIDE);
        assertMalformed(json("{'s':'X','p':'1','q':'1','side':'buyer'}"), JsonMalformedReason.BAD_SIDE);
        assertMalformed(json("{'s':'X','p':'1','q':'1','side':1}"), JsonMalformedReason.BAD_SIDE);
        assertMalformed(json("{'s':'X','p':'1','q':'1','side':true}"), JsonMalformedReason.BAD_SIDE);
    }

    @Test
    void shouldUnescapeAnEscapedSymbolIntoDecoderScratch() {
        final String frame = json("{'s':'BTC\\/USD \\u20AC\\uD83D\\uDE00','p':'1','q':'1','t':'a\\\"b'}");
        assertThat(decode(frame)).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("BTC/USD \u20AC\uD83D\uDE00");
        assertThat(event.trade.tradeId.toString()).isEqualTo("a\"b");
    }

    @Test
    void shouldPointAnUnescapedSymbolIntoTheFrame() {
        final byte[] bytes = json("{'s':'BTC','p':'1','q':'1'}").getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer frame = new UnsafeBuffer(bytes);
        assertThat(decoder.decode(frame, 0, bytes.length, event, handler)).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.buffer()).isSameAs(frame);
        assertThat(event.trade.symbol.offset()).isEqualTo(6);
    }

    @Test
    void shouldMatchEscapedKeys() {
        assertThat(decode(json("{'\\u0073':'X','\\u0070':'1','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("X");
    }

    /**
     * Keys are identified through one table of every configured key: a key of one path at the
     * level of another (here "s", the symbol's key, under "data"), a key configured as non-ASCII
     * text, written raw or escaped, and keys longer than eight bytes that share their first eight.
     */
    @Test
    void shouldMatchEachPathByItsWholeKeyAtItsOwnLevel() {
        final JsonMappingDecoder nonAscii = new JsonMappingDecoder(new JsonMapping(null,
                new TradeMapping(null, "symbole_négocié", "data.prix", "quantity_traded_base", null, null, null, null),
                null, TimestampUnit.MILLISECONDS));

        assertThat(decode(nonAscii, json("{'data':{'s':'no','prix':'2'},'symbole_n\\u00e9goci\\u00e9':'EUR',"
                + "'quantity_traded_quote':'7','quantity_traded_base':'3','prix':'9'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("EUR");
        assertDecimal(event.trade.price, 2, 0);
        assertDecimal(event.trade.size, 3, 0);

        assertThat(decode(nonAscii, json("{'symbole_négocié':'GBP','data':{'prix':'4'},'quantity_traded_base':'5'}")))
                .isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("GBP");
    }

    @Test
    void shouldTakeTheLastValueOfARepeatedKey() {
        assertThat(decode(json("{'s':'X','p':'1','p':'2','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertDecimal(event.trade.price, 2, 0);
    }

    @Test
    void shouldReportInvalidJsonAsMalformed() {
        assertMalformed(json("{'s':'X','p':'1','q':'1'"), JsonMalformedReason.INVALID_JSON);
        assertMalformed(json("{'s':'X','p':'1','q':'1'} trailing"), JsonMalformedReason.INVALID_JSON);
        assertMalformed(json("{'s':'X','p':01,'q':'1'}"), JsonMalformedReason.INVALID_JSON);
        assertMalformed(json("{'s':'X','p':'1','q':'1',}"), JsonMalformedReason.INVALID_JSON);
        assertMalformed("", JsonMalformedReason.INVALID_JSON);
        assertMalformed(json("{'s':'X','p':'1','q':'1','deep':") + "[".repeat(40) + "]".repeat(40) + "}",
                JsonMalformedReason.INVALID_JSON);
    }

    @Test
    void shouldReportValidJsonThatIsNotAnObjectAsUnmapped() {
        assertThat(decode("[1,2]")).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode(json("'text'"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode("42")).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode(json("[{'s':'X','p':'1','q':'1'}]"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(events).isZero();
    }

    @Test
    void shouldReportMissingRequiredTradeFields() {
        assertMalformed(json("{'p':'1','q':'1'}"), JsonMalformedReason.MISSING_SYMBOL);
        assertMalformed(json("{'s':'X','q':'1'}"), JsonMalformedReason.MISSING_PRICE);
        assertMalformed(json("{'s':'X','p':'1'}"), JsonMalformedReason.MISSING_SIZE);
        assertMalformed(json("{'s':'X','p':null,'q':'1'}"), JsonMalformedReason.MISSING_PRICE);
        assertThat(event.kind()).isEqualTo(EventKind.NONE);
    }

    @Test
    void shouldReportAQuoteWithoutPricesAsMalformed() {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertMalformed(json("{'type':'quote','sym':'X','bidSz':'1'}"), JsonMalformedReason.MISSING_BID_AND_ASK_PRICE);
        assertMalformed(json("{'type':'quote','sym':'X','bid':'1','askSz':'x'}"), JsonMalformedReason.BAD_SIZE);
        assertMalformed(json("{'type':'quote','sym':'X','bid':'one'}"), JsonMalformedReason.BAD_PRICE);
    }

    @Test
    void shouldReportUnparseableValuesAsMalformed() {
        assertMalformed(json("{'s':'X','p':'abc','q':'1'}"), JsonMalformedReason.BAD_PRICE);
        assertMalformed(json("{'s':'X','p':'','q':'1'}"), JsonMalformedReason.BAD_PRICE);
        assertMalformed(json("{'s':'X','p':{'v':1},'q':'1'}"), JsonMalformedReason.BAD_PRICE);
        assertMalformed(json("{'s':'X','p':[1],'q':'1'}"), JsonMalformedReason.BAD_PRICE);
        assertMalformed(json("{'s':'X','p':true,'q':'1'}"), JsonMalformedReason.BAD_PRICE);
        assertMalformed(json("{'s':'X','p':'1','q':'99999999999999999999'}"), JsonMalformedReason.BAD_SIZE);
        assertMalformed(json("{'s':'','p':'1','q':'1'}"), JsonMalformedReason.BAD_SYMBOL);
        assertMalformed(json("{'s':true,'p':'1','q':'1'}"), JsonMalformedReason.BAD_SYMBOL);
        assertMalformed(json("{'s':'X','p':'1','q':'1','t':{}}"), JsonMalformedReason.BAD_TRADE_ID);
        assertMalformed(json("{'s':'X','p':'1','q':'1','u':'4.5'}"), JsonMalformedReason.BAD_SOURCE_SEQ);
        assertMalformed(json("{'s':'X','p':'1','q':'1','u':'seven'}"), JsonMalformedReason.BAD_SOURCE_SEQ);
    }

    /**
     * A symbol and a trade id go into protobuf strings, which consumers' parsers refuse unless
     * they are UTF-8: one Latin-1 byte from a feed made the whole envelope unreadable downstream.
     */
    @Test
    void shouldRefuseTextThatIsNotUtf8() {
        assertMalformedLatin1("{'s':'X\u00e9','p':'1','q':'1'}", JsonMalformedReason.BAD_SYMBOL);
        assertMalformedLatin1("{'s':'\\u0041\u00e9','p':'1','q':'1'}", JsonMalformedReason.BAD_SYMBOL);
        assertMalformedLatin1("{'s':'X','p':'1','q':'1','t':'\u00e9'}", JsonMalformedReason.BAD_TRADE_ID);

        assertThat(decode(json("{'s':'X\u00e9\u20ac','p':'1','q':'1','t':'\u00e9'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("X\u00e9\u20ac");
    }

    /** The JSON encoded as ISO-8859-1, so that a non-ASCII character is one byte that is not UTF-8. */
    private void assertMalformedLatin1(String json, JsonMalformedReason reason) {
        assertThat(decode(decoder, json(json).getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(reason);
        assertThat(events).isZero();
    }

    @Test
    void shouldAcceptWholeSequenceNumbersInAnyNotation() {
        assertThat(decode(json("{'s':'X','p':'1','q':'1','u':'4.0'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.sourceSeq()).isEqualTo(4);
        assertThat(decode(json("{'s':'X','p':'1','q':'1','u':1e3}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.sourceSeq()).isEqualTo(1000);
        assertThat(decode(json("{'s':'X','p':'1','q':'1','u':9223372036854775807}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.sourceSeq()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRecoverAfterAMalformedFrame() {
        assertMalformed("{", JsonMalformedReason.INVALID_JSON);
        assertThat(decode(json("{'s':'X','p':'1','q':'1'}"))).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoder.lastMalformedReason()).isEqualTo(JsonMalformedReason.NONE);
        assertThat(events).isEqualTo(1);
    }

    @Test
    void shouldRefuseMappingsThatCanNeverProduceAnEvent() {
        assertThatThrownBy(() -> new JsonMappingDecoder(new JsonMapping(
                null, new TradeMapping(null, "s", null, "q", null, null, null, null), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trade.price");
        assertThatThrownBy(() -> new JsonMappingDecoder(new JsonMapping(
                null, null, new QuoteMapping(null, "s", null, "B", null, "A", null, null), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bid_price or ask_price");
        assertThatThrownBy(() -> new JsonMappingDecoder(new JsonMapping(
                "e", new TradeMapping(null, "s", "p", "q", null, null, null, null), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("when");
        assertThatThrownBy(() -> new JsonMappingDecoder(new JsonMapping(
                null, new TradeMapping(null, "s", "data..p", "q", null, null, null, null), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data..p");
    }

    @Test
    void shouldEncodeADecodedTradeThatTheGeneratedClassesReadBack() throws Exception {
        decoder = new JsonMappingDecoder(NESTED);
        assertThat(decode(json("{'stream':'btcusdt@trade','data':{'e':'trade','s':'BTC\\/USDT','t':12345,"
                + "'p':27000.50,'q':'0.00100000','T':'1700000000123.456','u':99}}"))).isEqualTo(DecodeOutcome.DATA);

        final Envelope envelope = writeAndParse(event);

        assertThat(envelope.getSourceId()).isEqualTo("ws_source_1");
        assertThat(envelope.getSourceSeq()).isEqualTo(99);
        assertThat(envelope.getExchangeTimeNs()).isEqualTo(1_700_000_000_123_456_000L);
        assertThat(envelope.hasTrade()).isTrue();
        assertThat(envelope.getTrade().getSymbol()).isEqualTo("BTC/USDT");
        assertThat(envelope.getTrade().getPrice()).isEqualTo(decimal(2700050, -2));
        assertThat(envelope.getTrade().getSize()).isEqualTo(decimal(100000, -8));
        assertThat(envelope.getTrade().getTradeId()).isEqualTo("12345");
        assertThat(envelope.getTrade().getAggressorSide())
                .isEqualTo(io.marketintel.pipeline.schema.v1.Side.SIDE_UNSPECIFIED);
    }

    @Test
    void shouldEncodeADecodedQuoteThatTheGeneratedClassesReadBack() throws Exception {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'type':'quote','sym':'EURUSD','bid':'1.0849','ask':1.0851,'askSz':'2.5e6',"
                + "'ts':1700000000.5,'seq':'8'}"))).isEqualTo(DecodeOutcome.DATA);

        final Envelope envelope = writeAndParse(event);

        assertThat(envelope.getSourceSeq()).isEqualTo(8);
        assertThat(envelope.getExchangeTimeNs()).isEqualTo(1_700_000_000_500_000_000L);
        assertThat(envelope.hasQuote()).isTrue();
        assertThat(envelope.getQuote().getSymbol()).isEqualTo("EURUSD");
        assertThat(envelope.getQuote().getBidPrice()).isEqualTo(decimal(10849, -4));
        assertThat(envelope.getQuote().hasBidSize()).isFalse();
        assertThat(envelope.getQuote().getAskPrice()).isEqualTo(decimal(10851, -4));
        assertThat(envelope.getQuote().getAskSize()).isEqualTo(decimal(25, 5));
    }

    @Test
    void shouldEncodeTradeSideForTheGeneratedClasses() throws Exception {
        decoder = new JsonMappingDecoder(BY_TYPE);
        assertThat(decode(json("{'type':'trade','sym':'X','px':'1','qty':'1','side':'Ask','id':7}")))
                .isEqualTo(DecodeOutcome.DATA);
        final Envelope envelope = writeAndParse(event);
        assertThat(envelope.getTrade().getAggressorSide()).isEqualTo(io.marketintel.pipeline.schema.v1.Side.SIDE_SELL);
        assertThat(envelope.getTrade().getTradeId()).isEqualTo("7");
    }

    private static Envelope writeAndParse(CanonicalEvent event) throws Exception {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final int length = new EnvelopeWriter().write(
                out, 0, ByteSlice.of("ws_source_1"), 1, 1_700_000_001_000_000_000L, 1_700_000_001_000_001_000L, event);
        final byte[] bytes = new byte[length];
        out.getBytes(0, bytes);
        return Envelope.parseFrom(bytes);
    }

    private static Decimal decimal(long mantissa, int exponent) {
        return Decimal.newBuilder().setMantissa(mantissa).setExponent(exponent).build();
    }
}
