package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.ByteSlice;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The last update id seen per symbol of one source's book updates, checked against the venue's
 * {@link BookUpdateChain}: whether each update follows the one before it. A snapshot, and the
 * first update of a symbol since {@link #clear()}, start that symbol's chain.
 *
 * <p>An open-addressing table keyed by the symbol's bytes. It allocates only when a symbol is seen
 * for the first time (its key, and a larger table past half full); after that a check is a hash, a
 * compare and a store. At most {@link #MAX_SYMBOLS} symbols are followed; later ones are not
 * checked ({@link #untracked()}). Not thread-safe: one per source, on its I/O thread.
 */
final class BookChains {
    /** What {@link #check} returns when the update follows its symbol's chain (or is not checked). */
    static final long FOLLOWS = Long.MIN_VALUE;
    static final int MAX_SYMBOLS = 1 << 16;
    private static final int INITIAL_SLOTS = 64;

    private final BookUpdateChain rule;
    private byte[][] keys = new byte[INITIAL_SLOTS][];
    private long[] lastIds = new long[INITIAL_SLOTS];
    private int symbols;
    private long untracked;

    BookChains(BookUpdateChain rule) {
        this.rule = rule;
    }

    BookUpdateChain rule() {
        return rule;
    }

    /**
     * Records {@code book}'s last id for its symbol and returns {@link #FOLLOWS}, or, when the
     * update does not follow the previous one of its symbol, the first id it should have carried.
     * Updates without ids (a last id of 0 or less, or a first id of 0: no venue numbers from 0)
     * or without a symbol are not checked.
     */
    long check(BookFields book) {
        if (book.lastUpdateId <= 0 || !book.snapshot && book.firstUpdateId == 0 || book.symbol.length() == 0) {
            return FOLLOWS;
        }
        final ByteSlice symbol = book.symbol;
        final int hash = hash(symbol);
        final int mask = keys.length - 1;
        int slot = hash & mask;
        byte[] key;
        while ((key = keys[slot]) != null) {
            if (sameBytes(key, symbol)) {
                final long previous = lastIds[slot];
                lastIds[slot] = book.lastUpdateId;
                final long expected = rule.expectedFirstId(previous);
                return book.snapshot || book.firstUpdateId == expected ? FOLLOWS : expected;
            }
            slot = (slot + 1) & mask;
        }
        add(symbol, book.lastUpdateId, slot);
        return FOLLOWS;
    }

    /** Forgets every chain: a new connection starts them over. */
    void clear() {
        if (symbols > 0) {
            Arrays.fill(keys, null);
            symbols = 0;
        }
    }

    /** Symbols seen after {@link #MAX_SYMBOLS} were being followed, whose updates went unchecked. */
    long untracked() {
        return untracked;
    }

    private void add(ByteSlice symbol, long lastId, int freeSlot) {
        if (symbols >= MAX_SYMBOLS) {
            untracked++;
            return;
        }
        final byte[] key = new byte[symbol.length()];
        symbol.buffer().getBytes(symbol.offset(), key);
        keys[freeSlot] = key;
        lastIds[freeSlot] = lastId;
        symbols++;
        if (symbols * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        final byte[][] oldKeys = keys;
        final long[] oldIds = lastIds;
        keys = new byte[oldKeys.length * 2][];
        lastIds = new long[oldKeys.length * 2];
        final int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = hash(oldKeys[i]) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                lastIds[slot] = oldIds[i];
            }
        }
    }

    private static boolean sameBytes(byte[] key, ByteSlice symbol) {
        if (key.length != symbol.length()) {
            return false;
        }
        final DirectBuffer buffer = symbol.buffer();
        final int offset = symbol.offset();
        for (int i = 0; i < key.length; i++) {
            if (key[i] != buffer.getByte(offset + i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(ByteSlice symbol) {
        final DirectBuffer buffer = symbol.buffer();
        final int offset = symbol.offset();
        int h = 0;
        for (int i = 0; i < symbol.length(); i++) {
            h = 31 * h + buffer.getByte(offset + i);
        }
        return spread(h);
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
