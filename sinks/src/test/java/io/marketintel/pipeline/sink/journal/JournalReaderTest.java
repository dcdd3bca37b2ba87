package io.marketintel.pipeline.sink.journal;

import static io.marketintel.pipeline.sink.journal.JournalTestSupport.config;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.envelope;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.envelopes;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.offer;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.readAll;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.readEnvelopes;
import static io.marketintel.pipeline.sink.journal.JournalTestSupport.writeJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.marketintel.pipeline.schema.v1.Envelope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldDeliverAtMostTheLimitAndContinueWhereItStopped() {
        writeJournal(config(dir, 4096, FsyncPolicy.NONE), envelopes(100));
        JournalTestSupport.Collector collector = new JournalTestSupport.Collector();

        try (JournalReader reader = JournalReader.open(dir)) {
            int polls = 0;
            while (reader.poll(collector, 7) > 0) {
                polls++;
            }
            assertThat(polls).isEqualTo(15);
            assertThat(reader.poll(collector, 7)).isZero();
        }

        assertThat(collector.envelopes()).containsExactlyElementsOf(envelopes(100));
    }

    @Test
    void shouldDeliverTheSameRecordAgainWhenTheHandlerThrows() {
        writeJournal(JournalConfig.of(dir), envelopes(3));
        JournalTestSupport.Collector collector = new JournalTestSupport.Collector();

        try (JournalReader reader = JournalReader.open(dir)) {
            assertThat(reader.poll(collector, 1)).isEqualTo(1);
            assertThatThrownBy(() -> reader.poll((buffer, offset, length, segment, at) -> {
                throw new IllegalStateException("consumer failed");
            }, 10)).hasMessage("consumer failed");
            reader.readAvailable(collector);
        }

        assertThat(collector.envelopes()).containsExactlyElementsOf(envelopes(3));
    }

    @Test
    void shouldReportWhereEachRecordIs() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(3));

        List<JournalTestSupport.Delivered> delivered = readAll(dir);

        Path segment = dir.resolve("journal-00000000000000000000.seg");
        assertThat(delivered).extracting(JournalTestSupport.Delivered::segment).containsOnly(segment);
        long second = 8 + 8 + envelope(0).getSerializedSize();
        long third = second + 8 + envelope(1).getSerializedSize();
        assertThat(delivered).extracting(JournalTestSupport.Delivered::offset).containsExactly(8L, second, third);
        assertThat(Files.size(segment)).isEqualTo(third + 8 + envelope(2).getSerializedSize());
    }

    @Test
    void shouldReturnExactlyTheCompleteRecordsWhenTheLastRecordIsTornAtAnyByte() throws IOException {
        writeJournal(config(dir, 4096, FsyncPolicy.NONE), envelopes(60));
        List<Path> segments = SegmentFiles.list(dir);
        Path last = segments.get(segments.size() - 1);
        byte[] original = Files.readAllBytes(last);
        List<JournalTestSupport.Delivered> all = readAll(dir);
        long lastRecordOffset = all.get(all.size() - 1).offset();
        assertThat(segments).hasSizeGreaterThan(1);

        for (long cut = lastRecordOffset; cut < original.length; cut++) {
            Files.write(last, Arrays.copyOf(original, (int) cut));

            assertThat(readEnvelopes(dir)).as("directory cut at %d", cut).containsExactlyElementsOf(envelopes(59));
            try (JournalReader reader = JournalReader.open(last)) {
                JournalTestSupport.Collector collector = new JournalTestSupport.Collector();
                reader.readAvailable(collector);
                assertThat(collector.envelopes()).as("file cut at %d", cut)
                        .containsExactlyElementsOf(envelopes(60).subList((int) JournalFormat.firstRecordIndex(last), 59));
                assertThat(reader.atTornTail()).isEqualTo(cut > lastRecordOffset);
                assertThat(reader.currentOffset()).isEqualTo(lastRecordOffset);
            }
        }
    }

    @Test
    void shouldIgnoreGarbageAppendedAfterTheLastRecord() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(20));
        Path segment = SegmentFiles.list(dir).get(0);
        byte[] original = Files.readAllBytes(segment);
        Random random = new Random(7);
        List<byte[]> garbages = new ArrayList<>();
        garbages.add(new byte[4096]); // zero fill, as a file system may leave after a power loss
        garbages.add(badRecord(5, 0xdeadbeef, 200)); // plausible length, wrong CRC, more garbage after
        garbages.add(badRecord(Integer.MAX_VALUE, 0, 50)); // absurd length
        garbages.add(badRecord(JournalFormat.MAX_RECORD_BYTES, 0, 50)); // the largest allowed length, far past the end
        garbages.add(badRecord(-1, 0, 3));
        for (int length : new int[] {1, 7, 8, 9, 100, 5000, 70_000}) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            garbages.add(garbage);
        }

        for (byte[] garbage : garbages) {
            byte[] withGarbage = Arrays.copyOf(original, original.length + garbage.length);
            System.arraycopy(garbage, 0, withGarbage, original.length, garbage.length);
            Files.write(segment, withGarbage);

            assertThat(readEnvelopes(dir)).as("%d bytes of garbage", garbage.length).containsExactlyElementsOf(envelopes(20));
        }
    }

    @Test
    void shouldThrowNamingFileAndOffsetWhenAPayloadIsCorruptInTheMiddleOfANonLastSegment() throws IOException {
        writeJournal(config(dir, 4096, FsyncPolicy.NONE), envelopes(100));
        Path second = SegmentFiles.list(dir).get(1);
        long damaged = recordOffsets(second).get(3);
        flipByte(second, damaged + 8 + 2);

        JournalCorruptedException e = catchThrowableOfType(JournalCorruptedException.class, () -> readAll(dir));

        assertThat(e).isNotNull();
        assertThat(e.segment()).isEqualTo(second);
        assertThat(e.offset()).isEqualTo(damaged);
        assertThat(e).hasMessageContaining(second.toString()).hasMessageContaining("offset " + damaged)
                .hasMessageContaining("CRC-32C mismatch");
        assertThatThrownBy(() -> readAll(second)).isInstanceOf(JournalCorruptedException.class);
        // the records before the damage were delivered before the exception
        JournalTestSupport.Collector collector = new JournalTestSupport.Collector();
        try (JournalReader reader = JournalReader.open(dir)) {
            assertThatThrownBy(() -> reader.readAvailable(collector)).isInstanceOf(JournalCorruptedException.class);
        }
        assertThat(collector.delivered).hasSize((int) JournalFormat.firstRecordIndex(second) + 3);
    }

    @Test
    void shouldThrowWhenALengthIsCorruptInTheMiddle() throws IOException {
        writeJournal(config(dir, 4096, FsyncPolicy.NONE), envelopes(100));
        Path first = SegmentFiles.list(dir).get(0);
        long damaged = recordOffsets(first).get(1);
        for (int badLength : new int[] {0, -7, Integer.MAX_VALUE, 4000, 3}) {
            writeIntAt(first, damaged, badLength);

            JournalCorruptedException e = catchThrowableOfType(JournalCorruptedException.class, () -> readAll(dir));

            assertThat(e).as("length %d", badLength).isNotNull();
            assertThat(e.segment()).isEqualTo(first);
            assertThat(e.offset()).isEqualTo(damaged);
        }
    }

    @Test
    void shouldThrowOnAFileThatIsNotAJournalSegment() throws IOException {
        Path notJournal = dir.resolve("journal-00000000000000000000.seg");
        Files.writeString(notJournal, "hello, this is not a journal");

        assertThatThrownBy(() -> readAll(notJournal)).isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining(notJournal.toString()).hasMessageContaining("offset 0")
                .hasMessageContaining("'hell'").hasMessageContaining("MIJ1");
        assertThatThrownBy(() -> readAll(dir)).isInstanceOf(JournalCorruptedException.class);
    }

    @Test
    void shouldThrowOnAnUnknownFormatVersion() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(2));
        Path segment = SegmentFiles.list(dir).get(0);
        writeIntAt(segment, 4, 2);

        assertThatThrownBy(() -> readAll(segment)).isInstanceOf(JournalCorruptedException.class)
                .hasMessageContaining("offset 4").hasMessageContaining("version 2");
    }

    @Test
    void shouldRefuseAPathThatDoesNotExist() {
        assertThatThrownBy(() -> JournalReader.open(dir.resolve("missing")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing");
    }

    @Test
    void shouldIgnoreOtherFilesInTheDirectory() throws IOException {
        writeJournal(JournalConfig.of(dir), envelopes(5));
        Files.writeString(dir.resolve("README.txt"), "notes");
        Files.writeString(dir.resolve("journal-1.seg"), "not a segment name");

        assertThat(readEnvelopes(dir)).containsExactlyElementsOf(envelopes(5));
    }

    @Test
    void shouldFollowAWriterAcrossSegmentRollsSeeingEveryRecordOnce() {
        JournalTestSupport.Collector collector = new JournalTestSupport.Collector();
        List<Envelope> written = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(prepareEmptyDirectory());
             JournalSink sink = JournalSink.open(config(dir, 4096, FsyncPolicy.ALWAYS))) {
            assertThat(reader.poll(collector, 100)).isZero();
            for (int i = 0; i < 400; i++) {
                Envelope envelope = envelope(i);
                offer(sink, envelope);
                written.add(envelope);
                if (i % 3 == 0) {
                    sink.onIdle();
                }
                if (i % 5 == 0) {
                    reader.poll(collector, 4); // deliberately behind sometimes, to cross rolls mid-poll
                }
            }
            sink.flush();
            while (reader.poll(collector, 10) > 0) {
                // catch up
            }
            assertThat(reader.poll(collector, 10)).isZero();
            assertThat(reader.currentSegment()).isEqualTo(sink.writer().currentSegment());
        }
        assertThat(collector.envelopes()).containsExactlyElementsOf(written);
        assertThat(collector.delivered.stream().map(JournalTestSupport.Delivered::segment).distinct().count()).isGreaterThan(5);
    }

    @Test
    void shouldWaitAtAnIncompleteRecordAndDeliverItOnceComplete() throws IOException {
        Path source = dir.resolve("source");
        writeJournal(config(source, 4096, FsyncPolicy.NONE), envelopes(120));
        Path follow = Files.createDirectories(dir.resolve("follow"));
        List<Path> segments = SegmentFiles.list(source);
        JournalTestSupport.Collector collector = new JournalTestSupport.Collector();

        try (JournalReader reader = JournalReader.open(follow)) {
            int complete = 0;
            for (Path segment : segments) {
                List<Long> ends = recordEnds(segment);
                byte[] bytes = Files.readAllBytes(segment);
                Path copy = follow.resolve(segment.getFileName());
                Files.createFile(copy);
                // Copy the segment a few bytes at a time, as a slow writer would make it appear.
                try (OutputStream out = Files.newOutputStream(copy, StandardOpenOption.APPEND)) {
                    for (int at = 0; at < bytes.length; at += 13) {
                        int end = Math.min(bytes.length, at + 13);
                        out.write(bytes, at, end - at);
                        out.flush();
                        reader.poll(collector, Integer.MAX_VALUE);
                        long completeInFile = ends.stream().filter(e -> e <= end).count();
                        assertThat(collector.delivered).hasSize(complete + (int) completeInFile);
                    }
                }
                complete += ends.size();
            }
        }
        assertThat(collector.envelopes()).containsExactlyElementsOf(envelopes(120));
    }

    private Path prepareEmptyDirectory() {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Long> recordOffsets(Path segment) {
        return readAll(segment).stream().map(JournalTestSupport.Delivered::offset).toList();
    }

    private static List<Long> recordEnds(Path segment) {
        List<Long> ends = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(segment)) {
            reader.readAvailable((buffer, offset, length, file, at) -> ends.add(at + 8 + length));
        }
        return ends;
    }

    private static byte[] badRecord(int length, int crc, int trailingBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + trailingBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(length).putInt(crc);
        for (int i = 0; i < trailingBytes; i++) {
            buffer.put((byte) (i * 17));
        }
        return buffer.array();
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x40;
        Files.write(file, bytes);
    }

    private static void writeIntAt(Path file, long offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) offset, value);
        Files.write(file, bytes);
    }
}
