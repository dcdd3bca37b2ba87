package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.message;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.withChecksum;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.FuzzBudget;
import io.marketintel.pipeline.codec.FuzzMutator;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.UncheckedReads;
import io.marketintel.pipeline.schema.v1.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the FIX codec on what a FIX source reads from its socket: market data, the
 * session's own messages and other application messages, mutated a few times over ({@link
 * FuzzMutator}). Most mutants are then given a correct BodyLength and CheckSum again, so that they
 * pass the framer and reach the field reader and the decoder, where a broken link cannot produce
 * them but a buggy or hostile venue can. Checked for each mutant:
 *
 * <ul>
 *   <li>nothing throws, from an array that ends where the bytes end: the framer and the decoder
 *       read without a bounds check per byte, and the tests run with {@code
 *       -Dpipeline.checkedReads=true}, so a read that leaves the array fails here;
 *   <li>the framer cuts the same messages, and reports the same number of garbled stretches and
 *       oversize headers, whether the bytes arrive at once or in random pieces;
 *   <li>each framed message decodes to the same outcome and envelopes by a decoder that has seen
 *       every mutant before and by a new one, from the frame's own array or from mid-buffer, and
 *       through the session layer's index ({@link FixMarketDataDecoder#reuseIndexOf}) as without;
 *       with {@code FixMessage} payloads asked for, the other envelopes stay the same;
 *   <li>every envelope parses with the generated classes, and the session layer's view reads every
 *       field of the message as every type without throwing.
 * </ul>
 *
 * <p>The build runs a fixed seed; a campaign runs as long as asked: {@code ./mvnw -o test -pl
 * codec -Dtest=FixDecoderFuzzTest -Dfuzz.seconds=600 -Dsurefire.failIfNoSpecifiedTests=false}
 * (after {@code ./mvnw -o install -DskipTests}). A failure names the seed and mutant number that
 * reproduce it and shows the bytes, SOH as '|'.
 */
class FixDecoderFuzzTest {
    private static final long MUTANTS = 20_000;
    private static final String PUNCTUATION = "=\u0001|0123456789.-+ ";
    private static final List<String> TOKENS = List.of("\u0001", "=", "8=FIX.4.4\u00019=", "10=000\u0001",
            "35=X\u0001", "268=", "268=0\u0001", "268=99\u0001", "279=", "269=", "55=", "270=", "271=", "83=",
            "1003=", "95=5\u000196=", "96=", "52=", "60=", "34=", "43=Y\u0001", "20240102-03:04:05.678",
            "99999999999999999999", "-1", "1e5", "0", "\u00e9");
    private static final List<String> BODIES = List.of(
            "35=X|34=1042|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|262=req-1|268=4|"
                    + "279=0|269=0|55=EUR/USD|270=1.08010|271=1000000|279=1|269=0|55=EUR/USD|270=1.08005|271=2500000|"
                    + "279=2|269=1|55=EUR/USD|270=1.08030|279=0|269=1|55=EUR/USD|270=1.08040|271=7000000|",
            "35=X|34=43|52=20240102-03:04:05.678|60=20240102-03:04:06.123456|268=3|279=0|269=2|55=BTC-USD|"
                    + "270=27000.5|271=0.25|1003=T-1|2446=1|279=0|269=0|55=ETH-USD|270=1800|271=3|83=17|"
                    + "279=5|269=1|55=BTC-USD|270=27001|271=1|83=18|",
            "35=W|34=41|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|262=req1|55=EUR/USD|268=4|269=0|270=1.08010|"
                    + "271=1000000|83=7|269=1|270=1.08020|271=500000|269=2|270=1.08015|271=250000|1003=T-9|"
                    + "269=4|270=1.07000|",
            "35=Y|34=7|52=20240102-03:04:05.678|262=req-2|281=0|58=Unknown symbol|",
            "35=0|34=8|52=20240102-03:04:05.678|112=TEST|",
            "35=A|34=1|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|98=0|108=30|141=Y|",
            "35=4|34=9|43=Y|52=20240102-03:04:05.678|122=20240102-03:04:04.000|123=Y|36=15|",
            "35=2|34=10|52=20240102-03:04:05.678|7=3|16=0|",
            "35=B|34=11|52=20240102-03:04:05.678|148=Hello|95=3|96=a\u0001b|",
            "35=5|34=12|52=20240102-03:04:05.678|58=Bye|");
    private static final List<String> BEGIN_STRINGS = List.of("FIX.4.4", "FIX.4.2", "FIXT.1.1");

    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(1024);
    private final ByteSlice sourceId = ByteSlice.of("fix_1");
    private final FixFramer longLivedFramer = new FixFramer();
    private final FixMarketDataDecoder longLivedDecoder = new FixMarketDataDecoder();
    private final FixMessageView view = new FixMessageView();
    private final MutableDecimal decimal = new MutableDecimal();
    private final ByteSlice slice = new ByteSlice();

