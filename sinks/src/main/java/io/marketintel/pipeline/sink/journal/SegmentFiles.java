package io.marketintel.pipeline.sink.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lists the segment files of a journal directory in record order. Stateless. */
final class SegmentFiles {
    private SegmentFiles() {
    }

    /** Every segment in {@code directory}, in record order (lexical order of the names). */
    static List<Path> list(Path directory) {
        List<Path> segments = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (JournalFormat.isSegmentFileName(entry.getFileName().toString())) {
                    segments.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal directory " + directory + ": " + e, e);
        }
        segments.sort(null);
        return segments;
    }

    /** The first segment after {@code current} in record order, or null if there is none yet. */
    static Path nextAfter(Path directory, Path current) {
        String currentName = current == null ? null : current.getFileName().toString();
        Path next = null;
        for (Path segment : list(directory)) {
            String name = segment.getFileName().toString();
            if (currentName == null || name.compareTo(currentName) > 0) {
                next = segment;
                break;
            }
        }
        return next;
    }
}
