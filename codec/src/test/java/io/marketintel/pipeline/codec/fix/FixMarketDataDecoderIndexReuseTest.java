package io.marketintel.pipeline.codec.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link FixMarketDataDecoder#reuseIndexOf}: decoding a frame from a {@link FixMessageView}'s
 * index gives exactly what walking its bytes gives (outcome, reason, skipped entries, every
 * envelope byte for byte), on random market data good and bad, with and without FixMessage
 * payloads and under a field limit; and an index is only ever used for the frame it was made of.
 */
class FixMarketDataDecoderIndexReuseTest {
    private static final String[] SYMBOLS = {"EUR/USD", "GBP/USD", "BTC-USD"};
    private static final String[] PRICES = {"1.08010", "27000.5", "0.00000001", "100", "-3.5", "1e3", "", "x", "1.2.3",
        "99999999999999999999"};
    private static final String[] SIZES = {"1000000", "0.5", "0", "250", "", "abc"};

    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final ByteSlice sourceId = ByteSlice.of("fix_1");
    private final CanonicalEvent event = new CanonicalEvent();

    @Test
    void readsTheSameFromTheIndexAsFromTheBytesOnRandomMarketData() {
        final SplittableRandom random = new SplittableRandom(11);
        int indexed = 0;
        for (int n = 0; n < 20_000; n++) {
            final String text = FixTestMessages.message(randomBody(random));
            final boolean withFixMessages = random.nextInt(4) == 0;
            final int maxFields = random.nextInt(5) == 0 ? random.nextInt(5, 40) : FixMessageView.DEFAULT_MAX_FIELDS;
            indexed += assertSameBothWays(text, withFixMessages, maxFields) ? 1 : 0;
        }
        assertThat(indexed).as("messages the view could index").isGreaterThan(15_000);
    }

    @Test
    void usesAnIndexOnlyForTheFrameItWasMadeOfAndOnlyOnce() {
        final byte[] first = FixTestMessages.bytes(FixTestMessages.message(
                "35=X|34=5|49=V|56=C|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=100|"));
        final byte[] second = FixTestMessages.bytes(FixTestMessages.message(
                "35=X|34=6|49=V|56=C|52=20240102-03:04:05.679|268=1|279=0|269=1|55=GBP/USD|270=1.3|271=200|"));
        final UnsafeBuffer firstBuffer = new UnsafeBuffer(first);
        final UnsafeBuffer secondBuffer = new UnsafeBuffer(second);
        final FixMessageView view = new FixMessageView();
        assertThat(view.wrap(firstBuffer, 0, first.length)).isEqualTo(FixWrapResult.OK);
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder();

        decoder.reuseIndexOf(view);
        assertThat(envelopes(decoder, secondBuffer, second.length)).isEqualTo(walked(second));
        // A view of the same bytes in another buffer object is not taken for the frame either.
        decoder.reuseIndexOf(view);
        assertThat(envelopes(decoder, new UnsafeBuffer(first.clone()), first.length)).isEqualTo(walked(first));
        decoder.reuseIndexOf(view);
        assertThat(envelopes(decoder, firstBuffer, first.length)).isEqualTo(walked(first));
        // Used once: the next decode of another frame walks it.
        assertThat(envelopes(decoder, secondBuffer, second.length)).isEqualTo(walked(second));
    }

