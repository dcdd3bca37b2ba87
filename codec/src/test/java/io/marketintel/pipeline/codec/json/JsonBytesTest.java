package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    // Bytes around every boundary the SWAR tests care about, plus plain letters and non-ASCII.
    private static final byte[] ALPHABET = {
        0x00, 0x01, 0x1F, 0x20, 0x21, '"', 0x23, '/', '0', '5', '9', ':', '[', '\\', ']', 'a', 0x7F,
        (byte) 0x80, (byte) 0x9F, (byte) 0xA0, (byte) 0xA2, (byte) 0xDC, (byte) 0xFF};

    @Test
    void shouldFindTheSameStringEndAsAByteLoopAtEveryOffsetAndLength() {
        final SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 20_000; trial++) {
            final byte[] bytes = randomBytes(random, 1 + random.nextInt(40), random.nextInt(12));
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final int from = random.nextInt(bytes.length);
            final int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(JsonBytes.stringSpecial(buffer, from, to))
                    .as("trial %d", trial).isEqualTo(referenceStringSpecial(bytes, from, to));
        }
    }

    @Test
    void shouldFindTheSameNonDigitAsAByteLoopAtEveryOffsetAndLength() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 20_000; trial++) {
            final byte[] bytes = randomBytes(random, 1 + random.nextInt(40), random.nextInt(12));
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            final int from = random.nextInt(bytes.length);
            final int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(JsonBytes.nonDigit(buffer, from, to))
                    .as("trial %d", trial).isEqualTo(referenceNonDigit(bytes, from, to));
        }
    }

    @Test
    void shouldIgnoreSpecialBytesPastTheRangeEvenWhenTheWordReadsThem() {
        final byte[] bytes = "abc\"\\\u0001xyzw".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertThat(JsonBytes.stringSpecial(buffer, 0, 3)).isEqualTo(3);
        assertThat(JsonBytes.stringSpecial(buffer, 1, 3)).isEqualTo(3);
        assertThat(JsonBytes.stringSpecial(buffer, 0, 4)).isEqualTo(3);
    }

    /** Mostly plain runs (digits or letters) so that special bytes land at every lane position. */
    private static byte[] randomBytes(SplittableRandom random, int length, int specialOneIn) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = specialOneIn > 0 && random.nextInt(specialOneIn + 1) == 0
                    ? ALPHABET[random.nextInt(ALPHABET.length)]
                    : (byte) (random.nextBoolean() ? '0' + random.nextInt(10) : 'a' + random.nextInt(26));
        }
        return bytes;
    }

    private static int referenceStringSpecial(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            final int b = bytes[i] & 0xFF;
            if (b == '"' || b == '\\' || b < 0x20) {
                return i;
            }
        }
        return to;
    }

    private static int referenceNonDigit(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return i;
            }
        }
        return to;
    }
}