    @BeforeAll
    static void readsAreChecked() {
        assertThat(UncheckedReads.CHECKED).as("the tests must run with -Dpipeline.checkedReads=true").isTrue();
    }

    @Test
    void shouldFrameAndDecodeMutantsSafelyAndTheSameWayWherever() {
        final List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < BODIES.size(); i++) {
            seeds.add(bytes(message(BEGIN_STRINGS.get(i % BEGIN_STRINGS.size()), BODIES.get(i))));
        }
        final List<byte[]> bodies = BODIES.stream().map(b -> bytes(b.replace('|', '\001'))).toList();
        final FuzzMutator mutator = new FuzzMutator(PUNCTUATION, TOKENS, seeds);
        final FuzzMutator bodyMutator = new FuzzMutator(PUNCTUATION, TOKENS, bodies);
        final FuzzBudget budget = FuzzBudget.fromSystemProperties(31, MUTANTS);
        final int[] outcomes = new int[DecodeOutcome.values().length];
        long mutant = 0;
        for (; budget.more(mutant); mutant++) {
            final SplittableRandom random = budget.random(mutant);
            final byte[] stream = mutant(random, seeds, bodies, mutator, bodyMutator);
            final String where = budget.where(mutant) + ", bytes: " + FuzzMutator.describe(stream);
            try {
                final Framed whole = frame(longLivedFramer, stream, new int[] {stream.length});
                final Framed pieces = frame(new FixFramer(), stream, pieces(random, stream.length));
                assertThat(pieces).as(where + " (framed in pieces)").isEqualTo(whole);
                for (byte[] frame : whole.messages()) {
                    outcomes[decodeEveryWay(where, frame).ordinal()]++;
                    readEveryField(frame);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("threw on " + where, e);
            }
        }
        // The mutants must reach the decoder and be told apart there, not all stop at the framer.
        assertThat(outcomes[DecodeOutcome.DATA.ordinal()]).as("mutants decoded to data").isPositive();
        assertThat(outcomes[DecodeOutcome.MALFORMED.ordinal()]).as("mutants refused as malformed").isPositive();
        assertThat(outcomes[DecodeOutcome.CONTROL.ordinal()]).as("session messages").isPositive();
    }

    /**
     * A mutant byte stream: mostly a mutated body given a valid header and trailer again (so that
     * it reaches the decoder), else a mutated whole message, sometimes with a valid message after
     * it (what follows a garbled message must still be framed).
     */
    private static byte[] mutant(SplittableRandom random, List<byte[]> seeds, List<byte[]> bodies,
            FuzzMutator mutator, FuzzMutator bodyMutator) {
        final byte[] one;
        if (random.nextInt(10) < 7) {
            final byte[] body = bodyMutator.mutate(bodies.get(random.nextInt(bodies.size())), random);
            final String beginString = BEGIN_STRINGS.get(random.nextInt(BEGIN_STRINGS.size()));
            final String text = new String(body, StandardCharsets.ISO_8859_1);
            one = bytes(withChecksum("8=" + beginString + "\u00019=" + body.length + "\u0001" + text));
        } else {
            one = mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
        }
        if (random.nextInt(4) != 0) {
            return one;
        }
        final byte[] next = seeds.get(random.nextInt(seeds.size()));
        final byte[] both = Arrays.copyOf(one, one.length + next.length);
        System.arraycopy(next, 0, both, one.length, next.length);
        return both;
    }

    /** Random cut points, ending with the stream's length. */
    private static int[] pieces(SplittableRandom random, int length) {
        final int[] ends = new int[1 + random.nextInt(6)];
        for (int i = 0; i < ends.length - 1; i++) {
            ends[i] = random.nextInt(length + 1);
        }
        ends[ends.length - 1] = length;
        Arrays.sort(ends);
        return ends;
    }

