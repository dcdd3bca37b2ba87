package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** {@link Utf8Text} against the JDK's UTF-8 decoder, which refuses every ill-formed sequence. */
class Utf8TextTest {

    /** Byte values at the edges of every range that matters to UTF-8, and some inside them. */
    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xB5, 0xBF, 0xC0, 0xC1, 0xC2,
        0xD5, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};

    private final java.nio.charset.CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void agreesWithTheJdkOnEverySequenceOfOneOrTwoBytes() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void agreesWithTheJdkOnThreeByteSequences() {
        // Every lead and second byte; the third from the edges (an ASCII lead only prefixes a
        // two-byte case already covered).
        for (int a = 0x80; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : EDGES) {
                    assertAgrees(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnFourByteSequencesAroundEveryLeadByte() {
        final byte[] bytes = new byte[4];
        final int[] edges = EDGES;
        for (int a = 0xE0; a < 256; a++) {
            bytes[0] = (byte) a;
            for (int b : edges) {
                for (int c : edges) {
                    for (int d : edges) {
                        bytes[1] = (byte) b;
                        bytes[2] = (byte) c;
                        bytes[3] = (byte) d;
                        assertAgrees(bytes);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnRandomTextAndItsCorruptions() {
        final SplittableRandom random = new SplittableRandom(42);
        for (int n = 0; n < 20_000; n++) {
            final byte[] text = randomText(random);
            assertThat(Utf8Text.isValid(new UnsafeBuffer(text), 0, text.length)).isTrue();
            // A sequence may sit at any offset against the eight-byte steps: check from each.
            for (int from = 0; from < Math.min(9, text.length); from++) {
                assertAgrees(Arrays.copyOfRange(text, from, text.length));
            }
            if (text.length > 0) {
                final byte[] corrupt = text.clone();
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
                assertAgrees(corrupt);
                assertAgrees(Arrays.copyOf(text, random.nextInt(text.length)));
            }
        }
    }

    /**
     * Text shorter than a word (symbols, ids) is checked from one word read past its end when the
     * buffer goes on: the bytes after it, here non-ASCII junk, must not count.
     */
    @Test
    void agreesWithTheJdkOnShortTextInsideALargerBuffer() {
        final SplittableRandom random = new SplittableRandom(9);
        for (int n = 0; n < 20_000; n++) {
            final byte[] text = Arrays.copyOf(randomText(random), random.nextInt(8));
            if (random.nextInt(4) == 0 && text.length > 0) {
                text[random.nextInt(text.length)] = (byte) EDGES[random.nextInt(EDGES.length)];
            }
            final byte[] buffer = new byte[32];
            Arrays.fill(buffer, (byte) (random.nextBoolean() ? 0xFF : 0xC3));
            final int offset = random.nextInt(buffer.length - text.length + 1);
            System.arraycopy(text, 0, buffer, offset, text.length);
            final boolean actual = Utf8Text.isValid(new UnsafeBuffer(buffer), offset, text.length);
            if (actual != jdkAccepts(text)) {
                throw new AssertionError("Utf8Text says " + actual + " for " + hex(text) + " at " + offset);
            }
        }
    }

    @Test
    void checksOnlyTheRangeAsked() {
        final byte[] bytes = "{\"p\":\"1\"}\u00e9".getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertThat(Utf8Text.isValid(buffer, 0, bytes.length)).isTrue();
        assertThat(Utf8Text.isValid(buffer, 0, bytes.length - 1)).isFalse(); // the é cut after its lead byte
        assertThat(Utf8Text.isValid(buffer, bytes.length - 1, 1)).isFalse(); // its continuation byte alone
        assertThat(Utf8Text.isValid(buffer, 3, 0)).isTrue();
    }

    /** Mostly ASCII JSON-like text with one- to four-byte characters mixed in. */
    private static byte[] randomText(SplittableRandom random) {
        final StringBuilder s = new StringBuilder();
        final int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            final int kind = random.nextInt(10);
            if (kind < 6) {
                s.append((char) random.nextInt(0x20, 0x7F));
            } else if (kind == 6) {
                s.append((char) random.nextInt(0x80, 0x800));
            } else if (kind == 7) {
                final int c = random.nextInt(0x800, 0x10000);
                s.append((char) (c >= 0xD800 && c <= 0xDFFF ? 'x' : c));
            } else if (kind == 8) {
                s.appendCodePoint(random.nextInt(0x10000, 0x110000));
            } else {
                s.append("\u20ac0.00100000");
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void assertAgrees(byte[] bytes) {
        final boolean expected = jdkAccepts(bytes);
        final boolean actual = Utf8Text.isValid(new UnsafeBuffer(bytes), 0, bytes.length);
        if (actual != expected) {
            throw new AssertionError("Utf8Text says " + actual + ", the JDK " + expected + " for " + hex(bytes));
        }
    }

    private boolean jdkAccepts(byte[] bytes) {
        try {
            jdk.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(byte[] bytes) {
        final StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X ", b & 0xFF));
        }
        return s.toString().trim();
    }
}
