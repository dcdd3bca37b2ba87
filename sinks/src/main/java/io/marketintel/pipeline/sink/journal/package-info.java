/**
 * The journal: a durable, append-only file record of the encoded envelope stream, written by
 * {@link io.marketintel.pipeline.sink.journal.JournalSink} (through
 * {@link io.marketintel.pipeline.sink.journal.JournalWriter}) and read back, once or as a
 * follower, by {@link io.marketintel.pipeline.sink.journal.JournalReader}.
 *
 * <h2>On-disk format, version 1</h2>
 *
 * <p>A journal is a directory of <em>segment</em> files named
 * {@code journal-<first record index, 20 digits zero-padded>.seg}, for example
 * {@code journal-00000000000000001000.seg} holds records 1000, 1001, ... Lexical order of the
 * names is record order. Other files in the directory are ignored. All integers are
 * little-endian.
 *
 * <pre>
 * segment := header record*
 * header  := magic "MIJ1" (4 ASCII bytes) | version int32 = 1
 * record  := length int32 (1 .. 64 MiB) | crc int32 (CRC-32C of the payload) | payload (length bytes)
 * </pre>
 *
 * <p>The payload is one encoded {@code marketintel.pipeline.v1.Envelope}. A record is never
 * empty: an all-zero region (what a file system may leave after a power loss) must not read
 * as valid records, and the CRC-32C of zero bytes is zero. A segment rolls when the next
 * record would make it exceed the configured {@code segmentBytes}; a record larger than a
 * segment goes alone into its own segment. The writer only ever appends: a segment is never
 * rewritten, and reopening a journal continues in a new segment whose first index is the
 * number of complete records already there. The one exception: a last segment without a
 * single complete record (a crash right after a roll) would share its name with the new
 * segment, so the writer deletes it if it holds no more than a header, and otherwise renames
 * it to {@code <name>.torn} for inspection.
 *
 * <h2>Torn tails and corruption</h2>
 *
 * <p>A record that fails its checks (partial length header, length outside 1 .. 64 MiB,
 * payload shorter than its length, CRC mismatch) is a <em>torn tail</em> when no valid record
 * can be found at any byte offset after it in the same segment: that is what a crash while
 * writing leaves. Readers stop cleanly before a torn tail; in follow mode they wait there,
 * because the writer may still be completing the record, and move on once a newer segment
 * appears (the writer seals a segment before it creates the next one). If a valid record
 * does follow a bad one, the damage is in the middle of the data, and readers throw
 * {@link io.marketintel.pipeline.sink.journal.JournalCorruptedException} naming the file and
 * byte offset rather than skip it. A wrong magic or version is reported the same way.
 */
package io.marketintel.pipeline.sink.journal;
