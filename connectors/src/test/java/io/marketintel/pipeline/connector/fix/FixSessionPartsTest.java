package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of the session: the writer, the timestamp formatter, the sequence store, the gap queue. */
class FixSessionPartsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldWriteMessagesTheFramerAcceptsWithExactBodyLengthAndCheckSum() {
        final FixMessageWriter writer = new FixMessageWriter("FIX.4.4", "CLIENT", "VENUE");
        writer.begin(new byte[] {'1'}, 123_456, 1_700_000_000_123L).addText(112, "PING").finish();
        final int[] accepted = {0};
        new FixFramer().frame(writer.buffer(), writer.offset(), writer.length(), new FixFrameHandler() {
            @Override
            public boolean onMessage(DirectBuffer buffer, int offset, int length) {
                accepted[0]++;
                return true;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
                throw new AssertionError("garbled: " + reason);
            }

            @Override
            public void onOversize(long declaredBodyLength) {
                throw new AssertionError("oversize");
            }
        });
        assertThat(accepted[0]).isEqualTo(1);
        assertThat(writer.buffer().getStringWithoutLengthAscii(writer.offset(), writer.length()).replace('\u0001', '|'))
                .startsWith("8=FIX.4.4|9=").contains("|35=1|34=123456|49=CLIENT|56=VENUE|52=20231114-22:13:20.123|112=PING|");
    }

    @Test
    void shouldFormatUtcTimestampsLikeJavaTime() {
        final DateTimeFormatter expected = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        for (long ms : new long[] {0, 951_782_400_000L, 1_709_164_799_999L, 4_102_444_800_001L, 1_700_000_000_123L}) {
            UtcTimestampFormatter.format(ms, buffer, 0);
            assertThat(buffer.getStringWithoutLengthAscii(0, UtcTimestampFormatter.LENGTH))
                    .isEqualTo(expected.format(Instant.ofEpochMilli(ms)));
        }
    }

    @Test
    void shouldKeepSequenceNumbersAcrossReopeningTheFileStore() {
        try (SequenceStore store = SequenceStore.open(tmp, "src_A_B")) {
            store.takeSenderSeq();
            store.takeSenderSeq();
            store.nextTargetSeq(42);
        }
        try (SequenceStore reopened = SequenceStore.open(tmp, "src_A_B")) {
            assertThat(reopened.nextSenderSeq()).isEqualTo(3);
            assertThat(reopened.nextTargetSeq()).isEqualTo(42);
            reopened.reset();
            assertThat(reopened.nextTargetSeq()).isEqualTo(1);
        }
    }

    @Test
    void shouldHoldMessagesInSequenceOrderWithinItsBounds() {
        final FixGapQueue queue = new FixGapQueue(3);
        final UnsafeBuffer msg = new UnsafeBuffer("abc".getBytes());
        assertThat(queue.offer(7, msg, 0, 3)).isTrue();
        assertThat(queue.offer(5, msg, 0, 2)).isTrue();   // out of order: inserted in place
        assertThat(queue.offer(7, msg, 0, 3)).isFalse();  // already held
        assertThat(queue.offer(9, msg, 0, 1)).isTrue();
        assertThat(queue.offer(10, msg, 0, 1)).isFalse(); // full
        assertThat(queue.headSeq()).isEqualTo(5);
        assertThat(queue.headLength()).isEqualTo(2);
        queue.removeHead();
        assertThat(queue.headSeq()).isEqualTo(7);
        assertThat(queue.offer(10, msg, 0, 1)).isTrue();  // room again after a partial release (compaction)
        queue.removeHead();
        queue.removeHead();
        assertThat(queue.headSeq()).isEqualTo(10);
        queue.removeHead();
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::removeHead).isInstanceOf(IllegalStateException.class);
        assertThat(queue.size()).isZero();
    }
}
