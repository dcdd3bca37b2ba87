package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decode;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decodeOffHeap;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.fixture;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link BinanceSpotDecoder} reads frames with pull reads; {@link PathTrackingBinanceDecoder} is
 * the same interpretation through the base decoder's path tracking, as it was before. Both must
 * give the same outcome and the same envelopes for the fixtures, for odd but valid shapes, and
 * for every truncation and many random corruptions of them (malformed JSON, wrong types, huge
 * numbers, escapes, deep nesting), and for random valid Binance messages with random values,
 * extra keys and other key orders. {@link BinanceSpotDecoder} reads the usual compact shapes with
 * a fast path ({@link BinanceCompactFrameReader}) and the rest with its general pass; both are
 * compared here.
 */
class BinanceSpotDecoderEquivalenceTest {
    private final BinanceSpotDecoder pull = new BinanceSpotDecoder();
    private final PathTrackingBinanceDecoder reference = new PathTrackingBinanceDecoder();

    private static List<byte[]> corpus() {
        final List<byte[]> frames = new ArrayList<>();
        for (String name : new String[] {"trade", "aggTrade", "bookTicker", "combined-trade", "depthUpdate", "error",
            "subscribe-response"}) {
            frames.add(fixture("binance/" + name + ".json"));
        }
        for (String json : new String[] {
            "{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":157,\"u\":176,\"b\":[[\"16850.00000000\","
                + "\"0.01234567\"],[\"16849.99000000\",\"0.00000000\"]],\"a\":[[\"16850.01000000\",\"10.00000000\"]]}",
            "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"X\",\"U\":1,\"u\":2,"
                + "\"b\":[[\"1.5\",\"2\",\"x\"]],\"a\":[[1.5,2e3]]},\"b\":[[\"9\",\"9\"]],\"s\":\"Y\"}",
            "{\"id\":3,\"status\":400,\"error\":{\"code\":-1121,\"msg\":\"Invalid symbol.\",\"b\":[[\"1\",\"2\"]]}}",
            "{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":{\"k\":[\"1\",\"2\"]},\"a\":[[[\"1\"],\"2\"],{\"x\":[1]}]}",
            "{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[],[\"1\"],[\"1\",{}]],\"a\":[\"1\",\"2\"]}",
            "{\"data\":[{\"e\":\"trade\"}],\"e\":\"trade\",\"s\":\"X\",\"p\":\"1\",\"q\":\"2\",\"m\":false,\"t\":\"a\\\"b\"}",
            "{\"data\":{\"data\":{\"e\":\"trade\",\"s\":\"X\",\"p\":\"1\",\"q\":\"2\",\"m\":false}},\"e\":\"trade\"}",
            "{\"e\":\"trade\",\"s\":\"X\\u0041\",\"p\":\"1\\u0030\",\"q\":\"99999999999999999999\",\"m\":null,\"T\":\"1e3\"}",
            "{\"\\u0065\":\"trade\",\"s\":\"X\",\"p\":-0.5,\"q\":1E-3,\"m\":false,\"T\":1.5,\"E\":[1]}",
            "{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"x\"}",
            "{\"result\":[],\"id\":{\"a\":[[[[[[1]]]]]]}}",
            " { \"e\" : \"trade\" , \"s\" : \"X\" , \"p\" : \"1\" , \"q\" : \"2\" , \"m\" : true } ",
        }) {
            frames.add(utf8(json));
        }
        frames.add(BinanceDepthSamples.depthUpdate());
        // The compact shapes the fast path reads, so that their truncations and corruptions are
        // compared too (the fixtures above are mostly pretty-printed, which the fast path leaves).
        frames.add(utf8(COMPACT_TRADE));
        frames.add(utf8(COMPACT_BOOK_TICKER));
        frames.add(utf8(COMPACT_AGG_TRADE));
        frames.add(utf8("{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"X\",\"U\":1,"
                + "\"u\":2,\"b\":[],\"a\":[[\"1.5\",\"-2e3\"],[\"0\",\"12345678901234567890\"]]}}"));
        return frames;
    }

    /** The documented bookTicker payload (codec fixture {@code binance/bookTicker.json}) written compactly. */
    private static final String COMPACT_BOOK_TICKER = "{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\","
            + "\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}";

    /** The documented aggTrade payload written compactly. */
    private static final String COMPACT_AGG_TRADE = "{\"e\":\"aggTrade\",\"E\":1672515782136,\"s\":\"BNBBTC\","
            + "\"a\":12345,\"p\":\"0.001\",\"q\":\"100\",\"f\":100,\"l\":105,\"T\":1672515782136,\"m\":false,\"M\":true}";

    /** The documented trade payload written compactly; the trade stream has been dropping "b" and "a". */
    private static final String COMPACT_TRADE = "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,"
            + "\"p\":\"0.001\",\"q\":\"100\",\"b\":88,\"a\":50,\"T\":1672515782136,\"m\":true,\"M\":true}";

    @Test
    void shouldTakeTheFastPathForTheShapesBinanceSends() {
        for (byte[] frame : new byte[][] {utf8(COMPACT_TRADE), BinanceDepthSamples.depthUpdate(), utf8(COMPACT_BOOK_TICKER),
            utf8("{\"stream\":\"bnbusdt@bookTicker\",\"data\":" + COMPACT_BOOK_TICKER + "}"),
            utf8(new String(fixture("binance/combined-trade.json"), StandardCharsets.UTF_8).strip()),
            utf8(COMPACT_TRADE.replace("\"b\":88,\"a\":50,", "")), utf8(COMPACT_TRADE.replace(",\"M\":true", "")),
            utf8(COMPACT_AGG_TRADE)}) {
            final BinanceCompactFrameReader fast = new BinanceCompactFrameReader();
            final DecodeOutcome outcome = fast.decode(new UnsafeBuffer(frame), 0, frame.length, new CanonicalEvent(), e -> { });
            assertThat(outcome).as(new String(frame, StandardCharsets.UTF_8)).isEqualTo(DecodeOutcome.DATA);
            assertSame(frame);
        }
    }

    @Test
    void shouldDecodeRandomValidMessagesAsThePathTrackingDecoderDoes() {
        final BinanceMessageGenerator messages = new BinanceMessageGenerator(new SplittableRandom(11));
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            final byte[] frame = utf8(messages.next());
            assertSame(frame);
            if (new BinanceCompactFrameReader().decode(
                    new UnsafeBuffer(frame), 0, frame.length, new CanonicalEvent(), e -> { }) != null) {
                fast++;
            }
        }
        // Most generated messages have the usual shape: the fast path, not only the fallback, is compared.
        assertThat(fast).isGreaterThan(5_000);
    }

