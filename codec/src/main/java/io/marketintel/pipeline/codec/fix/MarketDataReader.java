package io.marketintel.pipeline.codec.fix;

import org.agrona.DirectBuffer;

/**
 * Reads a 35=W or 35=X in one forward pass over its fields, acting on each as the {@link
 * FixFieldReader} returns it: the header fields every event carries (first occurrence before
 * NoMDEntries 268 wins: MsgSeqNum 34, SendingTime 52, TransactTime 60, the top-level Symbol 55),
 * then the entries of the NoMDEntries group, cut at each delimiter (279 in an incremental refresh,
 * 269 in a snapshot) and handed to {@link MarketDataEntries}. No index of the fields is built and
 * nothing is read twice.
 *
 * <p>The group is checked as a whole, with the outcome decided at the end of the message so that
 * it is the same whatever the order of the problems: a field that does not parse is {@code
 * UNPARSEABLE}; a missing or bad count, a count that is not the number of delimiters, or a first
 * field that is not the delimiter is {@code BAD_ENTRIES}; more entries than can be emitted is
 * {@code TOO_MANY_ENTRIES}; else the first bad entry's reason. Without a data dictionary the end
 * of the last entry is not known: it runs to the end of the message.
 *
 * <p>Allocation-free. Not thread-safe: part of one {@link FixMarketDataDecoder}.
 */
final class MarketDataReader {
    private final FixLongParser longs = new FixLongParser();
    private final MarketDataEntries entries;

    private int seqOffset;
    private int seqLength;
    private int sendingOffset;
    private int sendingLength;
    private int transactOffset;
    private int transactLength;
    private int topSymbolOffset;
    private int topSymbolLength;

    MarketDataReader(MarketDataEntries entries) {
        this.entries = entries;
    }

    MarketDataEntries entries() {
        return entries;
    }

    /**
     * Reads the rest of the message from where {@code fields} stands.
     *
     * @param incremental true for 35=X, false for 35=W
     * @param maxEntries the most entries the caller can emit (its book payload's levels)
     * @return NONE, or why the message is malformed
     */
    FixMalformedReason read(FixFieldReader fields, boolean incremental, int maxEntries) {
        entries.clear();
        final int tag = readHeader(fields);
        if (tag != FixTags.NO_MD_ENTRIES) {
            return tag == FixFieldReader.END ? FixMalformedReason.BAD_ENTRIES : unreadable(tag);
        }
        return readEntries(fields, incremental ? FixTags.MD_UPDATE_ACTION : FixTags.MD_ENTRY_TYPE, incremental,
                maxEntries);
    }

    /**
     * Reads the header fields up to NoMDEntries (or the end, for other messages).
     *
     * @return {@link FixTags#NO_MD_ENTRIES} with {@code fields} on it, or what ended the walk
     */
    int readHeader(FixFieldReader fields) {
        seqOffset = sendingOffset = transactOffset = topSymbolOffset = -1;
        int tag;
        while ((tag = fields.next()) >= 0 && tag != FixTags.NO_MD_ENTRIES) {
            switch (tag) {
                case FixTags.MSG_SEQ_NUM -> {
                    if (seqOffset < 0) {
                        seqOffset = fields.valueOffset();
                        seqLength = fields.valueLength();
                    }
                }
                case FixTags.SENDING_TIME -> {
                    if (sendingOffset < 0) {
                        sendingOffset = fields.valueOffset();
                        sendingLength = fields.valueLength();
                    }
                }
                case FixTags.TRANSACT_TIME -> {
                    if (transactOffset < 0) {
                        transactOffset = fields.valueOffset();
                        transactLength = fields.valueLength();
                    }
                }
                case FixTags.SYMBOL -> {
                    if (topSymbolOffset < 0) {
                        topSymbolOffset = fields.valueOffset();
                        topSymbolLength = fields.valueLength();
                    }
                }
                default -> { }
            }
        }
        return tag;
    }

    private FixMalformedReason readEntries(FixFieldReader fields, int delimiter, boolean incremental, int maxEntries) {
        final DirectBuffer buffer = fields.buffer();
        final long declared = longs.parse(buffer, fields.valueOffset(), fields.valueLength());
        final boolean countValid = longs.status() == FixValueStatus.OK && declared >= 0 && declared <= Integer.MAX_VALUE;
        final int limit = Math.min(entries.capacity(), maxEntries);
        // Past the limit the entries are only counted: the count decides between BAD and TOO_MANY.
        final boolean load = countValid && declared <= limit;
        FixMalformedReason firstBadEntry = FixMalformedReason.NONE;
        boolean startsRight = declared == 0;
        boolean inEntry = false;
        long delimiters = 0;
        int groupFields = 0;
        int tag;
        while ((tag = fields.next()) >= 0) {
            if (tag == delimiter) {
                if (inEntry) {
                    firstBadEntry = endEntry(buffer, incremental, firstBadEntry);
                }
                startsRight |= groupFields == 0;
                delimiters++;
                inEntry = load && firstBadEntry == FixMalformedReason.NONE && delimiters <= declared;
                if (inEntry) {
                    entries.startEntry();
                }
            }
            if (inEntry) {
                entries.field(tag, fields.valueOffset(), fields.valueLength());
            }
            groupFields++;
        }
        if (tag != FixFieldReader.END) {
            return unreadable(tag);
        }
        if (inEntry) {
            firstBadEntry = endEntry(buffer, incremental, firstBadEntry);
        }
        if (!countValid || delimiters != declared || !startsRight) {
            return FixMalformedReason.BAD_ENTRIES;
        }
        if (declared > limit) {
            return FixMalformedReason.TOO_MANY_ENTRIES;
        }
        return firstBadEntry;
    }

    private FixMalformedReason endEntry(DirectBuffer buffer, boolean incremental, FixMalformedReason firstBadEntry) {
        final FixMalformedReason reason = entries.endEntry(buffer, incremental, topSymbolOffset, topSymbolLength);
        return firstBadEntry == FixMalformedReason.NONE ? reason : firstBadEntry;
    }

    private static FixMalformedReason unreadable(int readerResult) {
        return readerResult == FixFieldReader.TOO_MANY_FIELDS
                ? FixMalformedReason.TOO_MANY_FIELDS : FixMalformedReason.UNPARSEABLE;
    }

    /** MsgSeqNum (34), 0 when absent or not a number. */
    long sourceSeq(DirectBuffer buffer) {
        if (seqOffset < 0) {
            return 0;
        }
        final long seq = longs.parse(buffer, seqOffset, seqLength);
        return longs.status() == FixValueStatus.OK ? seq : 0;
    }

    /** TransactTime (60) when valid (the venue's event time), else SendingTime (52), else 0. */
    long exchangeTimeNs(DirectBuffer buffer) {
        final long transact = timestamp(buffer, transactOffset, transactLength);
        if (transact != FixTimestamps.INVALID) {
            return transact;
        }
        final long sending = timestamp(buffer, sendingOffset, sendingLength);
        return sending != FixTimestamps.INVALID ? sending : 0;
    }

    private static long timestamp(DirectBuffer buffer, int offset, int length) {
        return offset < 0 ? FixTimestamps.INVALID : FixTimestamps.parseUtcTimestamp(buffer, offset, length);
    }

    int topSymbolOffset() {
        return topSymbolOffset;
    }

    int topSymbolLength() {
        return topSymbolLength;
    }
}
