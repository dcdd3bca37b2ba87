package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.ByteSlice;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The last update id seen per book (a symbol on a channel, {@link BookFields#channel}) of one
 * source's book updates, checked against the venue's {@link BookUpdateChain}: whether each update
 * follows the one before it. A snapshot, and the first update of a book since {@link #clear()},
 * start that book's chain.
 *
 * <p>An open-addressing table keyed by the channel's and the symbol's bytes. It allocates only
 * when a book is seen for the first time on the source (its key, and a larger table past half
 * full); after that a check is a hash, a compare and a store, and {@link #clear()} keeps the keys
 * (a new connection's books are mostly the same). At most {@link #MAX_BOOKS} books are followed:
 * when that many are known, the books not seen on the current connection are forgotten (expired
 * instruments: OKX lists options daily), and only if every one was seen on it are the new book's
 * updates left unchecked ({@link #UNTRACKED}, counted by the source as {@code
 * uncheckedBookUpdates}). Not thread-safe: one per source, on its I/O thread.
 */
final class BookChains {
    /** What {@link #check} returns when the update follows its symbol's chain (or is not checked). */
    static final long FOLLOWS = Long.MIN_VALUE;
    /** What {@link #check} returns for an update of a book it has no room to follow: not checked. */
    static final long UNTRACKED = Long.MIN_VALUE + 1;
    static final int MAX_BOOKS = 1 << 16;
    private static final int INITIAL_SLOTS = 64;

    private final BookUpdateChain rule;
    /** Per slot: the channel's bytes, a 0 byte, the symbol's bytes; null for a free slot. */
    private byte[][] keys = new byte[INITIAL_SLOTS][];
    private long[] lastIds = new long[INITIAL_SLOTS];
    /** Per slot: the {@link #generation} its last id was seen in; an older one starts the chain over. */
    private int[] seenIn = new int[INITIAL_SLOTS];
    private int generation = 1;
    private int books;

    private final int maxBooks;

    BookChains(BookUpdateChain rule) {
        this(rule, MAX_BOOKS);
    }

    /** @param maxBooks how many books are followed at most (tests use a few) */
    BookChains(BookUpdateChain rule, int maxBooks) {
        this.rule = rule;
        this.maxBooks = maxBooks;
    }

    BookUpdateChain rule() {
        return rule;
    }

    /**
     * Records {@code book}'s last id for its symbol and returns {@link #FOLLOWS}, or, when the
     * update does not follow the previous one of its symbol, the first id it should have carried,
     * or {@link #UNTRACKED} for a new book when the table is full of books seen on this connection.
     * Updates without ids (a last id of 0 or less, or a first id of 0: no venue numbers from 0)
     * or without a symbol are not checked.
     */
    long check(BookFields book) {
        if (book.lastUpdateId <= 0 || !book.snapshot && book.firstUpdateId == 0 || book.symbol.length() == 0) {
            return FOLLOWS;
        }
        final int hash = hash(book.channel, book.symbol);
        final int mask = keys.length - 1;
        int slot = hash & mask;
        byte[] key;
        while ((key = keys[slot]) != null) {
            if (sameKey(key, book.channel, book.symbol)) {
                final long previous = lastIds[slot];
                final boolean chained = seenIn[slot] == generation;
                lastIds[slot] = book.lastUpdateId;
                seenIn[slot] = generation;
                final long expected = rule.expectedFirstId(previous);
                return !chained || book.snapshot || book.firstUpdateId == expected ? FOLLOWS : expected;
            }
            slot = (slot + 1) & mask;
        }
        return add(book, slot) ? FOLLOWS : UNTRACKED;
    }

    /** Starts every chain over (a new connection), keeping the books' keys. */
    void clear() {
        generation++;
    }

    /** Starts following {@code book} in {@code freeSlot}; false when there is no room for it. */
    private boolean add(BookFields book, int freeSlot) {
        if (books >= maxBooks) {
            forgetBooksNotSeenOnThisConnection();
            if (books >= maxBooks) {
                return false;
            }
            freeSlot = freeSlotOf(book);
        }
        final int channelLength = book.channel.length();
        final byte[] key = new byte[channelLength + 1 + book.symbol.length()];
        if (channelLength > 0) {
            book.channel.buffer().getBytes(book.channel.offset(), key, 0, channelLength);
        }
        book.symbol.buffer().getBytes(book.symbol.offset(), key, channelLength + 1, book.symbol.length());
        keys[freeSlot] = key;
        lastIds[freeSlot] = book.lastUpdateId;
        seenIn[freeSlot] = generation;
        books++;
        if (books * 2 > keys.length) {
            grow();
        }
        return true;
    }

    /** Rebuilds the table with the books seen since the last {@link #clear()} only. */
    private void forgetBooksNotSeenOnThisConnection() {
        rehash(keys.length, true);
    }

    private void grow() {
        rehash(keys.length * 2, false);
    }

    /** Moves the books (those seen on this connection only, or all) into a table of {@code slots}. */
    private void rehash(int slots, boolean onlyThisConnection) {
        final byte[][] oldKeys = keys;
        final long[] oldIds = lastIds;
        final int[] oldSeen = seenIn;
        keys = new byte[slots][];
        lastIds = new long[slots];
        seenIn = new int[slots];
        books = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null && (!onlyThisConnection || oldSeen[i] == generation)) {
                final int slot = freeSlot(hash(oldKeys[i]));
                keys[slot] = oldKeys[i];
                lastIds[slot] = oldIds[i];
                seenIn[slot] = oldSeen[i];
                books++;
            }
        }
    }

    /** The free slot where {@code book}, known to be absent, goes. */
    private int freeSlotOf(BookFields book) {
        return freeSlot(hash(book.channel, book.symbol));
    }

    /** The first free slot from the one of {@code hash} on (linear probing; the table is at most half full). */
    private int freeSlot(int hash) {
        final int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static boolean sameKey(byte[] key, ByteSlice channel, ByteSlice symbol) {
        final int channelLength = channel.length();
        if (key.length != channelLength + 1 + symbol.length() || key[channelLength] != 0) {
            return false;
        }
        return sameBytes(key, 0, channel) && sameBytes(key, channelLength + 1, symbol);
    }

    private static boolean sameBytes(byte[] key, int at, ByteSlice slice) {
        final DirectBuffer buffer = slice.buffer();
        final int offset = slice.offset();
        for (int i = 0; i < slice.length(); i++) {
            if (key[at + i] != buffer.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** The same hash as {@link #hash(byte[])} gives the stored key: the channel, a 0 byte, the symbol. */
    private static int hash(ByteSlice channel, ByteSlice symbol) {
        final int beforeSeparator = hashOf(0, channel);
        return spread(hashOf(31 * beforeSeparator, symbol)); // 31 * h + the 0 byte
    }

    private static int hashOf(int h, ByteSlice slice) {
        final DirectBuffer buffer = slice.buffer();
        final int offset = slice.offset();
        for (int i = 0; i < slice.length(); i++) {
            h = 31 * h + buffer.getByte(offset + i);
        }
        return h;
    }

    private static int hash(byte[] key) {
        int h = 0;
        for (byte b : key) {
            h = 31 * h + b;
        }
        return spread(h);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
