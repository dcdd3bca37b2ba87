package io.marketintel.pipeline.config;

/** What happens to venue data that maps to nothing canonical: never dropped silently. */
public enum UnmappedPolicy {
    /** Publish it as a {@code Raw} payload (bytes plus the format name). */
    RAW,
    /** Count it as skipped (and log the first few). */
    SKIP
}
