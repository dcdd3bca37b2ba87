package io.marketintel.pipeline.sink.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to a journal directory in the format of this package: through one reusable
 * direct buffer into the current segment's file channel, rolling to a new segment when the
 * next record would overflow {@link JournalConfig#segmentBytes()}, and forcing to disk per
 * {@link FsyncPolicy}. Opening an existing journal never touches its data: writing continues in
 * a new segment numbered after the complete records already there. Appending allocates nothing;
 * only a roll does. Not thread-safe: one thread appends, flushes and closes (the pipeline's
 * dispatcher, through {@link JournalSink}); one writer per directory.
 */
public final class JournalWriter implements AutoCloseable {
    public static final int DEFAULT_WRITE_BUFFER_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int HEADER = JournalFormat.RECORD_HEADER_BYTES;

    private final JournalConfig config;
    private final LongSupplier nanoClock;
    private final long fsyncIntervalNs;
    private final ByteBuffer writeBuffer;
    private final UnsafeBuffer writeView;
    private final CRC32C crc = new CRC32C();

    private FileChannel channel;
    private Path segment;
    private long segmentLength;
    private long nextRecordIndex;
    private boolean unforcedWrites;
    private long lastForceNs;
    private long forceCount;
    private boolean closed;

    private JournalWriter(JournalConfig config, LongSupplier nanoClock, int writeBufferBytes, long nextRecordIndex) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.fsyncIntervalNs = config.fsyncInterval().toNanos();
        this.writeBuffer = ByteBuffer.allocateDirect(writeBufferBytes);
        this.writeView = new UnsafeBuffer(writeBuffer);
        this.nextRecordIndex = nextRecordIndex;
        this.lastForceNs = nanoClock.getAsLong();
    }

    /** Opens (creating if missing) the journal directory of {@code config}, timing fsync on {@link System#nanoTime}. */
    public static JournalWriter open(JournalConfig config) {
        return open(config, System::nanoTime);
    }

    /**
     * Opens the journal directory of {@code config}, creating it if missing.
     *
     * @param nanoClock a monotonic clock in nanoseconds for {@link FsyncPolicy#INTERVAL}
     * @throws JournalCorruptedException if the last existing segment is damaged in the middle
     */
    public static JournalWriter open(JournalConfig config, LongSupplier nanoClock) {
        Path directory = config.directory();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal directory " + directory + ": " + e, e);
        }
        return new JournalWriter(config, nanoClock, DEFAULT_WRITE_BUFFER_BYTES, recordsAlreadyIn(directory));
    }

    /**
     * Appends one record; it reaches the file at the next {@link #flush()} or when the buffer fills.
     *
     * @return the record's index in the journal
     * @throws IllegalArgumentException for an empty payload or one over {@link JournalFormat#MAX_RECORD_BYTES}
     */
    public long append(DirectBuffer buffer, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("journal writer for " + config.directory() + " is closed");
        }
        if (length <= 0 || length > JournalFormat.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("journal record of " + length + " bytes: expected 1.."
                    + JournalFormat.MAX_RECORD_BYTES + " (an empty record would be indistinguishable from zero fill)");
        }
        try {
            long recordBytes = HEADER + (long) length;
            if (channel == null) {
                openSegment();
            } else if (segmentLength > JournalFormat.SEGMENT_HEADER_BYTES
                    && segmentLength + recordBytes > config.segmentBytes()) {
                rollSegment();
            }
            if (recordBytes <= writeBuffer.capacity()) {
                appendBuffered(buffer, offset, length);
            } else {
                appendLarge(buffer, offset, length);
            }
            segmentLength += recordBytes;
            return nextRecordIndex++;
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** Writes the buffered records to the file and forces them to disk if the policy says so now. */
    public void flush() {
        if (closed || channel == null) {
            return;
        }
        try {
            writeOut();
            forcePerPolicy();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /** The index the next appended record will get: also the number of records in the journal. */
    public long nextRecordIndex() {
        return nextRecordIndex;
    }

    /** The segment being written, or null before the first append. */
    public Path currentSegment() {
        return segment;
    }

    /** How many times written data was forced to disk: a measure of what the fsync policy costs. */
    public long forceCount() {
        return forceCount;
    }

    /** Writes out, forces to disk whatever the policy, and closes the segment. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel == null) {
            return;
        }
        try {
            writeOut();
            force();
            channel.close();
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    private void appendBuffered(DirectBuffer buffer, int offset, int length) throws IOException {
        if (writeBuffer.remaining() < HEADER + length) {
            writeOut();
            forcePerPolicy();
        }
        int at = writeBuffer.position();
        writeView.putBytes(at + HEADER, buffer, offset, length);
        // The CRC is taken over our own copy of the payload, whatever memory the caller's buffer wraps.
        writeBuffer.limit(at + HEADER + length).position(at + HEADER);
        crc.reset();
        crc.update(writeBuffer);
        writeBuffer.limit(writeBuffer.capacity()).position(at + HEADER + length);
        writeView.putInt(at, length, ByteOrder.LITTLE_ENDIAN);
        writeView.putInt(at + 4, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
    }

    /** A record larger than the write buffer passes through it in chunks: once for the CRC, once to write. */
    private void appendLarge(DirectBuffer buffer, int offset, int length) throws IOException {
        writeOut();
        crc.reset();
        for (int done = 0; done < length; ) {
            int n = Math.min(writeBuffer.capacity(), length - done);
            writeView.putBytes(0, buffer, offset + done, n);
            writeBuffer.limit(n).position(0);
            crc.update(writeBuffer);
            done += n;
        }
        writeBuffer.clear();
        writeView.putInt(0, length, ByteOrder.LITTLE_ENDIAN);
        writeView.putInt(4, (int) crc.getValue(), ByteOrder.LITTLE_ENDIAN);
        writeBuffer.position(HEADER);
        for (int done = 0; done < length; ) {
            int n = Math.min(writeBuffer.remaining(), length - done);
            writeView.putBytes(writeBuffer.position(), buffer, offset + done, n);
            writeBuffer.position(writeBuffer.position() + n);
            done += n;
            writeOut();
        }
        forcePerPolicy();
    }

    private void writeOut() throws IOException {
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            channel.write(writeBuffer);
            unforcedWrites = true;
        }
        writeBuffer.clear();
    }

    private void forcePerPolicy() throws IOException {
        switch (config.fsync()) {
            case ALWAYS -> force();
            case INTERVAL -> {
                if (unforcedWrites && nanoClock.getAsLong() - lastForceNs >= fsyncIntervalNs) {
                    force();
                }
            }
            case NONE -> {
            }
        }
    }

    private void force() throws IOException {
        if (unforcedWrites) {
            // fdatasync: the data and the size needed to read it back, not the timestamps.
            channel.force(false);
            unforcedWrites = false;
            lastForceNs = nanoClock.getAsLong();
            forceCount++;
        }
    }

    private void rollSegment() throws IOException {
        writeOut();
        if (config.fsync() != FsyncPolicy.NONE) {
            channel.force(true);
            unforcedWrites = false;
            lastForceNs = nanoClock.getAsLong();
            forceCount++;
        }
        channel.close();
        openSegment();
    }

    private void openSegment() throws IOException {
        segment = config.directory().resolve(JournalFormat.segmentFileName(nextRecordIndex));
        // CREATE_NEW: an existing segment is never overwritten, even by a second writer by mistake.
        try {
            channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("journal segment " + segment + " already exists: is another writer"
                    + " using " + config.directory() + "? A journal directory takes one writer at a time", e);
        }
        writeView.putInt(0, JournalFormat.MAGIC, ByteOrder.LITTLE_ENDIAN);
        writeView.putInt(4, JournalFormat.VERSION, ByteOrder.LITTLE_ENDIAN);
        writeBuffer.position(JournalFormat.SEGMENT_HEADER_BYTES);
        segmentLength = JournalFormat.SEGMENT_HEADER_BYTES;
        if (config.fsync() != FsyncPolicy.NONE) {
            forceDirectory();
        }
    }

    /** Makes the new file's directory entry durable; some platforms cannot, and then the OS decides. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(config.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync journal directory {}: {}", config.directory(), e.toString());
        }
    }

    private UncheckedIOException writeFailed(IOException e) {
        return new UncheckedIOException("journal write failed in " + (segment != null ? segment : config.directory())
                + ": " + e + " (check free disk space and permissions)", e);
    }

    /**
     * Counts the complete records of an existing journal: the last segment's first index plus
     * the records it holds. A last segment without a single complete record (a crash right after
     * a roll) would share its name with the next segment, so it is set aside first.
     */
    private static long recordsAlreadyIn(Path directory) {
        List<Path> segments = SegmentFiles.list(directory);
        if (segments.isEmpty()) {
            return 0;
        }
        Path last = segments.get(segments.size() - 1);
        long records;
        try (JournalReader reader = JournalReader.open(last)) {
            records = reader.readAvailable((buffer, offset, length, file, at) -> { });
        }
        if (records == 0) {
            setAside(last);
        }
        return JournalFormat.firstRecordIndex(last) + records;
    }

    private static void setAside(Path segment) {
        try {
            if (Files.size(segment) <= JournalFormat.SEGMENT_HEADER_BYTES) {
                Files.delete(segment); // a bare header holds nothing to keep
                LOG.warn("journal: deleted {}: it held no record (a crash right after a segment roll)", segment);
                return;
            }
            Path aside = segment.resolveSibling(segment.getFileName() + ".torn");
            for (int n = 1; Files.exists(aside); n++) {
                aside = segment.resolveSibling(segment.getFileName() + ".torn." + n);
            }
            Files.move(segment, aside);
            LOG.warn("journal: moved {} to {}: it held only an incomplete record, kept for inspection", segment, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the empty journal segment " + segment + ": " + e
                    + "; move it out of the journal directory and reopen", e);
        }
    }
}
