package io.marketintel.pipeline.sink.journal;

import java.nio.file.Path;
import org.agrona.DirectBuffer;

/**
 * Receives the records a {@link JournalReader} delivers, in journal order. Called on the thread
 * that calls {@link JournalReader#poll}; the bytes are a view into the reader's buffer and are
 * valid only during the call, so copy what must outlive it. If the handler throws, the
 * exception reaches the caller of {@code poll} and the same record is delivered again by the
 * next poll.
 */
@FunctionalInterface
public interface JournalRecordHandler {

    /**
     * Takes one record.
     *
     * @param buffer holds the payload: one encoded {@code Envelope}
     * @param offset where the payload starts in {@code buffer}
     * @param length the payload's length in bytes
     * @param segment the segment file the record is in
     * @param segmentOffset the byte offset of the record (its length header) in that file
     */
    void onRecord(DirectBuffer buffer, int offset, int length, Path segment, long segmentOffset);
}
