package io.marketintel.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.codec.fix.FixTags;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.schema.v1.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's {@code ZeroCopyDeserializer} and {@code ProtobufConverter} facades over the codec. */
class FacadesTest {
    private static final String X = fix("35=X|34=7|49=VENUE|56=CLIENT|52=20240101-00:00:00.000|268=1|279=0|269=2|"
            + "55=EUR/USD|270=1.08500|271=250000|");

    @Test
    void shouldDeserializeAFixMessageAsAViewOverItsBytes() {
        final var view = new ZeroCopyDeserializer().deserializeFix(X.getBytes(StandardCharsets.US_ASCII));

        assertThat(view.isMsgType('X')).isTrue();
        assertThat(view.msgSeqNum()).isEqualTo(7);
        assertThat(view.intValue(FixTags.NO_MD_ENTRIES)).isEqualTo(1);
    }

    @Test
    void shouldRefuseBytesThatAreNotFix() {
        assertThatThrownBy(() -> new ZeroCopyDeserializer().deserializeFix("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a FIX message");
    }

    @Test
    void shouldTokenizeAWebSocketJsonFrame() {
        final var tokenizer = new ZeroCopyDeserializer().deserializeWebsocket("{\"p\":\"1.5\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(tokenizer.next()).isEqualTo(JsonToken.START_OBJECT);
    }

    @Test
    void shouldConvertAFixIncrementalToCanonicalEnvelopesPlusTheFixMessage() throws Exception {
        final List<byte[]> envelopes = new ProtobufConverter("fix_1").convertToProtobuf("fix_message",
                X.getBytes(StandardCharsets.US_ASCII));

        assertThat(envelopes).hasSize(2);
        final Envelope trade = Envelope.parseFrom(envelopes.get(0));
        assertThat(trade.getSourceId()).isEqualTo("fix_1");
        assertThat(trade.getSourceSeq()).isEqualTo(7);
        assertThat(trade.getTrade().getPrice().getMantissa()).isEqualTo(108_500);
        assertThat(trade.getTrade().getPrice().getExponent()).isEqualTo(-5);
        assertThat(Envelope.parseFrom(envelopes.get(1)).getFixMessage().getMsgType()).isEqualTo("X");
    }

    /** A full-book snapshot of more than 2,048 fields comes out whole, not refused as too large. */
    @Test
    void shouldConvertASnapshotOfThousandsOfFieldsWithEveryFieldInTheFixMessage() throws Exception {
        final StringBuilder body = new StringBuilder("35=W|34=8|49=VENUE|56=CLIENT|52=20240101-00:00:00.000|55=EUR/USD|268=1000|");
        for (int i = 0; i < 1_000; i++) {
            body.append("269=").append(i % 2).append("|270=1.").append(1000 + i).append("|271=100|");
        }

        final List<byte[]> envelopes = new ProtobufConverter("fix_1").convertToProtobuf("fix_message",
                fix(body.toString()).getBytes(StandardCharsets.US_ASCII));

        assertThat(envelopes).hasSize(2);
        final Envelope book = Envelope.parseFrom(envelopes.get(0));
        assertThat(book.getBookUpdate().getBidsCount() + book.getBookUpdate().getAsksCount()).isEqualTo(1_000);
        assertThat(Envelope.parseFrom(envelopes.get(1)).getFixMessage().getFieldsCount()).isEqualTo(3_000 + 10);
    }

    @Test
    void shouldConvertAWebSocketMarketDataMessageOfTheConfiguredDialect() throws Exception {
        final String json = "{\"e\":\"trade\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"t\":42,\"p\":\"27000.50\","
                + "\"q\":\"0.010\",\"T\":1700000000000,\"m\":true}";

        final List<byte[]> envelopes = new ProtobufConverter("ws_1", "binance")
                .convertToProtobuf("market_data", json.getBytes(StandardCharsets.UTF_8));

        assertThat(envelopes).hasSize(1);
        final Envelope trade = Envelope.parseFrom(envelopes.get(0));
        assertThat(trade.getTrade().getSymbol()).isEqualTo("BTCUSDT");
        assertThat(trade.getTrade().getPrice().getMantissa()).isEqualTo(2_700_050);
    }

    @Test
    void shouldNameTheKnownTypesWhenGivenAnUnknownOne() {
        assertThatThrownBy(() -> new ProtobufConverter("x").convertToProtobuf("orders", new byte[0]))
                .hasMessageContaining("fix_message").hasMessageContaining("market_data");
    }

    /** Wraps a body in 8/9 and 10 with the right BodyLength and CheckSum; '|' stands for SOH. */
    private static String fix(String body) {
        final String b = body.replace('|', '\u0001');
        final String head = "8=FIX.4.4\u00019=" + b.length() + "\u0001";
        int sum = 0;
        for (char c : (head + b).toCharArray()) {
            sum += c;
        }
        return head + b + String.format("10=%03d\u0001", sum & 0xFF);
    }
}