    /** @return whether the view indexed the message (and so the index was used) */
    private boolean assertSameBothWays(String text, boolean withFixMessages, int maxFields) {
        final byte[] bytes = FixTestMessages.bytes(text);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final FixMarketDataDecoder walking = new FixMarketDataDecoder(maxFields, 16, withFixMessages);
        final FixMarketDataDecoder reusing = new FixMarketDataDecoder(maxFields, 16, withFixMessages);
        final List<byte[]> expected = new ArrayList<>();
        final DecodeOutcome walked = decode(walking, buffer, bytes.length, expected);
        final FixMessageView view = new FixMessageView();
        final boolean indexed = view.wrap(buffer, 0, bytes.length) == FixWrapResult.OK;
        reusing.reuseIndexOf(view);
        final List<byte[]> actual = new ArrayList<>();
        final DecodeOutcome replayed = decode(reusing, buffer, bytes.length, actual);
        final String what = FixTestMessages.readable(text) + " (FixMessages " + withFixMessages + ", max fields "
                + maxFields + ")";
        assertThat(replayed).as(what).isEqualTo(walked);
        assertThat(reusing.lastMalformedReason()).as(what).isEqualTo(walking.lastMalformedReason());
        assertThat(reusing.skippedEntries()).as(what).isEqualTo(walking.skippedEntries());
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(what + " envelope " + i).isEqualTo(expected.get(i));
        }
        return indexed;
    }

    private DecodeOutcome decode(FixMarketDataDecoder decoder, UnsafeBuffer buffer, int length, List<byte[]> into) {
        return decoder.decode(buffer, 0, length, event, e -> {
            final int n = writer.write(out, 0, sourceId, 1, 2, 3, e);
            into.add(Arrays.copyOf(out.byteArray(), n));
        });
    }

    private List<String> envelopes(FixMarketDataDecoder decoder, UnsafeBuffer buffer, int length) {
        final List<byte[]> encoded = new ArrayList<>();
        decode(decoder, buffer, length, encoded);
        return encoded.stream().map(Arrays::toString).toList();
    }

    private List<String> walked(byte[] bytes) {
        return envelopes(new FixMarketDataDecoder(), new UnsafeBuffer(bytes.clone()), bytes.length);
    }

    /** A 35=W or 35=X, mostly well formed, with the faults and oddities the decoder has to tell apart. */
    private static String randomBody(SplittableRandom random) {
        final boolean incremental = random.nextInt(4) != 0;
        final StringBuilder s = new StringBuilder("35=").append(random.nextInt(20) == 0 ? "Y" : incremental ? "X" : "W")
                .append('|');
        s.append("34=").append(random.nextInt(20) == 0 ? "x" : Long.toString(random.nextLong(1, 1_000_000))).append('|');
        s.append("49=VENUE|56=CLIENT|52=20240102-03:04:0").append(random.nextInt(10)).append(".678|");
        if (random.nextInt(5) == 0) {
            s.append("60=20240102-03:04:06.123456|");
        }
        if (random.nextInt(6) == 0) {
            s.append("95=5|96=a").append('\u0001').append("b=c|"); // a data field with an SOH inside
        }
        if (!incremental || random.nextInt(4) == 0) {
            s.append("55=").append(SYMBOLS[random.nextInt(SYMBOLS.length)]).append('|');
        }
        final int entries = random.nextInt(6);
        final int declared = random.nextInt(15) == 0 ? entries + random.nextInt(-1, 2) : entries;
        s.append("268=").append(random.nextInt(40) == 0 ? "z" : Integer.toString(declared)).append('|');
        for (int e = 0; e < entries; e++) {
            if (incremental) {
                s.append("279=").append(random.nextInt(12) == 0 ? "4" : Integer.toString(random.nextInt(3))).append('|');
            }
            s.append("269=").append(random.nextInt(10) == 0 ? "7" : Integer.toString(random.nextInt(3))).append('|');
            if (random.nextInt(3) != 0) {
                s.append("55=").append(SYMBOLS[random.nextInt(SYMBOLS.length)]).append('|');
            }
            if (random.nextInt(10) != 0) {
                s.append("270=").append(random.nextInt(6) == 0 ? PRICES[random.nextInt(PRICES.length)] : "1.0" + e)
                        .append('|');
            }
            if (random.nextInt(8) != 0) {
                s.append("271=").append(random.nextInt(6) == 0 ? SIZES[random.nextInt(SIZES.length)] : "10" + e)
                        .append('|');
            }
            if (random.nextInt(4) == 0) {
                s.append("83=").append(random.nextInt(1000)).append('|');
            }
            if (random.nextInt(5) == 0) {
                s.append("1003=T").append(e).append("|2446=").append(random.nextInt(3)).append('|');
            }
            if (random.nextInt(8) == 0) {
                s.append("9999=odd|");
            }
        }
        if (random.nextInt(30) == 0) {
            s.append("58=|"); // an empty value
        }
        return s.toString();
    }
}
