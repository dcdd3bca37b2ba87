package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.FixField;
import io.marketintel.pipeline.schema.v1.FixMessage;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Quote;
import io.marketintel.pipeline.schema.v1.Raw;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.schema.v1.Ticker;
import io.marketintel.pipeline.schema.v1.Trade;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The writer's output must parse with the generated classes into exactly the expected message. */
class EnvelopeWriterTest {
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
    private final CanonicalEvent event = new CanonicalEvent();
    private final ByteSlice sourceId = ByteSlice.of("tcp_1");

    private Envelope write(long ingestSeq) throws Exception {
        final int offset = 7;
        final int length = writer.write(out, offset, sourceId, ingestSeq, 1_700_000_000_123_456_789L,
                1_700_000_000_123_999_999L, event);
        final byte[] bytes = new byte[length];
        out.getBytes(offset, bytes);
        return Envelope.parseFrom(bytes);
    }

    private static Envelope.Builder header(long ingestSeq) {
        return Envelope.newBuilder().setSourceId("tcp_1").setIngestSeq(ingestSeq)
                .setReceiveTimeNs(1_700_000_000_123_456_789L).setPublishTimeNs(1_700_000_000_123_999_999L);
    }

    private static Decimal dec(long mantissa, int exponent) {
        return Decimal.newBuilder().setMantissa(mantissa).setExponent(exponent).build();
    }

    private static ByteSlice slice(String text) {
        return ByteSlice.of(text);
    }

    @Test
    void shouldWriteATradeThatParsesToTheSameMessage() throws Exception {
        event.begin(EventKind.TRADE).sourceSeq(42).exchangeTimeNs(1_700_000_000_000_000_000L);
        event.trade.symbol.wrap(slice("BTCUSDT"));
        event.trade.price.set(2700050, -2);
        event.trade.size.set(100000, -8);
        event.trade.aggressorSide = Side.SELL;
        event.trade.tradeId.wrap(slice("T-991"));
        assertThat(write(5)).isEqualTo(header(5).setSourceSeq(42).setExchangeTimeNs(1_700_000_000_000_000_000L)
                .setTrade(Trade.newBuilder().setSymbol("BTCUSDT").setPrice(dec(2700050, -2)).setSize(dec(100000, -8))
                        .setAggressorSide(io.marketintel.pipeline.schema.v1.Side.SIDE_SELL).setTradeId("T-991"))
                .build());
    }

    @Test
    void shouldWriteNegativeMantissasAndExponents() throws Exception {
        event.begin(EventKind.TRADE);
        event.trade.symbol.wrap(slice("X"));
        event.trade.price.set(-3, -12);
        event.trade.size.set(Long.MAX_VALUE, Integer.MIN_VALUE);
        final Envelope e = write(1);
        assertThat(e.getTrade().getPrice()).isEqualTo(dec(-3, -12));
        assertThat(e.getTrade().getSize()).isEqualTo(dec(Long.MAX_VALUE, Integer.MIN_VALUE));
    }

    @Test
    void shouldWriteAQuoteLeavingAbsentSidesAbsent() throws Exception {
        event.begin(EventKind.QUOTE);
        event.quote.symbol.wrap(slice("EUR/USD"));
        event.quote.bidPrice.set(108012, -5);
        event.quote.bidSize.set(1000000, 0);
        assertThat(write(2)).isEqualTo(header(2)
                .setQuote(Quote.newBuilder().setSymbol("EUR/USD").setBidPrice(dec(108012, -5)).setBidSize(dec(1000000, 0)))
                .build());
    }

    @Test
    void shouldWriteALargeBookUpdateWhoseLengthNeedsSeveralVarintBytes() throws Exception {
        event.begin(EventKind.BOOK_UPDATE);
        event.book.symbol.wrap(slice("ETHUSDT"));
        event.book.snapshot = true;
        event.book.firstUpdateId = 100;
        event.book.lastUpdateId = 250;
        final BookUpdate.Builder expected = BookUpdate.newBuilder().setSymbol("ETHUSDT").setSnapshot(true)
                .setFirstUpdateId(100).setLastUpdateId(250);
        final MutableDecimal price = new MutableDecimal();
        final MutableDecimal size = new MutableDecimal();
        for (int i = 0; i < 500; i++) {
            price.set(180000 - i, -2);
            size.set(i, -3);
            event.book.addBid(price, size);
            expected.addBids(PriceLevel.newBuilder().setPrice(dec(180000 - i, -2)).setSize(dec(i, -3)));
            price.set(180100 + i, -2);
            event.book.addAsk(price, size);
            expected.addAsks(PriceLevel.newBuilder().setPrice(dec(180100 + i, -2)).setSize(dec(i, -3)));
        }
        final Envelope e = write(3);
        assertThat(e).isEqualTo(header(3).setBookUpdate(expected).build());
        assertThat(e.getSerializedSize()).isGreaterThan(16_384);
    }

