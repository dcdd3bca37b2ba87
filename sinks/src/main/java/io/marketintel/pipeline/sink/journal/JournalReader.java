package io.marketintel.pipeline.sink.journal;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a journal back: a whole journal directory (every segment, in record order) or one
 * segment file. {@link #poll} delivers the complete records available now and remembers where
 * it stopped, so the same reader serves a one-shot read (poll until it returns 0) and follow
 * mode like {@code tail -f} (keep polling: it delivers what the writer appended since,
 * including segments created after the reader opened). It stops cleanly before a torn tail,
 * skips the torn tail of a segment once a newer segment exists (the writer crashed and was
 * reopened), and throws {@link JournalCorruptedException} for damage in the middle. Records
 * are delivered in place, without copying or allocation; only reaching the end of the data in
 * directory mode lists the directory. Not thread-safe: one thread polls; the writer may be
 * another thread or process.
 */
public final class JournalReader implements AutoCloseable {
    private final Path path;
    private final boolean directory;
    private final ReadWindow window = new ReadWindow(ReadWindow.DEFAULT_CAPACITY);
    private final TailScanner scanner = new TailScanner();
    private SegmentCursor cursor;
    private long tornTailsSkipped;
    private boolean closed;

    private JournalReader(Path path, boolean directory) {
        this.path = path;
        this.directory = directory;
    }

    /**
     * Opens a journal directory or a single segment file; nothing is read until {@link #poll}.
     *
     * @throws UncheckedIOException wrapping {@link NoSuchFileException} if {@code path} does not exist
     */
    public static JournalReader open(Path path) {
        if (Files.isDirectory(path)) {
            return new JournalReader(path, true);
        }
        if (!Files.isRegularFile(path)) {
            throw new UncheckedIOException(new NoSuchFileException(path.toString(), null,
                    "no journal here: expected a journal directory or a journal-<index>.seg file"));
        }
        JournalReader reader = new JournalReader(path, false);
        reader.cursor = new SegmentCursor(path, reader.window, reader.scanner);
        return reader;
    }

    /**
     * Delivers up to {@code limit} complete records available now, in journal order.
     *
     * @return how many were delivered: 0 means none is available yet
     * @throws JournalCorruptedException on damage that is not a torn tail
     */
    public int poll(JournalRecordHandler handler, int limit) {
        if (closed) {
            throw new IllegalStateException("journal reader for " + path + " is closed");
        }
        int delivered = 0;
        while (delivered < limit) {
            if (cursor == null && !openNext()) {
                break;
            }
            delivered += cursor.poll(handler, limit - delivered);
            if (delivered == limit || !directory) {
                break;
            }
            Path next = SegmentFiles.nextAfter(path, cursor.path());
            if (next == null) {
                break;
            }
            // The writer completes a segment before it creates the next one: drain what arrived
            // between our last read and the listing, then whatever is left is a torn tail.
            delivered += cursor.poll(handler, limit - delivered);
            if (delivered == limit) {
                break;
            }
            if (cursor.atTornTail()) {
                tornTailsSkipped++;
            }
            cursor.close();
            cursor = new SegmentCursor(next, window, scanner);
        }
        return delivered;
    }

    /** Delivers every complete record available now; returns how many. */
    public long readAvailable(JournalRecordHandler handler) {
        long total = 0;
        int delivered;
        do {
            delivered = poll(handler, Integer.MAX_VALUE);
            total += delivered;
        } while (delivered > 0);
        return total;
    }

    /** The segment being read, or null before the first segment of a directory appears. */
    public Path currentSegment() {
        return cursor == null ? null : cursor.path();
    }

    /** The byte offset in {@link #currentSegment()} of the next record to deliver. */
    public long currentOffset() {
        return cursor == null ? 0 : cursor.position();
    }

    /** Whether the reader is waiting before bytes that are not (yet) a complete valid record. */
    public boolean atTornTail() {
        return cursor != null && cursor.atTornTail();
    }

    /** How many torn segment tails were passed over because a newer segment followed them. */
    public long tornTailsSkipped() {
        return tornTailsSkipped;
    }

    private boolean openNext() {
        Path first = SegmentFiles.nextAfter(path, null);
        if (first == null) {
            return false;
        }
        cursor = new SegmentCursor(first, window, scanner);
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (cursor != null) {
                cursor.close();
            }
        }
    }
}
