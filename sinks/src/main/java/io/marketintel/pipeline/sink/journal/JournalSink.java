package io.marketintel.pipeline.sink.journal;

import io.marketintel.pipeline.sink.Sink;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;

/**
 * The {@link Sink} that records every envelope in a journal directory (see the package
 * documentation for the format), through a {@link JournalWriter}. It takes every envelope
 * until closed; an idle hand-off or {@link #flush()} writes out the buffered records and forces
 * them to disk as the {@link FsyncPolicy} says. The pipeline's dispatcher thread calls every
 * method; the counters may be read from any thread (metrics, the REST API).
 */
public final class JournalSink implements Sink {
    private final JournalWriter writer;
    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private boolean closed;

    public JournalSink(JournalWriter writer) {
        this.writer = writer;
    }

    /** Opens (or continues, in a new segment) the journal of {@code config}. */
    public static JournalSink open(JournalConfig config) {
        return new JournalSink(JournalWriter.open(config));
    }

    @Override
    public String name() {
        return "journal";
    }

    /**
     * Appends the envelope to the journal's write buffer.
     *
     * @return true, unless the sink is closed
     * @throws java.io.UncheckedIOException if writing fails (disk full, permissions)
     */
    @Override
    public boolean onEnvelope(DirectBuffer buffer, int offset, int length) {
        if (closed) {
            return false;
        }
        writer.append(buffer, offset, length);
        // Single writer: a release store is enough for readers on other threads.
        recordsWritten.lazySet(recordsWritten.get() + 1);
        bytesWritten.lazySet(bytesWritten.get() + length);
        return true;
    }

    @Override
    public void onIdle() {
        writer.flush();
    }

    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            writer.close();
        }
    }

    /** Envelopes appended since this sink opened. */
    public long recordsWritten() {
        return recordsWritten.get();
    }

    /** Envelope bytes appended since this sink opened, without the 8-byte record headers. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** The writer underneath, for its position and fsync count. */
    public JournalWriter writer() {
        return writer;
    }
}
