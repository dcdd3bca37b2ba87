package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ProtoWriterTest {

    @Test
    void shouldWriteVarintsExactlyAsProtobufDoesAtEverySizeBoundary() throws IOException {
        for (int bits = 0; bits <= 64; bits++) {
            final long edge = bits == 64 ? -1L : (1L << bits) - 1;
            for (long value : new long[] {edge, edge + 1, edge - 1, -edge, -edge - 1, ~edge}) {
                assertVarint(value);
            }
        }
    }

    @Test
    void shouldWriteRandomVarintsExactlyAsProtobufDoes() throws IOException {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            assertVarint(random.nextLong() >> random.nextInt(64));
        }
    }

    @Test
    void shouldNotWritePastTheVarintIntoAFullSizedBuffer() {
        // A fixed buffer exactly as large as the varints: a wide write past the end would throw.
        for (long value : new long[] {300, 1L << 20, 1L << 40, 1_704_164_645_700_000_000L, -5}) {
            final int size = ProtoWriter.varintSize(value);
            final byte[] bytes = new byte[size + 1];
            Arrays.fill(bytes, (byte) 0x55);
            final ProtoWriter writer = new ProtoWriter().wrap(new UnsafeBuffer(bytes, 0, size), 0);
            writer.varint(value);
            assertThat(writer.position()).isEqualTo(size);
            assertThat(bytes[size]).isEqualTo((byte) 0x55);
        }
    }

    @Test
    void shouldCopyBytesFieldsOfEveryLengthExactly() {
        final byte[] source = new byte[40];
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) (i + 1);
        }
        for (int length = 1; length <= 33; length++) {
            final byte[] target = new byte[64];
            Arrays.fill(target, (byte) 0x55);
            final ProtoWriter writer = new ProtoWriter().wrap(new UnsafeBuffer(target), 3);
            writer.bytesField(1, new UnsafeBuffer(source), 5, length);
            assertThat(writer.position()).isEqualTo(3 + 2 + length);
            assertThat(target[3]).isEqualTo((byte) 0x0A);
            assertThat(target[4]).isEqualTo((byte) length);
            assertThat(Arrays.copyOfRange(target, 5, 5 + length)).isEqualTo(Arrays.copyOfRange(source, 5, 5 + length));
            assertThat(target[5 + length]).as("byte after a copy of %d", length).isEqualTo((byte) 0x55);
        }
    }

    private static void assertVarint(long value) throws IOException {
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final CodedOutputStream coded = CodedOutputStream.newInstance(expected);
        coded.writeUInt64NoTag(value);
        coded.flush();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final ProtoWriter writer = new ProtoWriter().wrap(buffer, 3);
        writer.varint(value);
        assertThat(writer.position() - 3).as("size of %d", value).isEqualTo(expected.size());
        assertThat(ProtoWriter.varintSize(value)).isEqualTo(expected.size());
        final byte[] written = new byte[writer.position() - 3];
        buffer.getBytes(3, written);
        assertThat(written).as("bytes of %d", value).isEqualTo(expected.toByteArray());
    }
}
