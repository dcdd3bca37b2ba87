package io.marketintel.pipeline.connector.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two sequence numbers of a FIX session: the next MsgSeqNum we send and the next one we
 * expect. Kept in memory, or also in a small memory-mapped file per session so that a restarted
 * pipeline resumes the session where it stopped (FIX sessions outlive connections). Writes to the
 * mapped file are plain stores: allocation-free and cheap enough for every message; the OS
 * persists them, and {@link #close()} forces them out.
 *
 * <p>Not thread-safe: one per session, used on its event loop (and closed from there).
 */
final class SequenceStore implements AutoCloseable {
    private static final long MAGIC = 0x4649585345510001L; // "FIXSEQ" v1
    private static final int FILE_BYTES = 24;

    private final Path file;
    private final MappedByteBuffer mapped;
    private long nextSenderSeq = 1;
    private long nextTargetSeq = 1;

    private SequenceStore(Path file, MappedByteBuffer mapped) {
        this.file = file;
        this.mapped = mapped;
        if (mapped != null && mapped.getLong(0) == MAGIC) {
            nextSenderSeq = Math.max(1, mapped.getLong(8));
            nextTargetSeq = Math.max(1, mapped.getLong(16));
        }
        persist();
    }

    /** A store that forgets everything when the process ends (used with ResetSeqNumFlag). */
    static SequenceStore inMemory() {
        return new SequenceStore(null, null);
    }

    /**
     * Opens (or creates) the file of one session.
     *
     * @throws UncheckedIOException saying which file could not be used and why
     */
    static SequenceStore open(Path directory, String sessionId) {
        final Path file = directory.resolve(sessionId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".seqnums");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
                mapped.order(ByteOrder.LITTLE_ENDIAN);
                return new SequenceStore(file, mapped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the FIX sequence store " + file
                    + " (fix.store_dir); check that the directory is writable, or set fix.reset_on_logon: true", e);
        }
    }

    /** The file, or null for an in-memory store. */
    Path file() {
        return file;
    }

    long nextSenderSeq() {
        return nextSenderSeq;
    }

    long nextTargetSeq() {
        return nextTargetSeq;
    }

    /** Takes the next outgoing number. */
    long takeSenderSeq() {
        final long seq = nextSenderSeq++;
        persist();
        return seq;
    }

    void nextTargetSeq(long seq) {
        nextTargetSeq = seq;
        persist();
    }

    void reset() {
        nextSenderSeq = 1;
        nextTargetSeq = 1;
        persist();
    }

    private void persist() {
        if (mapped != null) {
            mapped.putLong(8, nextSenderSeq);
            mapped.putLong(16, nextTargetSeq);
            mapped.putLong(0, MAGIC);
        }
    }

    @Override
    public void close() {
        if (mapped != null) {
            mapped.force();
        }
    }
}
