package io.marketintel.pipeline.sink.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable direct buffer holding a window of one file's bytes, refilled by positional reads
 * so that records are parsed and handed out in place. It grows only for a record larger than
 * itself, up to the format's record cap. Not thread-safe: owned by one reader.
 */
final class ReadWindow {
    static final int DEFAULT_CAPACITY = 1024 * 1024;
    private static final int MAX_CAPACITY = JournalFormat.MAX_RECORD_BYTES + JournalFormat.RECORD_HEADER_BYTES;

    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private ByteBuffer buffer;
    private long windowStart;
    private int windowLength;

    ReadWindow(int capacity) {
        allocate(capacity);
    }

    /** Forgets the bytes held: the next fill reads afresh (another file, or the same from 0). */
    void reset() {
        windowStart = 0;
        windowLength = 0;
    }

    /**
     * Makes {@code wanted} bytes from {@code filePosition} available, reading more if needed.
     *
     * @return how many of them are available (fewer at the end of the file)
     */
    int fill(FileChannel channel, long filePosition, int wanted) throws IOException {
        long have = windowStart + windowLength - filePosition;
        if (filePosition >= windowStart && have >= wanted) {
            return wanted;
        }
        if (filePosition >= windowStart && have > 0) {
            buffer.limit(windowLength).position((int) (filePosition - windowStart));
            buffer.compact();
            windowLength = (int) have;
        } else {
            windowLength = 0;
        }
        windowStart = filePosition;
        if (wanted > buffer.capacity()) {
            grow(wanted);
        }
        while (windowLength < wanted) {
            buffer.limit(buffer.capacity()).position(windowLength);
            int read = channel.read(buffer, windowStart + windowLength);
            if (read <= 0) {
                break;
            }
            windowLength += read;
        }
        return Math.min(wanted, windowLength);
    }

    int capacity() {
        return buffer.capacity();
    }

    /** The buffer index of a file position inside the window. */
    int index(long filePosition) {
        return (int) (filePosition - windowStart);
    }

    int intAt(long filePosition) {
        return view.getInt(index(filePosition), ByteOrder.LITTLE_ENDIAN);
    }

    /** CRC-32C of window bytes, computed in place. */
    int crc32c(long filePosition, int length) {
        int from = index(filePosition);
        buffer.limit(from + length).position(from);
        crc.reset();
        crc.update(buffer);
        return (int) crc.getValue();
    }

    UnsafeBuffer view() {
        return view;
    }

    private void grow(int wanted) {
        if (wanted > MAX_CAPACITY) {
            throw new IllegalArgumentException("read window: " + wanted + " bytes exceeds the record cap");
        }
        ByteBuffer old = buffer;
        allocate((int) Math.min(MAX_CAPACITY, Math.max(wanted, 2L * old.capacity())));
        old.limit(windowLength).position(0);
        buffer.put(old);
    }

    private void allocate(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
        view.wrap(buffer);
    }
}
