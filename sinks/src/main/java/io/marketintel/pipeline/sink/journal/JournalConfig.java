package io.marketintel.pipeline.sink.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the journal sink writes: a directory of rolling segment files. Immutable.
 *
 * @param directory where segments are written (created if missing)
 * @param segmentBytes a segment rolls before a record that would take it past this size
 * @param fsync when written records are forced to disk
 * @param fsyncInterval the interval for {@link FsyncPolicy#INTERVAL}
 */
public record JournalConfig(Path directory, long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segment_bytes: expected at least 4096, got " + segmentBytes);
        }
        if (fsync == null) {
            fsync = FsyncPolicy.INTERVAL;
        }
        if (fsyncInterval == null) {
            fsyncInterval = DEFAULT_FSYNC_INTERVAL;
        }
    }

    public static JournalConfig of(Path directory) {
        return new JournalConfig(directory, DEFAULT_SEGMENT_BYTES, FsyncPolicy.INTERVAL, DEFAULT_FSYNC_INTERVAL);
    }
}