    @Test
    void shouldDecodeTheCorpusAsThePathTrackingDecoderDoes() {
        for (byte[] frame : corpus()) {
            assertSame(frame);
        }
    }

    @Test
    void shouldDecodeEveryTruncationAsThePathTrackingDecoderDoes() {
        for (byte[] frame : corpus()) {
            for (int length = 0; length < frame.length; length++) {
                assertSame(java.util.Arrays.copyOf(frame, length));
            }
        }
    }

    @Test
    void shouldDecodeRandomCorruptionsAsThePathTrackingDecoderDoes() {
        final byte[] replacements = utf8("0123456789.-+eE\"\\,:[]{}ntfx \u0001");
        final SplittableRandom random = new SplittableRandom(5);
        for (byte[] frame : corpus()) {
            for (int i = 0; i < 4_000; i++) {
                final byte[] corrupted = frame.clone();
                final int changes = 1 + random.nextInt(3);
                for (int k = 0; k < changes; k++) {
                    corrupted[random.nextInt(corrupted.length)] = replacements[random.nextInt(replacements.length)];
                }
                assertSame(corrupted);
            }
        }
    }

    private void assertSame(byte[] frame) {
        final Decoded expected = decode(reference, frame);
        final String text = new String(frame, StandardCharsets.UTF_8);
        // Digits after the frame catch a word read that does not stop at the frame's end.
        for (byte junk : new byte[] {'}', '7'}) {
            final Decoded actual = decode(pull, frame, junk);
            assertThat(actual.outcome()).as(text).isEqualTo(expected.outcome());
            assertThat(actual.envelopes()).as(text).isEqualTo(expected.envelopes());
        }
        // Off-heap, ending at the buffer's capacity: the unchecked reads stay inside it.
        final Decoded offHeap = decodeOffHeap(pull, frame, (byte) '7');
        assertThat(offHeap.outcome()).as(text).isEqualTo(expected.outcome());
        assertThat(offHeap.envelopes()).as(text).isEqualTo(expected.envelopes());
    }
}