    /** What a framer made of a stream. */
    private record Framed(List<byte[]> messages, int garbled, int oversize) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Framed f && garbled == f.garbled && oversize == f.oversize
                    && messages.size() == f.messages.size()
                    && java.util.stream.IntStream.range(0, messages.size())
                            .allMatch(i -> Arrays.equals(messages.get(i), f.messages.get(i)));
        }

        @Override
        public int hashCode() {
            return messages.size();
        }

        @Override
        public String toString() {
            return messages.stream().map(FuzzMutator::describe).toList() + ", garbled " + garbled
                    + ", oversize " + oversize;
        }
    }

    /**
     * Frames {@code stream} as a connection would receive it, cut at {@code ends}: what the framer
     * leaves unconsumed is presented again with the next piece, each time in an array that ends
     * where the bytes end.
     */
    private static Framed frame(FixFramer framer, byte[] stream, int[] ends) {
        framer.reset();
        final List<byte[]> messages = new ArrayList<>();
        final int[] counts = new int[2];
        final FixFrameHandler handler = new FixFrameHandler() {
            @Override
            public boolean onMessage(DirectBuffer buffer, int offset, int length) {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                messages.add(copy);
                return true;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
                counts[0]++;
                return true;
            }

            @Override
            public void onOversize(long declaredBodyLength) {
                counts[1]++;
            }
        };
        byte[] pending = new byte[0];
        int from = 0;
        for (int end : ends) {
            final byte[] data = Arrays.copyOf(pending, pending.length + end - from);
            System.arraycopy(stream, from, data, pending.length, end - from);
            from = end;
            final int consumed = framer.frame(new UnsafeBuffer(data), 0, data.length, handler);
            assertThat(consumed).isBetween(0, data.length);
            pending = Arrays.copyOfRange(data, consumed, data.length);
        }
        return new Framed(messages, counts[0], counts[1]);
    }

    /** Decodes one framed message every way the pipeline can; returns the outcome they agree on. */
    private DecodeOutcome decodeEveryWay(String where, byte[] frame) {
        final Decoded expected = decode(longLivedDecoder, new UnsafeBuffer(frame.clone()), 0, frame.length);
        final String what = where + ", message: " + FuzzMutator.describe(frame);
        assertThat(decode(new FixMarketDataDecoder(), midBuffer(frame), 7, frame.length))
                .as(what + " (new decoder, mid-buffer)").isEqualTo(expected);
        assertThat(decode(new FixMarketDataDecoder(), offHeap(frame), 0, frame.length))
                .as(what + " (new decoder, off-heap)").isEqualTo(expected);
        final UnsafeBuffer indexed = new UnsafeBuffer(frame.clone());
        final FixMarketDataDecoder reusing = new FixMarketDataDecoder();
        if (view.wrap(indexed, 0, frame.length) != FixWrapResult.MALFORMED) {
            reusing.reuseIndexOf(view);
        }
        assertThat(decode(reusing, indexed, 0, frame.length)).as(what + " (session's index)").isEqualTo(expected);
        final Decoded withFix = decode(new FixMarketDataDecoder(true), new UnsafeBuffer(frame.clone()), 0, frame.length);
        if (withFix.outcome() != DecodeOutcome.MALFORMED) {
            final List<Envelope> others = withFix.envelopes().stream().filter(e -> !e.hasFixMessage()).toList();
            assertThat(others).as(what + " (with FixMessage payloads)").isEqualTo(expected.envelopes());
        }
        return expected.outcome();
    }

    private record Decoded(DecodeOutcome outcome, List<Envelope> envelopes) {
    }

    private Decoded decode(FixMarketDataDecoder decoder, DirectBuffer buffer, int offset, int length) {
        final List<Envelope> envelopes = new ArrayList<>();
        final DecodeOutcome outcome = decoder.decode(buffer, offset, length, new CanonicalEvent(), e -> {
            final int written = writer.write(encoded, 0, sourceId, envelopes.size() + 1, 1, 2, e);
            final byte[] bytes = new byte[written];
            encoded.getBytes(0, bytes);
            try {
                envelopes.add(Envelope.parseFrom(bytes));
            } catch (InvalidProtocolBufferException ex) {
                throw new AssertionError("an envelope the generated classes cannot parse", ex);
            }
        });
        return new Decoded(outcome, envelopes);
    }

    private static UnsafeBuffer midBuffer(byte[] frame) {
        final byte[] bytes = new byte[frame.length + 20];
        Arrays.fill(bytes, (byte) '7');
        System.arraycopy(frame, 0, bytes, 7, frame.length);
        return new UnsafeBuffer(bytes);
    }

    private static UnsafeBuffer offHeap(byte[] frame) {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(frame.length));
        buffer.putBytes(0, frame);
        return buffer;
    }

    /** What the session layer does with a message: index it, then read its fields, here every field as every type. */
    private void readEveryField(byte[] frame) {
        if (view.wrap(new UnsafeBuffer(frame.clone()), 0, frame.length) == FixWrapResult.MALFORMED) {
            return;
        }
        view.msgSeqNum();
        view.msgType();
        for (int i = 0; i < view.fieldCount(); i++) {
            view.intAt(i);
            view.longAt(i);
            view.charAt(i);
            view.booleanAt(i);
            view.decimalAt(i, decimal);
            view.bytesAt(i, slice);
            view.utcTimestampNsAt(i);
        }
        view.group(FixTags.NO_MD_ENTRIES, FixTags.MD_UPDATE_ACTION, new FixGroupCursor());
    }
}
