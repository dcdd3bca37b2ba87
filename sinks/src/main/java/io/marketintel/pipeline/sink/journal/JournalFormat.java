package io.marketintel.pipeline.sink.journal;

import java.nio.file.Path;

/**
 * The constants and file names of the journal's on-disk format (described in the package
 * documentation), shared by the writer, the reader and tools such as {@code pipeline tail}.
 * Stateless and thread-safe.
 */
public final class JournalFormat {
    /** "MIJ1" as it reads from the file as a little-endian int32. */
    public static final int MAGIC = 'M' | 'I' << 8 | 'J' << 16 | '1' << 24;
    public static final int VERSION = 1;
    public static final int SEGMENT_HEADER_BYTES = 8;
    public static final int RECORD_HEADER_BYTES = 8;
    /** Caps a record so that a garbage length never makes a reader allocate gigabytes. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".seg";
    private static final int INDEX_DIGITS = 20;

    private JournalFormat() {
    }

    /** The file name of the segment whose first record has index {@code firstRecordIndex}. */
    public static String segmentFileName(long firstRecordIndex) {
        if (firstRecordIndex < 0) {
            throw new IllegalArgumentException("firstRecordIndex: expected >= 0, got " + firstRecordIndex);
        }
        return PREFIX + String.format("%020d", firstRecordIndex) + SUFFIX;
    }

    /** Whether {@code fileName} is a segment name this format produces. */
    public static boolean isSegmentFileName(String fileName) {
        if (fileName.length() != PREFIX.length() + INDEX_DIGITS + SUFFIX.length()
                || !fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < PREFIX.length() + INDEX_DIGITS; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The index of the first record of {@code segment}, parsed from its name. */
    public static long firstRecordIndex(Path segment) {
        String name = segment.getFileName().toString();
        if (!isSegmentFileName(name)) {
            throw new IllegalArgumentException(segment + ": not a segment name, expected "
                    + PREFIX + "<20 digits>" + SUFFIX);
        }
        return Long.parseLong(name.substring(PREFIX.length(), PREFIX.length() + INDEX_DIGITS));
    }
}
