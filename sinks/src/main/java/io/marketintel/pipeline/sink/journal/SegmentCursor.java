package io.marketintel.pipeline.sink.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the records of one segment file in order, from a remembered position, delivering the
 * complete ones available now; called again, it continues where it stopped, so it follows a
 * segment that is still being written. Stops before a torn tail and throws
 * {@link JournalCorruptedException} on damage that is not one. Not thread-safe: owned by one
 * {@link JournalReader}.
 */
final class SegmentCursor implements AutoCloseable {
    private static final int HEADER = JournalFormat.RECORD_HEADER_BYTES;

    private final Path path;
    private final FileChannel channel;
    private final ReadWindow window;
    private final TailScanner scanner;
    private boolean headerChecked;
    private long position;
    private boolean atTornTail;
    // A torn tail is re-examined on every poll in follow mode; rescan only when the file grew.
    private long scannedAt = -1;
    private long scannedSize = -1;

    SegmentCursor(Path path, ReadWindow window, TailScanner scanner) {
        this.path = path;
        this.window = window;
        this.scanner = scanner;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal segment " + path + ": " + e, e);
        }
        window.reset();
    }

    Path path() {
        return path;
    }

    /** The file offset of the next record to deliver. */
    long position() {
        return position;
    }

    /** Whether the last poll stopped before bytes that are not (yet) a complete valid record. */
    boolean atTornTail() {
        return atTornTail;
    }

    /**
     * Delivers up to {@code limit} complete records available now.
     *
     * @return how many were delivered; fewer than {@code limit} means the end of the data for now
     */
    int poll(JournalRecordHandler handler, int limit) {
        try {
            if (!headerChecked && !checkSegmentHeader()) {
                return 0;
            }
            int delivered = 0;
            while (delivered < limit && nextRecord(handler)) {
                delivered++;
            }
            return delivered;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + path + " at offset " + position + ": " + e, e);
        }
    }

    private boolean nextRecord(JournalRecordHandler handler) throws IOException {
        int available = window.fill(channel, position, HEADER);
        if (available == 0) {
            atTornTail = false;
            return false;
        }
        if (available < HEADER) {
            return stopAtBadRecord("partial length header: " + available + " of 8 bytes");
        }
        int length = window.intAt(position);
        int storedCrc = window.intAt(position + 4);
        if (length <= 0 || length > JournalFormat.MAX_RECORD_BYTES) {
            return stopAtBadRecord("record length " + length + " outside 1.." + JournalFormat.MAX_RECORD_BYTES);
        }
        // A garbage length in a torn tail must not grow the window to 64 MiB for a few bytes on disk.
        if (HEADER + length > window.capacity() && position + HEADER + length > channel.size()) {
            return stopAtBadRecord("record of " + length + " bytes but only " + (channel.size() - position - HEADER)
                    + " present");
        }
        available = window.fill(channel, position, HEADER + length);
        if (available < HEADER + length) {
            return stopAtBadRecord("record of " + length + " bytes but only " + (available - HEADER) + " present");
        }
        int actualCrc = window.crc32c(position + HEADER, length);
        if (actualCrc != storedCrc) {
            return stopAtBadRecord(String.format("CRC-32C mismatch: stored %08x, computed %08x", storedCrc, actualCrc));
        }
        atTornTail = false;
        handler.onRecord(window.view(), window.index(position + HEADER), length, path, position);
        // Advanced only once the handler returns: a handler that throws gets the record again.
        position += HEADER + length;
        return true;
    }

    /** Returns false (stop here) for a torn tail; throws when valid data follows the bad record. */
    private boolean stopAtBadRecord(String problem) throws IOException {
        atTornTail = true;
        long size = channel.size();
        if (position == scannedAt && size == scannedSize) {
            return false;
        }
        long valid = scanner.findValidRecord(channel, position + 1, size);
        if (valid >= 0) {
            throw new JournalCorruptedException(path, position, problem + "; a valid record follows at offset "
                    + valid + ", so this is damage inside the journal, not a torn tail. The records before offset "
                    + position + " are intact: restore this segment from a copy, or set it aside to read the others");
        }
        scannedAt = position;
        scannedSize = size;
        return false;
    }

    /** Returns false while the 8-byte segment header is still incomplete (being written). */
    private boolean checkSegmentHeader() throws IOException {
        int available = window.fill(channel, 0, JournalFormat.SEGMENT_HEADER_BYTES);
        for (int i = 0; i < Math.min(available, 4); i++) {
            byte expected = (byte) (JournalFormat.MAGIC >>> (8 * i));
            if (window.view().getByte(window.index(i)) != expected) {
                byte[] found = new byte[Math.min(available, 4)];
                window.view().getBytes(window.index(0), found);
                throw new JournalCorruptedException(path, 0, "not a journal segment: it starts with '"
                        + new String(found, StandardCharsets.ISO_8859_1) + "', expected the magic 'MIJ1'."
                        + " Is this the right file?");
            }
        }
        if (available < JournalFormat.SEGMENT_HEADER_BYTES) {
            atTornTail = available > 0;
            return false;
        }
        int version = window.intAt(4);
        if (version != JournalFormat.VERSION) {
            throw new JournalCorruptedException(path, 4, "segment format version " + version
                    + ", this reader reads version " + JournalFormat.VERSION
                    + ": read it with the pipeline version that wrote it");
        }
        headerChecked = true;
        position = JournalFormat.SEGMENT_HEADER_BYTES;
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal segment " + path + ": " + e, e);
        }
    }
}
