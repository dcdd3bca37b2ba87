package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decode;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.fixture;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BinanceSpotDecoder} reads frames with pull reads; {@link PathTrackingBinanceDecoder} is
 * the same interpretation through the base decoder's path tracking, as it was before. Both must
 * give the same outcome and the same envelopes for the fixtures, for odd but valid shapes, and
 * for every truncation and many random corruptions of them (malformed JSON, wrong types, huge
 * numbers, escapes, deep nesting).
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
        return frames;
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
        final Decoded actual = decode(pull, frame);
        final String text = new String(frame, StandardCharsets.UTF_8);
        assertThat(actual.outcome()).as(text).isEqualTo(expected.outcome());
        assertThat(actual.envelopes()).as(text).isEqualTo(expected.envelopes());
    }
}
