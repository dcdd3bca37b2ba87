package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AsciiSwarTest {

    private static long word(String eightBytes) {
        return new UnsafeBuffer(eightBytes.getBytes(StandardCharsets.ISO_8859_1)).getLong(0, ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void shouldFindTheFirstOccurrenceEvenWhenABorrowFlagsLaterBytes() {
        final long soh = AsciiSwar.broadcast((byte) 1);
        assertThat(AsciiSwar.firstIndexOf(word("55=EUR/U"), soh)).isEqualTo(8);
        assertThat(AsciiSwar.firstIndexOf(word("269=0\u0001\u0001\u0002"), soh)).isEqualTo(5);
        assertThat(AsciiSwar.firstIndexOf(word("\u0001\u0002\u0002\u0002\u0002\u0002\u0002\u0002"), soh)).isEqualTo(0);
        assertThat(AsciiSwar.firstIndexOf(word("8=FIX.4."), AsciiSwar.broadcast((byte) '='))).isEqualTo(1);
    }

    @Test
    void shouldParseAndValidateDigitsLikeTheByteLoop() {
        final SplittableRandom random = new SplittableRandom(3);
        final String alphabet = "0123456789/:;\u0000\u00ff\u00b0\u0039";
        for (int i = 0; i < 200_000; i++) {
            final char[] chars = new char[8];
            for (int k = 0; k < 8; k++) {
                chars[k] = random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('0' + random.nextInt(10));
            }
            final String text = new String(chars);
            final long word = word(text);
            for (int n = 1; n <= 8; n++) {
                final String digits = text.substring(0, n);
                final boolean expected = digits.chars().allMatch(c -> c >= '0' && c <= '9');
                assertThat(AsciiSwar.isDigits(word, n)).as(digits).isEqualTo(expected);
                if (expected) {
                    assertThat(AsciiSwar.parseDigits(word, n)).as(digits).isEqualTo(Integer.parseInt(digits));
                }
            }
        }
    }
}
