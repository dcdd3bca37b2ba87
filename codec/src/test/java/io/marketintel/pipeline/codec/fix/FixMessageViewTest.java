package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.MutableDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FixMessageViewTest {
    private final FixMessageView view = new FixMessageView();

    private FixMessageView wrap(String text) {
        final byte[] b = bytes(text);
        assertThat(view.wrap(new UnsafeBuffer(b), 0, b.length)).isEqualTo(FixWrapResult.OK);
        return view;
    }

    private static long epochNs(String iso) {
        final Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void shouldIndexEveryFieldInOrderWithRepeats() {
        wrap(message("35=X|34=12|268=2|279=0|269=0|279=1|269=1|"));
        final List<String> fields = new ArrayList<>();
        for (int i = 0; i < view.fieldCount(); i++) {
            fields.add(view.tagAt(i) + "=" + view.buffer().getStringWithoutLengthAscii(view.valueOffsetAt(i),
                    view.valueLengthAt(i)));
        }
        assertThat(fields).startsWith("8=FIX.4.4", "9=41", "35=X", "34=12", "268=2", "279=0", "269=0", "279=1", "269=1");
        assertThat(fields.get(fields.size() - 1)).startsWith("10=");
        assertThat(view.indexOf(279)).isEqualTo(5);
        assertThat(view.indexOf(279, 6, view.fieldCount())).isEqualTo(7);
        assertThat(view.indexOf(999)).isEqualTo(-1);
        assertThat(view.isMsgType('X')).isTrue();
        assertThat(view.isMsgType('W')).isFalse();
        assertThat(view.msgType().toString()).isEqualTo("X");
        assertThat(view.msgSeqNum()).isEqualTo(12);
    }

    @Test
    void shouldCompareMultiCharacterMsgTypes() {
        wrap(message("35=AE|34=1|"));
        assertThat(view.isMsgType(new byte[] {'A', 'E'})).isTrue();
        assertThat(view.isMsgType('A')).isFalse();
    }

    @Test
    void shouldReadTypedValues() {
        wrap(message("35=D|34=2|38=-17|39=9223372036854775807|40=2|43=Y|97=N|44=27000.50|58=hello|"));
        assertThat(view.intValue(38)).isEqualTo(-17);
        assertThat(view.status()).isEqualTo(FixValueStatus.OK);
        assertThat(view.longValue(39)).isEqualTo(Long.MAX_VALUE);
        assertThat(view.charValue(40)).isEqualTo('2');
        assertThat(view.booleanValue(43)).isTrue();
        assertThat(view.booleanValue(97)).isFalse();
        assertThat(view.status()).isEqualTo(FixValueStatus.OK);
        final MutableDecimal price = new MutableDecimal();
        assertThat(view.decimal(44, price)).isEqualTo(FixValueStatus.OK);
        assertThat(price.mantissa()).isEqualTo(2700050);
        assertThat(price.exponent()).isEqualTo(-2);
        final ByteSlice text = new ByteSlice();
        assertThat(view.bytes(58, text)).isEqualTo(FixValueStatus.OK);
        assertThat(text.toString()).isEqualTo("hello");
    }

    @Test
    void shouldReturnSentinelsAndAStatusForMissingAndBadValues() {
        wrap(message("35=D|34=x|38=1.5|39=99999999999|40=AB|43=T|44=1.2.3|45=|46=-9223372036854775809|"));
        assertThat(view.intValue(1)).isEqualTo(FixMessageView.NO_INT);
        assertThat(view.status()).isEqualTo(FixValueStatus.MISSING);
        assertThat(view.msgSeqNum()).isEqualTo(FixMessageView.NO_LONG);
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(view.intValue(38)).isEqualTo(FixMessageView.NO_INT);
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(view.intValue(39)).isEqualTo(FixMessageView.NO_INT);
        assertThat(view.status()).isEqualTo(FixValueStatus.OVERFLOW);
        assertThat(view.charValue(40)).isEqualTo('\0');
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(view.booleanValue(43)).isFalse();
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
        final MutableDecimal d = new MutableDecimal();
        assertThat(view.decimal(44, d)).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(d.isPresent()).isFalse();
        assertThat(view.decimal(45, d)).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(view.decimal(47, d)).isEqualTo(FixValueStatus.MISSING);
        assertThat(view.longValue(45)).isEqualTo(FixMessageView.NO_LONG);
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(view.longValue(46)).isEqualTo(FixMessageView.NO_LONG);
        assertThat(view.status()).isEqualTo(FixValueStatus.OVERFLOW);
        final ByteSlice slice = ByteSlice.of("x");
        assertThat(view.bytes(47, slice)).isEqualTo(FixValueStatus.MISSING);
        assertThat(slice.isPresent()).isFalse();
    }

    @Test
    void shouldReadLongMinValue() {
        wrap(message("35=D|38=-9223372036854775808|"));
        assertThat(view.longValue(38)).isEqualTo(Long.MIN_VALUE);
        assertThat(view.status()).isEqualTo(FixValueStatus.OK);
    }

    @ParameterizedTest
    @CsvSource({
        "20240229-23:59:59, 2024-02-29T23:59:59Z",
        "20240102-03:04:05.678, 2024-01-02T03:04:05.678Z",
        "20240102-03:04:05.678901, 2024-01-02T03:04:05.678901Z",
        "20240102-03:04:05.678901234, 2024-01-02T03:04:05.678901234Z",
        "20260102-03:04:05.123456789012, 2026-01-02T03:04:05.123456789Z",
        "20260102-03:04:05.000000000000, 2026-01-02T03:04:05Z",
        "22620411-23:47:16.854775807, 2262-04-11T23:47:16.854775807Z",
        "16770921-00:12:43.145224193, 1677-09-21T00:12:43.145224193Z",
        "19700101-00:00:00.000, 1970-01-01T00:00:00Z",
        "19691231-23:59:59.999, 1969-12-31T23:59:59.999Z",
        "21000301-12:00:00, 2100-03-01T12:00:00Z",
        "20161231-23:59:60, 2017-01-01T00:00:00Z",
    })
    void shouldReadUtcTimestampsAtEveryPrecision(String text, String iso) {
        wrap(message("35=0|52=" + text + "|"));
        assertThat(view.utcTimestampNs(52)).isEqualTo(epochNs(iso));
        assertThat(view.status()).isEqualTo(FixValueStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"20240102-03:04:05.67", "20240102-03:04:05.6789", "20240102 03:04:05", "20240230-03:04:05",
        "20230229-00:00:00", "20241301-00:00:00", "20240102-24:00:00", "20240102-03:60:00", "20240102-03:04:61",
        "2024010a-03:04:05", "20240102-03:04:05,678", "20240102-03:04:05.67x", "", "20240102-03904905",
        "20240102-03:04;05", "20240102-0a:04:05", "2024-102-03:04:05", "20240102-03:04:05.67:",
        "20240102-03:04:05.1234567890", "20240102-03:04:05.12345678901x", "20240102-03:04:05.1234567890123",
        "22620411-23:47:16.854775808", "22620411-23:47:17", "16770921-00:12:43.145224191", "99991231-23:59:59.999",
        "00000101-00:00:00"})
    void shouldRefuseBadUtcTimestamps(String text) {
        wrap(message("35=0|52=" + text + "|"));
        assertThat(view.utcTimestampNs(52)).isEqualTo(FixMessageView.NO_LONG);
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
    }

    /** 2^64 ns (~584.5 years) after a time used to parse to that very time: the product wrapped. */
    @Test
    void shouldRefuseAUtcTimestampWhoseNanosecondsWouldWrapOntoAnotherTime() {
        wrap(message("35=0|52=20260102-03:04:05.000000000|60=26100724-02:38:38.709551616|"));
        assertThat(view.utcTimestampNs(52)).isEqualTo(1_767_323_045_000_000_000L);
        assertThat(view.utcTimestampNs(60)).isEqualTo(FixMessageView.NO_LONG);
        assertThat(view.status()).isEqualTo(FixValueStatus.MALFORMED);
    }

    @Test
    void shouldWalkMarketDataEntriesOfAnIncrementalRefresh() {
        wrap(message("35=X|34=3|268=3|279=0|269=0|55=EUR/USD|270=1.1|271=5|279=2|269=1|270=1.2|"
                + "279=1|269=2|270=1.15|271=7|"));
        final FixGroupCursor entries = new FixGroupCursor();
        assertThat(view.group(FixTags.NO_MD_ENTRIES, FixTags.MD_UPDATE_ACTION, entries)).isEqualTo(FixValueStatus.OK);
        assertThat(entries.entryCount()).isEqualTo(3);
        final List<String> seen = new ArrayList<>();
        final MutableDecimal px = new MutableDecimal();
        while (entries.next()) {
            view.decimalAt(entries.indexOf(FixTags.MD_ENTRY_PX), px);
            seen.add(entries.entryNumber() + ":" + view.charAt(entries.indexOf(FixTags.MD_UPDATE_ACTION))
                    + view.charAt(entries.indexOf(FixTags.MD_ENTRY_TYPE)) + "@" + px + " sym="
                    + (entries.indexOf(FixTags.SYMBOL) >= 0));
        }
        assertThat(seen).containsExactly("0:00@1.1 sym=true", "1:21@1.2 sym=false", "2:12@1.15 sym=false");
        entries.rewind();
        assertThat(entries.next()).isTrue();
        assertThat(entries.entryNumber()).isZero();
    }

    @Test
    void shouldRefuseAGroupWhoseCountDoesNotMatch() {
        final FixGroupCursor entries = new FixGroupCursor();
        wrap(message("35=X|268=3|279=0|269=0|279=0|269=1|"));
        assertThat(view.group(268, 279, entries)).isEqualTo(FixValueStatus.MALFORMED);
        assertThat(entries.next()).isFalse();
        wrap(message("35=X|268=1|269=0|279=0|"));
        assertThat(view.group(268, 279, entries)).isEqualTo(FixValueStatus.MALFORMED);
        wrap(message("35=X|"));
        assertThat(view.group(268, 279, entries)).isEqualTo(FixValueStatus.MISSING);
        assertThat(entries.next()).isFalse();
        wrap(message("35=X|268=0|"));
        assertThat(view.group(268, 279, entries)).isEqualTo(FixValueStatus.OK);
        assertThat(entries.next()).isFalse();
    }

    @Test
    void shouldTakeLengthPrefixedDataFieldsByTheirLength() {
        wrap(message("35=B|95=5|96=a\001b=c|58=after|"));
        final ByteSlice raw = new ByteSlice();
        view.bytes(96, raw);
        assertThat(raw.toString()).isEqualTo("a\001b=c");
        assertThat(view.bytes(58, raw)).isEqualTo(FixValueStatus.OK);
        assertThat(raw.toString()).isEqualTo("after");
    }

    @Test
    void shouldRefuseMalformedFieldsAndTooManyFields() {
        final byte[] noSoh = bytes("35=X\00134=1");
        assertThat(view.wrap(new UnsafeBuffer(noSoh), 0, noSoh.length)).isEqualTo(FixWrapResult.MALFORMED);
        final byte[] badTag = bytes("35=X\0013a=1\001");
        assertThat(view.wrap(new UnsafeBuffer(badTag), 0, badTag.length)).isEqualTo(FixWrapResult.MALFORMED);
        final byte[] noTag = bytes("=X\001");
        assertThat(view.wrap(new UnsafeBuffer(noTag), 0, noTag.length)).isEqualTo(FixWrapResult.MALFORMED);
        final byte[] shortData = bytes("95=9\00196=ab\001");
        assertThat(view.wrap(new UnsafeBuffer(shortData), 0, shortData.length)).isEqualTo(FixWrapResult.MALFORMED);
        final FixMessageView small = new FixMessageView(4);
        final byte[] five = bytes("35=X\00134=7\0013=c\0014=d\0015=e\001");
        assertThat(small.wrap(new UnsafeBuffer(five), 0, five.length)).isEqualTo(FixWrapResult.TOO_MANY_FIELDS);
        // The header is still readable, so that the message can be accounted for.
        assertThat(small.fieldCount()).isEqualTo(4);
        assertThat(small.isMsgType('X')).isTrue();
        assertThat(small.msgSeqNum()).isEqualTo(7);
        assertThat(small.wrap(new UnsafeBuffer(five), 0, 18)).isEqualTo(FixWrapResult.OK);
    }

    @Test
    void shouldIndexEveryFieldOfTheLargestMessageTheFramerAccepts() {
        final StringBuilder body = new StringBuilder("35=W|34=1|");
        while (body.length() < FixFramer.DEFAULT_MAX_MESSAGE_BYTES - 40) {
            body.append("1=a|");   // the smallest valid field
        }
        final byte[] b = bytes(message(body.toString()));
        assertThat(b.length).isLessThanOrEqualTo(FixFramer.DEFAULT_MAX_MESSAGE_BYTES);
        final int[] delivered = {0};
        new FixFramer().frame(new UnsafeBuffer(b), 0, b.length, new FixFrameHandler() {
            @Override
            public boolean onMessage(org.agrona.DirectBuffer buffer, int offset, int length) {
                delivered[0]++;
                assertThat(view.wrap(buffer, offset, length)).isEqualTo(FixWrapResult.OK);
                return true;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, org.agrona.DirectBuffer buffer, int offset, int length) {
                throw new AssertionError("garbled: " + reason);
            }

            @Override
            public void onOversize(long declaredBodyLength) {
                throw new AssertionError("oversize: " + declaredBodyLength);
            }
        });
        assertThat(delivered[0]).isEqualTo(1);
        assertThat(view.fieldCount()).isGreaterThan(16_000);
    }

    @Test
    void shouldIndexTagsOfEveryLengthWhereverTheyFallInTheWordsRead() {
        // Tags of 1 to 9 digits (leading zeros included), empty values and a data field whose SOH
        // is inside the first eight bytes, at every alignment: word-at-a-time and byte paths agree.
        final String fields = "1=a|22=|333=ccc|4444=d|55555=e|666666=|7777777=g|88888888=h|999999999=i|"
                + "035=X|95=2|96=|x|58=done|";
        for (int pad = 0; pad < 9; pad++) {
            final String text = "58=" + "p".repeat(pad) + "|" + fields;
            final byte[] b = bytes(text.replace('|', '\001'));
            assertThat(view.wrap(new UnsafeBuffer(b), 0, b.length)).isEqualTo(FixWrapResult.OK);
            final List<String> seen = new ArrayList<>();
            for (int i = 1; i < view.fieldCount(); i++) {
                seen.add(view.tagAt(i) + "=" + view.buffer().getStringWithoutLengthAscii(view.valueOffsetAt(i),
                        view.valueLengthAt(i)).replace('\001', '|'));
            }
            assertThat(seen).containsExactly("1=a", "22=", "333=ccc", "4444=d", "55555=e", "666666=", "7777777=g",
                    "88888888=h", "999999999=i", "35=X", "95=2", "96=|x", "58=done");
            assertThat(view.isMsgType('X')).isTrue();
        }
        final byte[] tenDigits = bytes("1234567890=a\001");
        assertThat(view.wrap(new UnsafeBuffer(tenDigits), 0, tenDigits.length)).isEqualTo(FixWrapResult.MALFORMED);
        final byte[] letterInTag = bytes("3X=a\00158=bbbbbbbb\001");
        assertThat(view.wrap(new UnsafeBuffer(letterInTag), 0, letterInTag.length)).isEqualTo(FixWrapResult.MALFORMED);
    }
}
