package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Side;

/**
 * The market-data entries (NoMDEntries 268) of one 35=W or 35=X, checked and parsed once into
 * pre-allocated columns before anything is emitted: a bad entry then makes the whole message
 * malformed instead of leaving half of it published. Symbols and ids stay field indexes into the
 * view (zero copy).
 *
 * <p>Not thread-safe: part of one {@link FixMarketDataDecoder}.
 */
final class MarketDataEntries {
    static final byte BID = 1;
    static final byte ASK = 2;
    static final byte TRADE = 3;
    /** An entry type or action with no canonical meaning (opening price, delete-thru…): counted. */
    static final byte SKIP = 0;

    private final FixGroupCursor cursor = new FixGroupCursor();
    private final byte[] kinds;
    private final int[] symbolIndexes;
    private final int[] tradeIdIndexes;
    private final long[] rptSeqs;
    private final Side[] aggressorSides;
    private final MutableDecimal[] prices;
    private final MutableDecimal[] sizes;
    private int count;
    private int skipped;

    // Field indexes of the current entry, found in one pass (first occurrence wins, -1 = absent).
    private int typeAt;
    private int actionAt;
    private int symbolAt;
    private int priceAt;
    private int sizeAt;
    private int rptSeqAt;
    private int tradeIdAt;
    private int entryIdAt;
    private int aggressorAt;

    MarketDataEntries(int capacity) {
        kinds = new byte[capacity];
        symbolIndexes = new int[capacity];
        tradeIdIndexes = new int[capacity];
        rptSeqs = new long[capacity];
        aggressorSides = new Side[capacity];
        prices = decimals(capacity);
        sizes = decimals(capacity);
    }

    private static MutableDecimal[] decimals(int n) {
        final MutableDecimal[] array = new MutableDecimal[n];
        for (int i = 0; i < n; i++) {
            array[i] = new MutableDecimal();
        }
        return array;
    }

    /**
     * Loads the entries of the message in {@code view}.
     *
     * @param countIndex field index of NoMDEntries, -1 when absent
     * @param topSymbol field index of the top-level Symbol, -1 when absent
     * @param incremental true for 35=X (entries start at 279), false for 35=W (at 269)
     * @param maxEntries the most entries the caller can emit (its book payload's levels)
     */
    FixMalformedReason load(FixMessageView view, int countIndex, int topSymbol, boolean incremental, int maxEntries) {
        count = 0;
        skipped = 0;
        final int delimiter = incremental ? FixTags.MD_UPDATE_ACTION : FixTags.MD_ENTRY_TYPE;
        if (view.groupAt(countIndex, delimiter, cursor) != FixValueStatus.OK) {
            return FixMalformedReason.BAD_ENTRIES;
        }
        if (cursor.entryCount() > Math.min(kinds.length, maxEntries)) {
            return FixMalformedReason.TOO_MANY_ENTRIES;
        }
        while (cursor.next()) {
            final FixMalformedReason reason = loadEntry(view, incremental, topSymbol, count);
            if (reason != FixMalformedReason.NONE) {
                return reason;
            }
            if (kinds[count] == SKIP) {
                skipped++;
            }
            count++;
        }
        return FixMalformedReason.NONE;
    }

    /** One pass over the entry's fields instead of a lookup per tag: entries are read field by field. */
    private void locateFields(FixMessageView view) {
        typeAt = actionAt = symbolAt = priceAt = sizeAt = rptSeqAt = tradeIdAt = entryIdAt = aggressorAt = -1;
        for (int k = cursor.entryEnd() - 1; k >= cursor.entryStart(); k--) {
            switch (view.tagAt(k)) {
                case FixTags.MD_ENTRY_TYPE -> typeAt = k;
                case FixTags.MD_UPDATE_ACTION -> actionAt = k;
                case FixTags.SYMBOL -> symbolAt = k;
                case FixTags.MD_ENTRY_PX -> priceAt = k;
                case FixTags.MD_ENTRY_SIZE -> sizeAt = k;
                case FixTags.RPT_SEQ -> rptSeqAt = k;
                case FixTags.TRADE_ID -> tradeIdAt = k;
                case FixTags.MD_ENTRY_ID -> entryIdAt = k;
                case FixTags.AGGRESSOR_SIDE -> aggressorAt = k;
                default -> { }
            }
        }
    }

    private FixMalformedReason loadEntry(FixMessageView view, boolean incremental, int topSymbol, int i) {
        locateFields(view);
        final char type = view.charAt(typeAt);
        final char action = incremental ? view.charAt(actionAt) : '0';
        if (type == '\0' || action == '\0') {
            return FixMalformedReason.BAD_ENTRY_TYPE;
        }
        // 5 = overlay replaces a level like a change; 3/4 (delete thru/from) have no level form.
        final boolean delete = action == '2';
        final boolean upsert = action == '0' || action == '1' || action == '5';
        byte kind = switch (type) {
            case '0' -> BID;
            case '1' -> ASK;
            case '2' -> TRADE;
            default -> SKIP;
        };
        if ((kind == TRADE && action != '0') || (kind != TRADE && !delete && !upsert)) {
            kind = SKIP;
        }
        kinds[i] = kind;
        if (kind == SKIP) {
            return FixMalformedReason.NONE;
        }
        symbolIndexes[i] = symbolAt >= 0 ? symbolAt : topSymbol;
        if (symbolIndexes[i] < 0) {
            return FixMalformedReason.MISSING_SYMBOL;
        }
        final FixValueStatus price = view.decimalAt(priceAt, prices[i]);
        if (price == FixValueStatus.MISSING && delete) {
            kinds[i] = SKIP; // a delete by MDEntryID alone has no price level to express it
            return FixMalformedReason.NONE;
        }
        if (price != FixValueStatus.OK) {
            return FixMalformedReason.BAD_PRICE;
        }
        final FixValueStatus size = view.decimalAt(sizeAt, sizes[i]);
        if (delete) {
            sizes[i].set(0, 0);
        } else if (size == FixValueStatus.MALFORMED || size == FixValueStatus.OVERFLOW
                || (size == FixValueStatus.MISSING && kind != TRADE)) {
            return FixMalformedReason.BAD_SIZE;
        }
        final long rptSeq = view.longAt(rptSeqAt);
        rptSeqs[i] = view.status() == FixValueStatus.OK ? rptSeq : 0;
        tradeIdIndexes[i] = tradeIdAt >= 0 ? tradeIdAt : entryIdAt;
        final char aggressor = view.charAt(aggressorAt);
        aggressorSides[i] = aggressor == '1' ? Side.BUY : aggressor == '2' ? Side.SELL : Side.UNSPECIFIED;
        return FixMalformedReason.NONE;
    }

    int count() {
        return count;
    }

    /** Entries of a type or action that maps to nothing canonical, in the last message. */
    int skipped() {
        return skipped;
    }

    byte kind(int i) {
        return kinds[i];
    }

    int symbolIndex(int i) {
        return symbolIndexes[i];
    }

    /** Field index of TradeID (1003) or else MDEntryID (278); -1 when neither. */
    int tradeIdIndex(int i) {
        return tradeIdIndexes[i];
    }

    /** RptSeq (83) of the entry, 0 when absent. */
    long rptSeq(int i) {
        return rptSeqs[i];
    }

    Side aggressorSide(int i) {
        return aggressorSides[i];
    }

    MutableDecimal price(int i) {
        return prices[i];
    }

    MutableDecimal size(int i) {
        return sizes[i];
    }
}
