package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decode;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decodeExactArray;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.decodeOffHeap;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.fixture;
import static io.marketintel.pipeline.codec.json.dialect.DialectFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.FuzzBudget;
import io.marketintel.pipeline.codec.FuzzMutator;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.UncheckedReads;
import io.marketintel.pipeline.codec.json.JsonMapping;
import io.marketintel.pipeline.codec.json.JsonMappingDecoder;
import io.marketintel.pipeline.codec.json.QuoteMapping;
import io.marketintel.pipeline.codec.json.TimestampUnit;
import io.marketintel.pipeline.codec.json.TradeMapping;
import io.marketintel.pipeline.codec.json.dialect.DialectFixtures.Decoded;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutation fuzzing of every JSON decoder a WebSocket or TCP source can use (the five venue
 * dialects and the generic mapping): each one's fixtures and usual shapes, mutated a few times
 * over ({@link FuzzMutator}), must decode without an exception, to envelopes the generated
 * classes parse, and to the same outcome and envelopes
 *
 * <ul>
 *   <li>from an array that ends where the frame ends (the decoders read words without a bounds
 *       check; the tests run with {@code -Dpipeline.checkedReads=true}, so a read that leaves the
 *       array throws here instead of reading someone else's memory in production),
 *   <li>from mid-buffer with digits after the frame (a look-ahead that leaked into a result would
 *       show as a different value) and from off-heap memory ending with the frame,
 *   <li>by a decoder that has read every mutant before as by a new one (no state carried over),
 *   <li>and for Binance, by the path-tracking reference that has no fast path.
 * </ul>
 *
 * <p>The build runs a fixed seed; a campaign runs for as long as asked, for example
 * {@code ./mvnw -o test -pl codec -Dtest=VenueDialectFuzzTest -Dfuzz.seconds=600
 * -Dsurefire.failIfNoSpecifiedTests=false} (after {@code ./mvnw -o install -DskipTests}). A failure
 * names the seed and mutant number that reproduce it and shows the frame.
 */
class VenueDialectFuzzTest {
    private static final long MUTANTS_PER_FORMAT = 12_000;
    private static final String PUNCTUATION = "{}[]:,\"\\.-+eE0123456789 tfn";
    private static final List<String> TOKENS = List.of("\"", "\\u0041", "\\\"", "{}", "[]", "[[\"1\",\"2\"]]", "null",
            "true", "false", "-0", "1e-99999", "1.5E+3", "99999999999999999999", "0.00000000", "\"e\":", "\"data\":",
            "\"s\":\"X\",", "\"type\":", ",\"b\":[]", "\u00e9", "\u20ac", " ", "\uD83D\uDE00");

    /** The generic mapping as a TCP source would configure it: trades and quotes told apart by "type". */
    private static final JsonMapping MAPPING = new JsonMapping(
            "type",
            new TradeMapping("trade", "sym", "px", "qty", "side", "id", "ts", "seq"),
            new QuoteMapping("quote", "data.sym", "data.bid", "data.bidSz", "data.ask", "data.askSz", "ts", "seq"),
            TimestampUnit.MILLISECONDS);

    @BeforeAll
    static void readsAreChecked() {
        // Without the check, a read past the array would pass here silently.
        assertThat(UncheckedReads.CHECKED).as("the tests must run with -Dpipeline.checkedReads=true").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "coinbase", "kraken", "bitstamp", "okx", "mapping"})
    void shouldDecodeMutantsSafelyAndTheSameWayWherever(String format) {
        final List<byte[]> seeds = seeds(format);
        final Supplier<MessageDecoder> decoders = decoders(format);
        final MessageDecoder longLived = decoders.get();
        final FuzzMutator mutator = new FuzzMutator(PUNCTUATION, TOKENS, seeds);
        final FuzzBudget budget = FuzzBudget.fromSystemProperties(format.hashCode(), MUTANTS_PER_FORMAT);
        final int[] outcomes = new int[DecodeOutcome.values().length];
        long mutant = 0;
        for (; budget.more(mutant); mutant++) {
            final SplittableRandom random = budget.random(mutant);
            // One in ten unmutated: the seeds' own paths stay in the comparison.
            final byte[] seed = seeds.get(random.nextInt(seeds.size()));
            final byte[] frame = random.nextInt(10) == 0 ? seed : mutator.mutate(seed, random);
            final String where = format + ", " + budget.where(mutant) + ", frame: " + FuzzMutator.describe(frame);
            final Decoded expected = decodeOrFail(where, () -> decodeExactArray(longLived, frame));
            assertSame(where + " (mid-buffer, new decoder)", expected,
                    decodeOrFail(where, () -> decode(decoders.get(), frame, (byte) '7')));
            assertSame(where + " (off-heap)", expected,
                    decodeOrFail(where, () -> decodeOffHeap(decoders.get(), frame, (byte) '7')));
            if (format.equals("binance")) {
                assertSame(where + " (path-tracking reference)", expected,
                        decodeOrFail(where, () -> decode(new PathTrackingBinanceDecoder(), frame)));
            }
            outcomes[expected.outcome().ordinal()]++;
        }
        // The mutants must reach past the first byte: some still decode to data, some are refused.
        assertThat(outcomes[DecodeOutcome.DATA.ordinal()]).as("mutants decoded to data").isPositive();
        assertThat(outcomes[DecodeOutcome.MALFORMED.ordinal()]).as("mutants refused as malformed").isPositive();
        assertThat(mutant).as("mutants run").isPositive();
    }

    private static Decoded decodeOrFail(String where, Supplier<Decoded> decoding) {
        try {
            return decoding.get();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("decoding threw on " + where, e);
        }
    }

    private static void assertSame(String where, Decoded expected, Decoded actual) {
        assertThat(actual.outcome()).as(where).isEqualTo(expected.outcome());
        assertThat(actual.envelopes()).as(where).isEqualTo(expected.envelopes());
    }

    private static Supplier<MessageDecoder> decoders(String format) {
        if (format.equals("mapping")) {
            return () -> new JsonMappingDecoder(MAPPING);
        }
        return () -> VenueDialects.decoderFor(format).orElseThrow();
    }

    private static List<byte[]> seeds(String format) {
        final List<byte[]> seeds = new ArrayList<>();
        switch (format) {
            case "binance" -> {
                for (String name : List.of("trade", "aggTrade", "bookTicker", "combined-trade", "depthUpdate", "error",
                        "subscribe-response")) {
                    seeds.add(fixture("binance/" + name + ".json"));
                }
                // The compact shapes Binance sends, which the fast path reads.
                seeds.add(BinanceDepthSamples.depthUpdate());
                final BinanceMessageGenerator generated = new BinanceMessageGenerator(new SplittableRandom(3));
                for (int i = 0; i < 20; i++) {
                    seeds.add(utf8(generated.next()));
                }
            }
            case "coinbase" -> fixtures(seeds, "coinbase", "error", "heartbeat", "l2update", "match", "snapshot",
                    "subscriptions", "ticker");
            case "kraken" -> fixtures(seeds, "kraken", "book-snapshot", "book-update", "heartbeat", "subscribe-ack",
                    "subscribe-error", "ticker-snapshot", "trade-snapshot", "trade-update");
            case "bitstamp" -> fixtures(seeds, "bitstamp", "error", "heartbeat", "order-book", "request-reconnect",
                    "subscription-succeeded", "trade");
            case "okx" -> {
                fixtures(seeds, "okx", "books-snapshot", "books-update", "error", "subscribe", "trades");
                seeds.add(fixture("okx/pong.txt"));
            }
            case "mapping" -> {
                seeds.add(utf8("{\"type\":\"trade\",\"sym\":\"BTC-USD\",\"px\":\"27000.50\",\"qty\":0.25,\"side\":\"buy\","
                        + "\"id\":\"t-1\",\"ts\":1700000000123,\"seq\":42}"));
                seeds.add(utf8("{\"type\":\"quote\",\"ts\":1700000000123,\"seq\":43,\"data\":{\"sym\":\"ETH-USD\","
                        + "\"bid\":\"1800.1\",\"bidSz\":\"3\",\"ask\":1800.2,\"askSz\":4e-1}}"));
                seeds.add(utf8("{\"type\":\"other\",\"x\":[1,2,{\"y\":null}],\"sym\":\"\\u0041BC\"}"));
            }
            default -> throw new IllegalArgumentException(format);
        }
        return seeds;
    }

    private static void fixtures(List<byte[]> seeds, String venue, String... names) {
        for (String name : names) {
            seeds.add(fixture(venue + "/" + name + ".json"));
        }
    }
}
