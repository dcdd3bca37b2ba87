package io.marketintel.pipeline.sink.journal;

import java.nio.file.Path;

/**
 * Thrown when a journal segment is damaged somewhere other than its tail, or is not a
 * version-1 segment at all: reading past the damage would silently drop or invent records.
 * The message names the file and byte offset; {@link #segment()} and {@link #offset()} give
 * them to code. Immutable; safe to pass between threads.
 */
public final class JournalCorruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path segment;
    private final long offset;

    public JournalCorruptedException(Path segment, long offset, String problem) {
        super(segment + " at byte offset " + offset + ": " + problem);
        this.segment = segment;
        this.offset = offset;
    }

    /** The damaged segment file. */
    public Path segment() {
        return segment;
    }

    /** The byte offset in {@link #segment()} where the damage starts. */
    public long offset() {
        return offset;
    }
}