    @Test
    void shouldLeaveTheEnvelopeInItsScratchWhenEncodingEvenAfterTheScratchGrew() throws Exception {
        // A book far past the scratch's first 4 KiB makes it grow between the two small trades.
        final byte[][] viaEncode = new byte[3][];
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                event.begin(EventKind.BOOK_UPDATE).book.symbol.wrap(slice("ETHUSDT"));
                final MutableDecimal price = new MutableDecimal();
                for (int i = 0; i < 400; i++) {
                    price.set(180000 - i, -2);
                    event.book.addBid(price, price);
                }
            } else {
                event.begin(EventKind.TRADE).sourceSeq(round);
                event.trade.symbol.wrap(slice("BTCUSDT"));
                event.trade.price.set(2700050 + round, -2);
            }
            final int length = writer.encode(sourceId, round, 1L, 2L, event);
            viaEncode[round] = new byte[length];
            writer.encoded().getBytes(0, viaEncode[round]);
            final int written = writer.write(out, 3, sourceId, round, 1L, 2L, event);
            final byte[] viaWrite = new byte[written];
            out.getBytes(3, viaWrite);
            assertThat(viaEncode[round]).isEqualTo(viaWrite);
        }
        assertThat(viaEncode[1].length).isGreaterThan(8_192);
        assertThat(Envelope.parseFrom(viaEncode[1]).getBookUpdate().getBidsCount()).isEqualTo(400);
        assertThat(Envelope.parseFrom(viaEncode[2]).getTrade().getPrice()).isEqualTo(dec(2700052, -2));
    }

    @Test
    void shouldRefuseBookLevelsPastTheLimit() {
        final BookFields book = new BookFields(2);
        final MutableDecimal one = new MutableDecimal().set(1, 0);
        assertThat(book.addBid(one, one)).isTrue();
        assertThat(book.addBid(one, one)).isTrue();
        assertThat(book.addBid(one, one)).isFalse();
        assertThat(book.bidCount()).isEqualTo(2);
    }

    @Test
    void shouldWriteATicker() throws Exception {
        event.begin(EventKind.TICKER);
        event.ticker.symbol.wrap(slice("AAPL"));
        event.ticker.lastPrice.set(19012, -2);
        event.ticker.volume.set(123456789, -3);
        event.ticker.bestBid.set(19011, -2);
        assertThat(write(4)).isEqualTo(header(4).setTicker(Ticker.newBuilder().setSymbol("AAPL")
                .setLastPrice(dec(19012, -2)).setVolume(dec(123456789, -3)).setBestBid(dec(19011, -2))).build());
    }

    @Test
    void shouldWriteEveryFixFieldInOrderWithRawValues() throws Exception {
        final byte[] wire = "35=X\u000149=VENUE\u0001268=2\u0001270=1.0850\u0001".getBytes(StandardCharsets.ISO_8859_1);
        final UnsafeBuffer frame = new UnsafeBuffer(wire);
        event.begin(EventKind.FIX_MESSAGE).sourceSeq(77);
        event.fix.buffer(frame);
        event.fix.msgType.wrap(frame, 3, 1);
        event.fix.add(35, 3, 1);
        event.fix.add(49, 8, 5);
        event.fix.add(268, 18, 1);
        event.fix.add(270, 24, 6);
        assertThat(write(6)).isEqualTo(header(6).setSourceSeq(77).setFixMessage(FixMessage.newBuilder().setMsgType("X")
                .addFields(field(35, "X")).addFields(field(49, "VENUE")).addFields(field(268, "2"))
                .addFields(field(270, "1.0850"))).build());
    }

    private static FixField field(int tag, String value) {
        return FixField.newBuilder().setTag(tag).setValue(ByteString.copyFrom(value, StandardCharsets.ISO_8859_1)).build();
    }

    @Test
    void shouldWriteAStatus() throws Exception {
        event.begin(EventKind.STATUS);
        event.status.state = StreamStatus.State.GAP_DETECTED;
        event.status.reason = "sequence jumped — ré-demande";
        event.status.expectedSeq = 10;
        event.status.receivedSeq = 15;
        event.status.count = 5;
        assertThat(write(7)).isEqualTo(header(7).setStatus(StreamStatus.newBuilder()
                .setState(StreamStatus.State.GAP_DETECTED).setReason("sequence jumped — ré-demande")
                .setExpectedSeq(10).setReceivedSeq(15).setCount(5)).build());
    }

    @Test
    void shouldWriteRawBytesUnchanged() throws Exception {
        final byte[] data = {0, 1, 2, (byte) 0xFF, '{', '\n'};
        event.begin(EventKind.RAW);
        event.raw.format.wrap(slice("json"));
        event.raw.data.wrap(new UnsafeBuffer(data), 0, data.length);
        assertThat(write(8)).isEqualTo(header(8)
                .setRaw(Raw.newBuilder().setFormat("json").setData(ByteString.copyFrom(data))).build());
    }

    @Test
    void shouldMatchTheGeneratedSerializationByteForByte() throws Exception {
        event.begin(EventKind.TRADE).sourceSeq(9);
        event.trade.symbol.wrap(slice("BTCUSDT"));
        event.trade.price.set(2700050, -2);
        event.trade.size.set(1, 0);
        final int length = writer.write(out, 0, sourceId, 1, 2, 3, event);
        final byte[] ours = new byte[length];
        out.getBytes(0, ours);
        final byte[] theirs = Envelope.newBuilder().setSourceId("tcp_1").setSourceSeq(9).setIngestSeq(1)
                .setReceiveTimeNs(2).setPublishTimeNs(3).setTrade(Trade.newBuilder().setSymbol("BTCUSDT")
                        .setPrice(dec(2700050, -2)).setSize(dec(1, 0))).build().toByteArray();
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void shouldMatchTheGeneratedSerializationByteForByteForRandomBooksAndFixMessages() throws Exception {
        // Sizes are added up before writing: any size rule that disagrees with the writer shows here.
        final java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            final long seq = random.nextLong(1, Long.MAX_VALUE);
            final long exchangeNs = random.nextInt(3) == 0 ? 0 : random.nextLong();
            final Envelope.Builder expected = Envelope.newBuilder().setSourceId("tcp_1").setSourceSeq(seq)
                    .setIngestSeq(round + 1).setExchangeTimeNs(exchangeNs).setReceiveTimeNs(2).setPublishTimeNs(3);
            if (random.nextBoolean()) {
                event.begin(EventKind.BOOK_UPDATE).sourceSeq(seq).exchangeTimeNs(exchangeNs);
                final BookUpdate.Builder book = BookUpdate.newBuilder().setSymbol("BTC-USDT")
                        .setSnapshot(random.nextBoolean()).setFirstUpdateId(random.nextLong())
                        .setLastUpdateId(random.nextInt(2) == 0 ? 0 : random.nextLong(Long.MAX_VALUE));
                event.book.symbol.wrap(slice("BTC-USDT"));
                event.book.snapshot = book.getSnapshot();
                event.book.firstUpdateId = book.getFirstUpdateId();
                event.book.lastUpdateId = book.getLastUpdateId();
                final int levels = random.nextInt(40);
                for (int i = 0; i < levels; i++) {
                    final MutableDecimal price = new MutableDecimal().set(random.nextLong() >> random.nextInt(64),
                            random.nextInt(-40, 40));
                    final MutableDecimal size = new MutableDecimal();
                    if (random.nextInt(4) != 0) {
                        size.set(random.nextLong() >> random.nextInt(64), random.nextInt(-20, 3));
                    }
                    final PriceLevel.Builder level = PriceLevel.newBuilder()
                            .setPrice(dec(price.mantissa(), price.exponent()));
                    if (size.isPresent()) {
                        level.setSize(dec(size.mantissa(), size.exponent()));
                    }
                    if (random.nextBoolean()) {
                        event.book.addBid(price, size);
                        book.addBids(level);
                    } else {
                        event.book.addAsk(price, size);
                        book.addAsks(level);
                    }
                }
                expected.setBookUpdate(book);
            } else {
                final byte[] message = new byte[4096];
                random.nextBytes(message);
                event.begin(EventKind.FIX_MESSAGE).sourceSeq(seq).exchangeTimeNs(exchangeNs);
                event.fix.msgType.wrap(slice("X"));
                event.fix.buffer(new UnsafeBuffer(message));
                final FixMessage.Builder fix = FixMessage.newBuilder().setMsgType("X");
                final int fields = random.nextInt(30);
                for (int i = 0; i < fields; i++) {
                    final int tag = random.nextInt(1, 20_000);
                    final int offset = random.nextInt(2048);
                    final int length = random.nextInt(4) == 0 ? random.nextInt(2048) : random.nextInt(12);
                    event.fix.add(tag, offset, length);
                    fix.addFields(FixField.newBuilder().setTag(tag)
                            .setValue(ByteString.copyFrom(message, offset, length)));
                }
                expected.setFixMessage(fix);
            }
            final int length = writer.write(out, 5, sourceId, round + 1, 2, 3, event);
            final byte[] ours = new byte[length];
            out.getBytes(5, ours);
            assertThat(ours).as("round %d", round).isEqualTo(expected.build().toByteArray());
        }
    }
}
