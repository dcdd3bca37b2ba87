package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** What the writer produces must be byte for byte what protobuf's own writer produces. */
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
    void shouldHandOverExactlyTheBytesWrittenIntoAFullSizedBuffer() {
        // The writer's wide stores go past the end of what it writes; the target must not see them.
        for (long value : new long[] {300, 1L << 20, 1L << 40, 1_704_164_645_700_000_000L, -5}) {
            final int size = ProtoWriter.varintSize(value);
            final byte[] bytes = new byte[size + 1];
            Arrays.fill(bytes, (byte) 0x55);
            final ProtoWriter writer = new ProtoWriter().reset(size);
            writer.varint(value);
            writer.copyTo(new UnsafeBuffer(bytes, 0, size), 0);
            assertThat(writer.position()).isEqualTo(size);
            assertThat(bytes[size]).isEqualTo((byte) 0x55);
        }
    }

    @Test
    void shouldGiveBackAScratchGrownForALargeMessageAfterARunOfOrdinaryOnes() {
        final ProtoWriter writer = new ProtoWriter();
        final byte[] large = new byte[200_000];
        Arrays.fill(large, (byte) 'x');
        writeBytesField(writer, large);
        assertThat(writer.capacityBytes()).isGreaterThan(ProtoWriter.RETAINED_BYTES);

        // A large message in the run starts the count again.
        for (int i = 0; i < ProtoWriter.SMALL_MESSAGES_BEFORE_SHRINK - 1; i++) {
            assertSmallMessageWritten(writer, i);
        }
        writeBytesField(writer, large);
        for (int i = 0; i < ProtoWriter.SMALL_MESSAGES_BEFORE_SHRINK - 1; i++) {
            assertSmallMessageWritten(writer, i);
        }
        assertThat(writer.capacityBytes()).isGreaterThan(ProtoWriter.RETAINED_BYTES);

        assertSmallMessageWritten(writer, 99);
        assertThat(writer.capacityBytes()).isEqualTo(ProtoWriter.RETAINED_BYTES);
        // The view handed out follows the new scratch, and it grows again when it must.
        assertSmallMessageWritten(writer, 100);
        writeBytesField(writer, large);
        assertThat(writer.capacityBytes()).isGreaterThan(ProtoWriter.RETAINED_BYTES);

        // Large messages come back: the next shrink waits twice as long, so that a periodic large
        // message does not cost two allocations each time.
        for (int i = 0; i < ProtoWriter.SMALL_MESSAGES_BEFORE_SHRINK; i++) {
            assertSmallMessageWritten(writer, i);
        }
        assertThat(writer.capacityBytes()).isGreaterThan(ProtoWriter.RETAINED_BYTES);
        for (int i = 0; i < ProtoWriter.SMALL_MESSAGES_BEFORE_SHRINK; i++) {
            assertSmallMessageWritten(writer, i);
        }
        assertThat(writer.capacityBytes()).isEqualTo(ProtoWriter.RETAINED_BYTES);
    }

    @Test
    void shouldKeepAScratchThatNeverGrewPastTheRetainedSize() {
        final ProtoWriter writer = new ProtoWriter();
        final byte[] medium = new byte[20_000];
        writeBytesField(writer, medium);
        final int grown = writer.capacityBytes();
        for (int i = 0; i < 10 * ProtoWriter.SMALL_MESSAGES_BEFORE_SHRINK; i++) {
            assertSmallMessageWritten(writer, i);
        }
        assertThat(writer.capacityBytes()).isEqualTo(grown);
    }

    private static void writeBytesField(ProtoWriter writer, byte[] bytes) {
        writer.reset(ProtoWriter.maxBytesFieldSize(bytes.length));
        writer.bytesField(1, bytes);
        assertThat(writer.position()).isGreaterThan(bytes.length);
    }

    /** Writes one small message (an envelope with its source_seq) and checks the bytes read through {@code written()}. */
    private static void assertSmallMessageWritten(ProtoWriter writer, long value) {
        writer.reset(ProtoWriter.MAX_INT64_FIELD_SIZE);
        writer.int64Field(Envelope.SOURCE_SEQ_FIELD_NUMBER, value + 1);
        final byte[] bytes = new byte[writer.position()];
        writer.written().getBytes(0, bytes);
        try {
            assertThat(Envelope.parseFrom(bytes).getSourceSeq()).isEqualTo(value + 1);
        } catch (IOException e) {
            throw new AssertionError(e);
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
            final ProtoWriter writer = new ProtoWriter().reset(2 + length);
            writer.bytesField(1, new UnsafeBuffer(source), 5, length);
            writer.copyTo(new UnsafeBuffer(target), 3);
            assertThat(writer.position()).isEqualTo(2 + length);
            assertThat(target[3]).isEqualTo((byte) 0x0A);
            assertThat(target[4]).isEqualTo((byte) length);
            assertThat(Arrays.copyOfRange(target, 5, 5 + length)).isEqualTo(Arrays.copyOfRange(source, 5, 5 + length));
            assertThat(target[5 + length]).as("byte after a copy of %d", length).isEqualTo((byte) 0x55);
        }
    }

    @Test
    void shouldWriteDecimalsOfEveryExponentAndMantissaSizeAsTheGeneratedCodeDoes() {
        // Negative exponents from the table and past it, zero, positive; mantissas of every size.
        final long[] mantissas = {0, 1, -1, 127, 128, 108010, -2700050, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
        final MutableDecimal value = new MutableDecimal();
        for (int exponent = -40; exponent <= 40; exponent++) {
            for (long mantissa : mantissas) {
                value.set(mantissa, exponent);
                final byte[] expected = Trade.newBuilder()
                        .setPrice(Decimal.newBuilder().setMantissa(mantissa).setExponent(exponent)).build().toByteArray();
                final ProtoWriter writer = new ProtoWriter().reset(ProtoWriter.MAX_DECIMAL_FIELD_SIZE);
                writer.decimalField(Trade.PRICE_FIELD_NUMBER, value);
                assertThat(writer.position()).as("size of %se%s", mantissa, exponent).isEqualTo(expected.length)
                        .isLessThanOrEqualTo(ProtoWriter.MAX_DECIMAL_FIELD_SIZE);
                assertThat(written(writer)).as("bytes of %se%s", mantissa, exponent).isEqualTo(expected);
            }
        }
        for (int exponent : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            value.set(5, exponent);
            final ProtoWriter writer = new ProtoWriter().reset(32);
            writer.decimalField(Trade.PRICE_FIELD_NUMBER, value);
            assertThat(written(writer)).isEqualTo(Trade.newBuilder()
                    .setPrice(Decimal.newBuilder().setMantissa(5).setExponent(exponent)).build().toByteArray());
        }
    }

    @Test
    void shouldCopyBytesFieldsOfEveryShortLengthFromAnyPlaceInHeapAndOffHeapBuffers() throws IOException {
        // Slices of 1..20 bytes at every offset of buffers of 1..24 bytes (the short ones are
        // copied with word reads, which must stay inside the buffer and take exactly the slice),
        // each followed by a varint field that must not be disturbed by the wide store before it.
        for (int capacity = 1; capacity <= 24; capacity++) {
            final byte[] bytes = new byte[capacity];
            for (int i = 0; i < capacity; i++) {
                bytes[i] = (byte) ('a' + i);
            }
            final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(capacity));
            offHeap.putBytes(0, bytes);
            for (UnsafeBuffer source : new UnsafeBuffer[] {new UnsafeBuffer(bytes), offHeap}) {
                for (int offset = 0; offset < capacity; offset++) {
                    for (int length = 1; offset + length <= capacity && length <= 20; length++) {
                        final ProtoWriter writer = new ProtoWriter().reset(ProtoWriter.maxBytesFieldSize(length) + 3);
                        writer.bytesField(7, source, offset, length);
                        writer.int64Field(8, 300);
                        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                        final CodedOutputStream coded = CodedOutputStream.newInstance(expected);
                        coded.writeByteArray(7, Arrays.copyOfRange(bytes, offset, offset + length));
                        coded.writeInt64(8, 300);
                        coded.flush();
                        assertThat(written(writer)).as("capacity %d, offset %d, length %d", capacity, offset, length)
                                .isEqualTo(expected.toByteArray());
                    }
                }
            }
        }
    }

    @Test
    void shouldGrowItsScratchForALargeMessageAndKeepWritingCorrectly() {
        final ProtoWriter writer = new ProtoWriter().reset(10);
        writer.varint(300);
        final byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 7);
        writer.reset(ProtoWriter.maxBytesFieldSize(big.length));
        writer.bytesField(2, big);
        final byte[] written = written(writer);
        assertThat(written.length).isEqualTo(1 + 3 + big.length);
        assertThat(Arrays.copyOfRange(written, written.length - big.length, written.length)).isEqualTo(big);
    }

    @Test
    void shouldWriteCanonicalLengthsWhateverTheBoundReservedForThem() throws IOException {
        // Bodies of 0..300 bytes under bounds from exact to far too large: the length must always be
        // the minimal varint, as the generated code writes it.
        final byte[] payload = new byte[300];
        Arrays.fill(payload, (byte) 'x');
        for (int length = 0; length <= 300; length += length < 140 ? 1 : 37) {
            for (int bound : new int[] {length, length + 1, 127, 128, 200, 16_383, 16_384, 3_000_000}) {
                if (bound < length) {
                    continue;
                }
                final ProtoWriter writer = new ProtoWriter().reset(ProtoWriter.maxMessageFieldSize(bound));
                final int mark = writer.beginMessage(3, bound);
                writer.bytesField(1, Arrays.copyOf(payload, Math.max(0, length - 1 - ProtoWriter.varintSize(length))));
                final int written = writer.position() - mark;
                writer.endMessage(mark, bound);
                final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                final CodedOutputStream coded = CodedOutputStream.newInstance(expected);
                coded.writeTag(3, 2);
                coded.writeUInt32NoTag(written);
                final byte[] body = new byte[written];
                System.arraycopy(written(writer), written(writer).length - written, body, 0, written);
                coded.writeRawBytes(body);
                coded.flush();
                assertThat(written(writer)).as("body %d under bound %d", written, bound).isEqualTo(expected.toByteArray());
            }
        }
    }

    private static byte[] written(ProtoWriter writer) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        writer.copyTo(buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), writer.position());
    }

    private static void assertVarint(long value) throws IOException {
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final CodedOutputStream coded = CodedOutputStream.newInstance(expected);
        coded.writeUInt64NoTag(value);
        coded.flush();
        final ProtoWriter writer = new ProtoWriter().reset(10);
        writer.varint(value);
        assertThat(writer.position()).as("size of %d", value).isEqualTo(expected.size());
        assertThat(ProtoWriter.varintSize(value)).isEqualTo(expected.size());
        assertThat(written(writer)).as("bytes of %d", value).isEqualTo(expected.toByteArray());
    }
}
