package io.marketintel.pipeline.sink.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Decides whether a bad record is a torn tail or corruption by looking for any valid record at
 * a later byte offset of the same file. A crash only ever damages the end of what was being
 * written, so a valid record after a bad one means the damage is in the middle. Every offset
 * is tried, not just the one the bad length points to, because the length itself may be the
 * damaged field. Runs only when a bad record is met, so it favours simplicity over speed; its
 * buffers are allocated on first use. Not thread-safe: owned by one reader.
 */
final class TailScanner {
    private static final int BLOCK_BYTES = 64 * 1024;
    private static final int MIN_RECORD_BYTES = JournalFormat.RECORD_HEADER_BYTES + 1;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer block;
    private ByteBuffer chunk;

    /**
     * @return the offset of the first valid record in {@code [from, size)} of the file, or -1
     */
    long findValidRecord(FileChannel channel, long from, long size) throws IOException {
        if (block == null) {
            block = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk = ByteBuffer.allocateDirect(16 * 1024);
        }
        long blockStart = from;
        while (size - blockStart >= MIN_RECORD_BYTES) {
            int blockLength = readFully(channel, block, blockStart, (int) Math.min(BLOCK_BYTES, size - blockStart));
            // Headers that start in the last 7 bytes of a block are examined in the next block.
            int lastHeader = blockLength - JournalFormat.RECORD_HEADER_BYTES;
            for (int i = 0; i <= lastHeader; i++) {
                long candidate = blockStart + i;
                int length = block.getInt(i);
                if (length > 0 && length <= JournalFormat.MAX_RECORD_BYTES
                        && candidate + JournalFormat.RECORD_HEADER_BYTES + length <= size
                        && crcOf(channel, candidate + JournalFormat.RECORD_HEADER_BYTES, length) == block.getInt(i + 4)) {
                    return candidate;
                }
            }
            if (blockLength < BLOCK_BYTES) {
                break;
            }
            blockStart += lastHeader + 1;
        }
        return -1;
    }

    private int crcOf(FileChannel channel, long position, int length) throws IOException {
        crc.reset();
        long done = 0;
        while (done < length) {
            int n = readFully(channel, chunk, position + done, (int) Math.min(chunk.capacity(), length - done));
            if (n == 0) {
                break;
            }
            chunk.limit(n).position(0);
            crc.update(chunk);
            done += n;
        }
        return (int) crc.getValue();
    }

    private static int readFully(FileChannel channel, ByteBuffer into, long position, int length) throws IOException {
        into.clear().limit(length);
        while (into.hasRemaining()) {
            if (channel.read(into, position + into.position()) <= 0) {
                break;
            }
        }
        return into.position();
    }
}
