package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.FixField;
import io.marketintel.pipeline.schema.v1.FixMessage;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.Trade;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoded events are written with EnvelopeWriter and compared, parsed, with the generated classes. */
class FixMarketDataDecoderTest {
    private static final long RECEIVE_NS = 1_700_000_000_111_000_000L;
    private static final long PUBLISH_NS = 1_700_000_000_222_000_000L;
    // 20240102-03:04:05.678 and 20240102-03:04:06.123456
    private static final long SENDING_NS = 1_704_164_645_678_000_000L;
    private static final long TRANSACT_NS = 1_704_164_646_123_456_000L;

    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final ByteSlice sourceId = ByteSlice.of("fix_1");
    private final CanonicalEvent event = new CanonicalEvent();
    private final List<Envelope> envelopes = new ArrayList<>();
    private long ingestSeq;

    private DecodeOutcome decode(FixMarketDataDecoder decoder, String text) {
        final byte[] b = bytes(text);
        final byte[] shifted = new byte[b.length + 5];
        System.arraycopy(b, 0, shifted, 5, b.length);
        return decoder.decode(new UnsafeBuffer(shifted), 5, b.length, event, e -> {
            final int length = writer.write(out, 0, sourceId, ++ingestSeq, RECEIVE_NS, PUBLISH_NS, e);
            final byte[] encoded = new byte[length];
            out.getBytes(0, encoded);
            try {
                envelopes.add(Envelope.parseFrom(encoded));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
    }

    private static Envelope.Builder envelope(long ingest, long seq, long timeNs) {
        return Envelope.newBuilder().setSourceId("fix_1").setIngestSeq(ingest).setSourceSeq(seq)
                .setExchangeTimeNs(timeNs).setReceiveTimeNs(RECEIVE_NS).setPublishTimeNs(PUBLISH_NS);
    }

    private static Decimal dec(long mantissa, int exponent) {
        return Decimal.newBuilder().setMantissa(mantissa).setExponent(exponent).build();
    }

    private static PriceLevel level(long px, int pxExp, long size, int sizeExp) {
        return PriceLevel.newBuilder().setPrice(dec(px, pxExp)).setSize(dec(size, sizeExp)).build();
    }

    @Test
    void shouldMapASnapshotToOneBookUpdateAndItsTrades() {
        final String w = message("35=W|34=41|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|262=req1|55=EUR/USD|"
                + "268=5|269=0|270=1.08010|271=1000000|83=7|269=1|270=1.08020|271=500000|"
                + "269=2|270=1.08015|271=250000|1003=T-9|2446=2|269=0|270=1.08000|271=2000000|"
                + "269=4|270=1.07000|");
        assertThat(decode(new FixMarketDataDecoder(), w)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(
                envelope(1, 41, SENDING_NS).setBookUpdate(BookUpdate.newBuilder().setSymbol("EUR/USD").setSnapshot(true)
                        .addBids(level(108010, -5, 1000000, 0)).addBids(level(108000, -5, 2000000, 0))
                        .addAsks(level(108020, -5, 500000, 0)).setFirstUpdateId(7)).build(),
                envelope(2, 41, SENDING_NS).setTrade(Trade.newBuilder().setSymbol("EUR/USD").setPrice(dec(108015, -5))
                        .setSize(dec(250000, 0)).setTradeId("T-9").setAggressorSide(Side.SIDE_SELL)).build());
    }

    @Test
    void shouldMapAnIncrementalRefreshToOneBookUpdatePerSymbolAndTradesInMessageOrder() {
        final String x = message("35=X|34=42|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|60=20240102-03:04:06.123456|"
                + "268=7|279=0|269=0|55=EUR/USD|270=1.08010|271=1000000|83=11|"
                + "279=1|269=1|55=GBP/USD|270=1.2650|271=3000000|83=12|"
                + "279=2|269=1|55=EUR/USD|270=1.08030|83=13|"
                + "279=0|269=2|55=EUR/USD|270=1.08020|271=5000|278=E-1|"
                + "279=5|269=0|55=GBP/USD|270=1.2640|271=1000000|83=14|"
                + "279=3|269=0|55=EUR/USD|270=1.07|"
                + "279=0|269=1|55=EUR/USD|270=1.08040|271=7000000|83=15|");
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(
                envelope(1, 42, TRANSACT_NS).setBookUpdate(BookUpdate.newBuilder().setSymbol("EUR/USD")
                        .addBids(level(108010, -5, 1000000, 0))
                        .addAsks(level(108030, -5, 0, 0)).addAsks(level(108040, -5, 7000000, 0))
                        .setFirstUpdateId(11).setLastUpdateId(15)).build(),
                envelope(2, 42, TRANSACT_NS).setBookUpdate(BookUpdate.newBuilder().setSymbol("GBP/USD")
                        .addBids(level(12640, -4, 1000000, 0)).addAsks(level(12650, -4, 3000000, 0))
                        .setFirstUpdateId(12).setLastUpdateId(14)).build(),
                envelope(3, 42, TRANSACT_NS).setTrade(Trade.newBuilder().setSymbol("EUR/USD").setPrice(dec(108020, -5))
                        .setSize(dec(5000, 0)).setTradeId("E-1")).build());
        assertThat(decoder.skippedEntries()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheSymbolFromTheTopLevelWhenEntriesHaveNone() {
        final String x = message("FIX.4.2", "35=X|34=5|52=20240102-03:04:05.678|55=BTC-USD|268=2|"
                + "279=0|269=0|270=27000.50|271=0.25|279=2|269=0|270=26999|");
        assertThat(decode(new FixMarketDataDecoder(), x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(envelope(1, 5, SENDING_NS).setBookUpdate(BookUpdate.newBuilder()
                .setSymbol("BTC-USD").addBids(level(2700050, -2, 25, -2)).addBids(level(26999, 0, 0, 0))).build());
    }

    /**
     * Symbol, TradeID and MsgType go into protobuf strings, which consumers' parsers refuse unless
     * they are UTF-8: a venue that sent a Latin-1 'é' (one byte, 0xE9) made envelopes that no
     * consumer could read. (The test messages are ISO-8859-1: one char, one byte.)
     */
    @Test
    void shouldRefuseTextThatIsNotUtf8() {
        for (String body : new String[] {
            "35=X|34=5|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR\u00e9USD|270=1.1|271=5|",
            "35=X|34=5|52=20240102-03:04:05.678|55=EUR\u00e9USD|268=1|279=0|269=0|270=1.1|271=5|",
            "35=X|34=5|52=20240102-03:04:05.678|268=1|279=0|269=2|55=EUR/USD|270=1.1|271=5|1003=T\u00e9|",
            "35=W|34=5|52=20240102-03:04:05.678|55=EUR\u00e9USD|268=1|269=0|270=1.1|271=5|",
            "35=\u00e9|34=5|52=20240102-03:04:05.678|",
        }) {
            final FixMarketDataDecoder decoder = new FixMarketDataDecoder(true);
            assertThat(decode(decoder, message(body))).as(body).isEqualTo(DecodeOutcome.MALFORMED);
            assertThat(decoder.lastMalformedReason()).as(body).isEqualTo(FixMalformedReason.NOT_UTF8);
        }
        assertThat(envelopes).isEmpty();

        // A book entry's MDEntryID is not published: whatever its bytes, the entry is taken.
        final FixMarketDataDecoder books = new FixMarketDataDecoder();
        assertThat(decode(books, message("35=X|34=5|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR/USD|"
                + "270=1.1|271=5|278=\u00e9|"))).isEqualTo(DecodeOutcome.DATA);
        envelopes.clear();

        // The same 'é' in UTF-8 (two bytes, written here as their two Latin-1 chars) is a symbol.
        final String utf8 = message("35=X|34=5|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR\u00c3\u00a9USD|"
                + "270=1.1|271=5|");
        assertThat(decode(new FixMarketDataDecoder(), utf8)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes.get(0).getBookUpdate().getSymbol()).isEqualTo("EUR\u00e9USD");
    }

    @Test
    void shouldAlsoEmitEveryApplicationMessageWholeWhenAsked() {
        final String x = message("35=X|34=43|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=5|");
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder(true);
        assertThat(decode(decoder, x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).hasSize(2);
        assertThat(envelopes.get(0).hasBookUpdate()).isTrue();
        assertThat(envelopes.get(1)).isEqualTo(envelope(2, 43, SENDING_NS).setFixMessage(fixMessage("X", x)).build());

        final String news = message("35=B|34=44|52=20240102-03:04:05.678|148=Hello|95=3|96=a\001b|");
        assertThat(decode(decoder, news)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes.get(2)).isEqualTo(envelope(3, 44, SENDING_NS).setFixMessage(fixMessage("B", news)).build());

        final String reject = message("35=Y|34=45|52=20240102-03:04:05.678|262=req1|281=0|");
        assertThat(decode(decoder, reject)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes.get(3).getFixMessage().getMsgType()).isEqualTo("Y");
        assertThat(decode(decoder, message("35=0|34=46|"))).isEqualTo(DecodeOutcome.CONTROL);
        assertThat(envelopes).hasSize(4);
    }

    /** The expected payload, from the text split naively (the test message has no SOH in data). */
    private static FixMessage fixMessage(String msgType, String text) {
        final FixMessage.Builder b = FixMessage.newBuilder().setMsgType(msgType);
        final String[] fields = text.replace("95=3\00196=a\001b", "95=3\00196=a\002b").split("\001");
        for (String f : fields) {
            final int eq = f.indexOf('=');
            b.addFields(FixField.newBuilder().setTag(Integer.parseInt(f.substring(0, eq)))
                    .setValue(ByteString.copyFromUtf8(f.substring(eq + 1).replace('\002', '\001'))));
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "2", "3", "4", "5", "A", "Y"})
    void shouldLeaveSessionMessagesAndRejectsToTheSessionLayer(String type) {
        assertThat(decode(new FixMarketDataDecoder(), message("35=" + type + "|34=1|"))).isEqualTo(DecodeOutcome.CONTROL);
        assertThat(envelopes).isEmpty();
    }

    @Test
    void shouldDecodeASnapshotOfAsManyLevelsAsTheBookHolds() {
        final StringBuilder w = new StringBuilder("35=W|34=5|52=20240102-03:04:05.678|55=EUR/USD|268=1000|");
        for (int i = 0; i < 1000; i++) {
            w.append("269=").append(i % 2).append("|270=1.").append(1000 + i).append("|271=100|");
        }
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, message(w.toString()))).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoder.lastMalformedReason()).isEqualTo(FixMalformedReason.NONE);
        assertThat(envelopes).singleElement().satisfies(e -> {
            assertThat(e.getBookUpdate().getBidsCount()).isEqualTo(500);
            assertThat(e.getBookUpdate().getAsksCount()).isEqualTo(500);
        });
    }

    @Test
    void shouldReportOtherApplicationMessagesAsUnmapped() {
        assertThat(decode(new FixMarketDataDecoder(), message("35=8|34=1|"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(decode(new FixMarketDataDecoder(), message("35=AE|34=1|"))).isEqualTo(DecodeOutcome.UNMAPPED);
        assertThat(envelopes).isEmpty();
    }

    @Test
    void shouldRefuseBadEntriesBeforeEmittingAnything() {
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        final String head = "35=X|34=9|52=20240102-03:04:05.678|";
        assertMalformed(decoder, head + "268=2|279=0|269=0|55=A|270=1|271=1|279=0|269=0|55=A|270=1.x|271=1|",
                FixMalformedReason.BAD_PRICE);
        assertMalformed(decoder, head + "268=1|279=0|269=0|55=A|270=1|", FixMalformedReason.BAD_SIZE);
        assertMalformed(decoder, head + "268=1|279=0|269=0|270=1|271=1|", FixMalformedReason.MISSING_SYMBOL);
        assertMalformed(decoder, head + "268=2|279=0|269=0|55=A|270=1|271=1|", FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=1|279=0|269=01|55=A|270=1|271=1|", FixMalformedReason.BAD_ENTRY_TYPE);
        assertMalformed(decoder, head + "268=1|279=00|269=0|55=A|270=1|271=1|", FixMalformedReason.BAD_ENTRY_TYPE);
        assertMalformed(decoder, "35=W|34=9|55=A|268=1|269=01|270=1|271=1|", FixMalformedReason.BAD_ENTRY_TYPE);
        // The second entry's MDEntryType before its delimiter: members out of order, not a type left out.
        assertMalformed(decoder, head + "268=2|279=0|269=0|55=A|270=1|271=1|269=1|279=0|55=A|270=2|271=1|",
                FixMalformedReason.BAD_ENTRY_TYPE);
        assertMalformed(decoder, head, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(new FixMarketDataDecoder(1024, 1, false),
                head + "268=2|279=0|269=0|55=A|270=1|271=1|279=0|269=0|55=A|270=1|271=1|", FixMalformedReason.TOO_MANY_ENTRIES);
        assertMalformed(new FixMarketDataDecoder(8, 10, false), head + "268=1|279=0|269=0|55=A|270=1|271=1|",
                FixMalformedReason.TOO_MANY_FIELDS);
        assertThat(envelopes).isEmpty();
    }

    private void assertMalformed(FixMarketDataDecoder decoder, String body, FixMalformedReason reason) {
        assertThat(decode(decoder, message(body))).as(body).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).as(body).isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FIX.4.2", "FIX.4.4", "FIXT.1.1"})
    void shouldMapTheBenchmarkRefreshToOneExactEnvelopeUnderEveryBeginString(String beginString) {
        final String x = message(beginString, "35=X|34=1042|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|262=req-1|268=4|"
                + "279=0|269=0|55=EUR/USD|270=1.08010|271=1000000|"
                + "279=1|269=0|55=EUR/USD|270=1.08005|271=2500000|"
                + "279=2|269=1|55=EUR/USD|270=1.08030|"
                + "279=0|269=1|55=EUR/USD|270=1.08040|271=7000000|");
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(envelope(1, 1042, SENDING_NS).setBookUpdate(BookUpdate.newBuilder()
                .setSymbol("EUR/USD").addBids(level(108010, -5, 1000000, 0)).addBids(level(108005, -5, 2500000, 0))
                .addAsks(level(108030, -5, 0, 0)).addAsks(level(108040, -5, 7000000, 0))).build());
        assertThat(decoder.skippedEntries()).isZero();
    }

    @Test
    void shouldReadHeaderFieldsThatComeBeforeMsgTypeInAnUnframedMessage() {
        final String x = "34=77|52=20240102-03:04:05.678|35=X|268=1|279=0|269=1|55=A|270=2|271=3|".replace('|', '\001');
        assertThat(decode(new FixMarketDataDecoder(), x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(envelope(1, 77, SENDING_NS).setBookUpdate(BookUpdate.newBuilder()
                .setSymbol("A").addAsks(level(2, 0, 3, 0))).build());
    }

    @Test
    void shouldTakeTheFirstOccurrenceOfATagInAnEntryAndSkipWhatHasNoCanonicalForm() {
        final String x = message("35=X|34=3|52=20240102-03:04:05.678|268=4|"
                + "279=0|269=0|55=A|270=1.5|270=9|271=2|271=9|83=4|83=x|"
                + "279=9|269=0|55=A|270=1|271=1|"
                + "279=2|269=1|55=A|278=id-1|"
                + "279=0|269=7|55=A|270=1|271=1|");
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).containsExactly(envelope(1, 3, SENDING_NS).setBookUpdate(BookUpdate.newBuilder()
                .setSymbol("A").addBids(level(15, -1, 2, 0)).setFirstUpdateId(4).setLastUpdateId(4)).build());
        assertThat(decoder.skippedEntries()).isEqualTo(3);
    }

    /**
     * MDEntryType (269) is optional in a FIX 4.4 incremental refresh (QuickFIX/J FIX44.xml:
     * required="N"): a delete by MDEntryID need not carry it. Such an entry maps to nothing (no
     * side), so it is skipped and counted; the rest of the message is published.
     */
    @Test
    void shouldSkipAndCountAnIncrementalEntryWithoutMdEntryType() {
        final String x = message("35=X|34=7|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|"
                + "268=2|279=0|269=0|278=B1|55=EUR/USD|270=1.1|271=100|279=2|278=B0|55=EUR/USD|");
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoder.lastMalformedReason()).isEqualTo(FixMalformedReason.NONE);
        assertThat(envelopes).containsExactly(envelope(1, 7, SENDING_NS).setBookUpdate(BookUpdate.newBuilder()
                .setSymbol("EUR/USD").addBids(level(11, -1, 100, 0))).build());
        assertThat(decoder.skippedEntries()).isEqualTo(1);
    }

    @Test
    void shouldNotMistakeTextInsideADataFieldForTheEntriesGroup() {
        final String x = message("35=X|34=4|52=20240102-03:04:05.678|95=6|96=268=9\001|268=1|279=0|269=0|55=A|270=1|271=1|");
        assertThat(decode(new FixMarketDataDecoder(), x)).isEqualTo(DecodeOutcome.DATA);
        assertThat(envelopes).hasSize(1);
    }

    @Test
    void shouldDecideTheOutcomeOfABadMessageWhateverTheOrderOfItsProblems() {
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        final String head = "35=X|34=9|52=20240102-03:04:05.678|";
        final String badPrice = "279=0|269=0|55=A|270=x|271=1|";
        final String good = "279=0|269=0|55=A|270=1|271=1|";
        // The group's shape is judged before its entries, and a field that does not parse before both.
        assertMalformed(decoder, head + "268=3|" + badPrice + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=1|" + good + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=1|269=0|" + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=-1|", FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=x|" + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=0|" + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(decoder, head + "268=2|" + badPrice + good + "5x=1|", FixMalformedReason.UNPARSEABLE);
        assertMalformed(decoder, head + "268=2|" + good + badPrice, FixMalformedReason.BAD_PRICE);
        assertMalformed(decoder, head + "268=2|" + badPrice + "279=0|269=0|55=A|270=1|", FixMalformedReason.BAD_PRICE);
        assertMalformed(new FixMarketDataDecoder(1024, 1, false), head + "268=3|" + good + good, FixMalformedReason.BAD_ENTRIES);
        assertMalformed(new FixMarketDataDecoder(1024, 1, false), head + "268=2|" + good + badPrice,
                FixMalformedReason.TOO_MANY_ENTRIES);
        assertMalformed(decoder, "35=W|34=9|268=1|269=0|270=1|271=1|", FixMalformedReason.MISSING_SYMBOL);
        assertMalformed(decoder, "35=W|34=9|55=A|268=1|269=0|270=1|271=1e|", FixMalformedReason.BAD_SIZE);
        assertThat(envelopes).isEmpty();
    }

    @Test
    void shouldCallMalformedAMessageWithoutMsgTypeOrWithAFieldThatDoesNotParse() {
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();
        assertThat(decode(decoder, "34=1|52=x|".replace('|', '\001'))).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(FixMalformedReason.NO_MSG_TYPE);
        assertMalformed(decoder, "35=0|34=1|x=1|", FixMalformedReason.UNPARSEABLE);
        assertMalformed(decoder, "35=8|34=1|5x=1|", FixMalformedReason.UNPARSEABLE);
        assertThat(decode(decoder, "35=X|34=1|268=0|58".replace('|', '\001'))).isEqualTo(DecodeOutcome.MALFORMED);
        assertThat(decoder.lastMalformedReason()).isEqualTo(FixMalformedReason.UNPARSEABLE);
    }
}
