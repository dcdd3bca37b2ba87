package io.marketintel.pipeline.sink.journal;

/** When the journal forces written records to the disk. */
public enum FsyncPolicy {
    /** Leave it to the OS: survives a process crash, not a power loss. */
    NONE,
    /** Force at most every {@code fsync_interval}, and on segment roll and close. */
    INTERVAL,
    /** Force after every write batch: slowest, loses nothing acknowledged. */
    ALWAYS
}
