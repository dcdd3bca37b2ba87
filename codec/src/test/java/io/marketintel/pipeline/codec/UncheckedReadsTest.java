package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The tests run with {@code -Dpipeline.checkedReads=true} (the root pom's test options), so that a
 * decoder's unchecked read that leaves its array fails the test that caused it instead of reading
 * another object's memory unnoticed.
 */
class UncheckedReadsTest {
    private final byte[] array = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private final UnsafeBuffer buffer = new UnsafeBuffer(array);
    private final long address = buffer.addressOffset();

    @Test
    void shouldBeCheckedInTheTests() {
        assertThat(UncheckedReads.CHECKED).isTrue();
    }

    @Test
    void shouldReadInsideTheArray() {
        assertThat(UncheckedReads.byteAt(array, address + 9)).isEqualTo((byte) 10);
        assertThat(UncheckedReads.shortLittleEndian(array, address + 8)).isEqualTo((short) (9 | 10 << 8));
        assertThat(UncheckedReads.intLittleEndian(array, address + 6)).isEqualTo(7 | 8 << 8 | 9 << 16 | 10 << 24);
        assertThat(UncheckedReads.longLittleEndian(array, address + 2)).isEqualTo(0x0A09_0807_0605_0403L);
    }

    @Test
    void shouldThrowOnAReadThatLeavesTheArray() {
        assertThatThrownBy(() -> UncheckedReads.longLittleEndian(array, address + 3))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("unchecked read of 8 bytes at index 3 of a 10-byte array");
        assertThatThrownBy(() -> UncheckedReads.intLittleEndian(array, address + 7))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> UncheckedReads.shortLittleEndian(array, address + 9))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> UncheckedReads.byteAt(array, address + 10))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> UncheckedReads.byteAt(array, address - 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
