package io.marketintel.pipeline.sink.journal;

import static io.marketintel.pipeline.sink.journal.JournalTestSupport.config;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.envelope;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.envelopes;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.offer;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.rawEnvelope;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.readAll;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.readEnvelopes;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.writeJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.schema.v1.Envelope;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSinkTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryEnvelopeInOrder() {
        List<Envelope> written = envelopes(1000);

        writeJournal(JournalConfig.of(dir), written);

        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(written);
        assertThat(SegmentFiles.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("journal-00000000000000000000.seg");
    }

    @Test
    void shouldStartEverySegmentWithTheMagicAndVersionInLittleEndian() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(1));

        byte[] bytes = Files.readAllBytes(SegmentFiles.list(dir).get(0));
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("MIJ1");
        assertThat(bytes).startsWith('M', 'I', 'J', '1', 1, 0, 0, 0);
        int length = envelope(0).getSerializedSize();
        assertThat(ByteBuffer.wrap(bytes, 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(length);
        assertThat(bytes).hasSize(8 + 8 + length);
    }

    @Test
    void shouldKeepOrderAcrossSegmentRollsAndAgreeWithPerFileReads() throws IOException {
        List<Envelope> written = envelopes(600);

        writeJournal(config(dir, 4096, FsyncPolicy.INTERVAL), written);

        List<Path> segments = SegmentFiles.list(dir);
        assertThat(segments).hasSizeGreaterThan(5);
        List<Envelope> perFile = new ArrayList<>();
        for (Path segment : segments) {
            assertThat(Files.size(segment)).isLessThanOrEqualTo(4096);
            assertThat(JournalFormat.firstRecordIndex(segment)).isEqualTo(perFile.size());
            perFile.addAll(readEnvelopes(segment));
        }
        assertThat(perFile).containsExactlyElementsOf(written);
        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(written);
    }

    @Test
    void shouldPutARecordLargerThanASegmentAloneInItsOwnSegment() {
        Envelope big = rawEnvelope(10_000);
        Envelope huge = rawEnvelope(3 * JournalWriter.DEFAULT_WRITE_BUFFER_BYTES + 123); // larger than the write buffer
        List<Envelope> written = List.of(envelope(0), big, envelope(1), huge, envelope(2));

        writeJournal(config(dir, 4096, FsyncPolicy.ALWAYS), written);

        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(written);
        assertThat(SegmentFiles.list(dir)).extracting(JournalFormat::firstRecordIndex).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void shouldAppendInANewSegmentWhenReopened() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(10));
        Path first = SegmentFiles.list(dir).get(0);
        byte[] before = Files.readAllBytes(first);

        List<Envelope> more = List.of(envelope(100), envelope(101), envelope(102));
        try (JournalSink sink = JournalSink.open(JournalConfig.of(dir))) {
            assertThat(sink.writer().nextRecordIndex()).isEqualTo(10);
            more.forEach(e -> offer(sink, e));
        }

        assertThat(SegmentFiles.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactly("journal-00000000000000000000.seg", "journal-00000000000000000010.seg");
        assertThat(Files.readAllBytes(first)).isEqualTo(before);
        List<Envelope> expected = new ArrayList<>(envelopes(10));
        expected.addAll(more);
        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldContinueAfterATornTailLeftAsIsWhenReopened() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(10));
        Path first = SegmentFiles.list(dir).get(0);
        truncate(first, Files.size(first) - 3); // the crash tore the tenth record
        long tornSize = Files.size(first);

        try (JournalSink sink = JournalSink.open(JournalConfig.of(dir))) {
            offer(sink, envelope(9));
            offer(sink, envelope(10));
        }

        assertThat(Files.size(first)).isEqualTo(tornSize);
        assertThat(SegmentFiles.list(dir).get(1).getFileName().toString()).isEqualTo("journal-00000000000000000009.seg");
        try (JournalReader reader = JournalReader.open(dir)) {
            JournalTestSupport.Collector collector = new JournalTestSupport.Collector();
            reader.readAvailable(collector);
            assertThat(collector.envelopes()).containsExactlyElementsOf(envelopes(11));
            assertThat(reader.tornTailsSkipped()).isEqualTo(1);
        }
    }

    @Test
    void shouldSetAsideALastSegmentWithoutAnyCompleteRecordWhenReopened() throws IOException {
        writeJournal(config(dir, 4096, FsyncPolicy.NONE), envelopes(100));
        List<Path> segments = SegmentFiles.list(dir);
        Path last = segments.get(segments.size() - 1);
        long lastFirstIndex = JournalFormat.firstRecordIndex(last);
        truncate(last, JournalFormat.SEGMENT_HEADER_BYTES + 5); // a crash right after the roll

        try (JournalSink sink = JournalSink.open(config(dir, 4096, FsyncPolicy.NONE))) {
            assertThat(sink.writer().nextRecordIndex()).isEqualTo(lastFirstIndex);
            offer(sink, envelope(1000));
        }

        assertThat(dir.resolve(last.getFileName() + ".torn")).hasSize(JournalFormat.SEGMENT_HEADER_BYTES + 5);
        List<Envelope> expected = new ArrayList<>(envelopes((int) lastFirstIndex));
        expected.add(envelope(1000));
        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRefuseASecondWriterThatWouldReuseASegmentName() {
        try (JournalSink first = JournalSink.open(JournalConfig.of(dir));
             JournalSink second = JournalSink.open(JournalConfig.of(dir))) {
            offer(first, envelope(0));
            assertThatThrownBy(() -> offer(second, envelope(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already exists").hasMessageContaining("another writer");
        }
    }

    @Test
    void shouldForceAfterEveryFlushWithFsyncAlways() {
        try (JournalSink sink = JournalSink.open(config(dir, 4096, FsyncPolicy.ALWAYS))) {
            for (int i = 0; i < 5; i++) {
                offer(sink, envelope(i));
                sink.flush();
                assertThat(sink.writer().forceCount()).isEqualTo(i + 1);
            }
            sink.onIdle(); // nothing new written: nothing to force
            assertThat(sink.writer().forceCount()).isEqualTo(5);
            offer(sink, envelope(5));
            sink.onIdle();
            assertThat(sink.writer().forceCount()).isEqualTo(6);
        }
        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(envelopes(6));
    }

    @Test
    void shouldForceAtMostOncePerIntervalWithFsyncInterval() {
        AtomicLong nowNs = new AtomicLong();
        JournalConfig config = new JournalConfig(dir, 1 << 20, FsyncPolicy.INTERVAL, Duration.ofMillis(100));
        try (JournalWriter writer = JournalWriter.open(config, nowNs::get)) {
            append(writer, envelope(0));
            writer.flush();
            assertThat(writer.forceCount()).isZero();

            nowNs.set(Duration.ofMillis(99).toNanos());
            append(writer, envelope(1));
            writer.flush();
            assertThat(writer.forceCount()).isZero();

            nowNs.set(Duration.ofMillis(100).toNanos());
            writer.flush();
            assertThat(writer.forceCount()).isEqualTo(1);

            nowNs.set(Duration.ofMillis(250).toNanos());
            writer.flush(); // interval passed, but nothing unforced
            assertThat(writer.forceCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldForceOnRollWithFsyncIntervalAndOnlyOnCloseWithFsyncNone() {
        AtomicLong nowNs = new AtomicLong();
        try (JournalWriter writer = JournalWriter.open(config(dir.resolve("interval"), 4096, FsyncPolicy.INTERVAL), nowNs::get)) {
            for (int i = 0; i < 100; i++) {
                append(writer, envelope(i));
            }
            assertThat(writer.forceCount()).isEqualTo(SegmentFiles.list(dir.resolve("interval")).size() - 1);
        }
        JournalWriter none = JournalWriter.open(config(dir.resolve("none"), 4096, FsyncPolicy.NONE), nowNs::get);
        for (int i = 0; i < 100; i++) {
            append(none, envelope(i));
            none.flush();
        }
        assertThat(none.forceCount()).isZero();
        none.close();
        assertThat(none.forceCount()).isEqualTo(1);
    }

    @Test
    void shouldCountRecordsAndBytesAndRefuseOnceClosed() {
        JournalSink sink = JournalSink.open(JournalConfig.of(dir));
        assertThat(sink.name()).isEqualTo("journal");
        offer(sink, envelope(0));
        offer(sink, envelope(1));

        assertThat(sink.recordsWritten()).isEqualTo(2);
        assertThat(sink.bytesWritten()).isEqualTo(envelope(0).getSerializedSize() + envelope(1).getSerializedSize());

        sink.close();
        byte[] bytes = envelope(2).toByteArray();
        assertThat(sink.onEnvelope(new UnsafeBuffer(bytes), 0, bytes.length)).isFalse();
        assertThat(sink.recordsWritten()).isEqualTo(2);
        assertThat(readAll(dir)).hasSize(2);
    }

    @Test
    void shouldRejectAnEmptyEnvelopeBecauseItWouldReadAsZeroFill() {
        try (JournalWriter writer = JournalWriter.open(JournalConfig.of(dir))) {
            assertThatThrownBy(() -> writer.append(new UnsafeBuffer(new byte[4]), 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 bytes");
        }
    }

    @Test
    void shouldNotAllocatePerRecordOnTheSteadyPath() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] bytes = envelope(42).toByteArray();
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        try (JournalSink sink = JournalSink.open(config(dir, 1L << 30, FsyncPolicy.NONE))) {
            for (int i = 0; i < 200_000; i++) { // warm up: JIT, the first segment, lazy JDK state
                sink.onEnvelope(buffer, 0, bytes.length);
            }
            sink.flush();
            long before = threads.getCurrentThreadAllocatedBytes();
            int records = 200_000;
            for (int i = 0; i < records; i++) {
                sink.onEnvelope(buffer, 0, bytes.length);
                if (i % 1000 == 0) {
                    sink.onIdle();
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated for %d records", records).isLessThan(records / 10);
        }
    }

    private static void append(JournalWriter writer, Envelope envelope) {
        byte[] bytes = envelope.toByteArray();
        writer.append(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
