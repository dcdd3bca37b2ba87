package io.marketintel.pipeline.codec.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FixBytesTest {

    @Test
    void shouldFindTheFirstSohAtEveryPositionAndAlignment() {
        final byte[] bytes = new byte[40];
        for (int soh = 0; soh < bytes.length; soh++) {
            for (int from = 0; from <= soh; from++) {
                java.util.Arrays.fill(bytes, (byte) 0x81); // high bytes next to SOH: no false positive
                bytes[soh] = 1;
                if (soh + 1 < bytes.length) {
                    bytes[soh + 1] = 0;
                }
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                assertThat(FixBytes.indexOfSoh(buffer, from, bytes.length)).isEqualTo(soh);
                assertThat(FixBytes.indexOfSoh(buffer, from, soh)).isEqualTo(-1);
            }
        }
    }

    @Test
    void shouldSumBytesMod256LikeTheNaiveLoop() {
        final Random random = new Random(42);
        for (int length : new int[] {0, 1, 7, 8, 9, 63, 960, 961, 5000, 70_000}) {
            final byte[] bytes = new byte[length + 3];
            random.nextBytes(bytes);
            int naive = 0;
            for (int i = 3; i < bytes.length; i++) {
                naive += bytes[i] & 0xFF;
            }
            assertThat(FixBytes.checksum(new UnsafeBuffer(bytes), 3, bytes.length)).as("length %d", length)
                    .isEqualTo(naive & 0xFF);
        }
    }

    @Test
    void shouldCompareRangesLikeTheNaiveLoopAtEveryLengthAndUpToTheBufferEnd() {
        final byte[] bytes = "EUR/USD|EUR/USD|EUR/USX|GBP/USD:EUR/USD+EUR/USDT|XEUR/USDT".getBytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        for (int a = 0; a < bytes.length; a++) {
            for (int b = 0; b < bytes.length; b++) {
                for (int length = 0; length <= Math.min(12, bytes.length - Math.max(a, b)); length++) {
                    boolean naive = true;
                    for (int k = 0; k < length; k++) {
                        naive &= bytes[a + k] == bytes[b + k];
                    }
                    assertThat(FixBytes.equal(buffer, a, b, length)).as("%d %d %d", a, b, length).isEqualTo(naive);
                }
            }
        }
    }
}
