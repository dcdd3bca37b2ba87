package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.DecimalParseResult;
import io.marketintel.pipeline.codec.DecimalParser;
import io.marketintel.pipeline.codec.MutableDecimal;
import io.marketintel.pipeline.codec.Side;
import io.marketintel.pipeline.codec.Utf8Text;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/**
 * The market-data entries (NoMDEntries 268) of one 35=W or 35=X, checked and parsed into
 * pre-allocated columns before anything is emitted: a bad entry then makes the whole message
 * malformed instead of leaving half of it published. {@link MarketDataReader} feeds the fields of
 * each entry as it walks the message ({@link #startEntry}, {@link #field}, {@link #endEntry});
 * values are parsed once the entry is complete, because what is required depends on its type and
 * action, which need not come first. Symbols and ids stay offsets into the frame (zero copy).
 *
 * <p>Not thread-safe: part of one {@link FixMarketDataDecoder}.
 */
final class MarketDataEntries {
    static final byte BID = 1;
    static final byte ASK = 2;
    static final byte TRADE = 3;
    /** An entry type or action with no canonical meaning (opening price, delete-thru, no type…): counted. */
    static final byte SKIP = 0;

    // Slots of the fields an entry is read for; offsets of the current entry, -1 = not sent.
    private static final int TYPE = 0;
    private static final int ACTION = 1;
    private static final int SYMBOL = 2;
    private static final int PRICE = 3;
    private static final int SIZE = 4;
    private static final int RPT_SEQ = 5;
    private static final int TRADE_ID = 6;
    private static final int ENTRY_ID = 7;
    private static final int AGGRESSOR = 8;
    private static final int SLOTS = 9;

    private final int[] fieldOffsets = new int[SLOTS];
    private final int[] fieldLengths = new int[SLOTS];
    private final FixLongParser longs = new FixLongParser();

    private final byte[] kinds;
    private final int[] symbolOffsets;
    private final int[] symbolLengths;
    private final int[] tradeIdOffsets;
    private final int[] tradeIdLengths;
    private final long[] rptSeqs;
    private final Side[] aggressorSides;
    private final MutableDecimal[] prices;
    private final MutableDecimal[] sizes;
    private int count;
    private int skipped;
    /** MDEntryType came twice in the current entry, or in the one before it. */
    private boolean typeRepeated;
    private boolean typeRepeatedBefore;

    MarketDataEntries(int capacity) {
        kinds = new byte[capacity];
        symbolOffsets = new int[capacity];
        symbolLengths = new int[capacity];
        tradeIdOffsets = new int[capacity];
        tradeIdLengths = new int[capacity];
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

    int capacity() {
        return kinds.length;
    }

    /** Forgets the entries of the previous message. */
    void clear() {
        count = 0;
        skipped = 0;
        typeRepeated = false;
    }

    /** The next fields belong to a new entry (its delimiter is the first of them). */
    void startEntry() {
        Arrays.fill(fieldOffsets, -1);
        typeRepeatedBefore = typeRepeated;
        typeRepeated = false;
    }

    /** One field of the current entry; the first occurrence of a tag wins, unknown tags are ignored. */
    void field(int tag, int valueOffset, int valueLength) {
        final int slot = switch (tag) {
            case FixTags.MD_UPDATE_ACTION -> ACTION;
            case FixTags.MD_ENTRY_TYPE -> TYPE;
            case FixTags.SYMBOL -> SYMBOL;
            case FixTags.MD_ENTRY_PX -> PRICE;
            case FixTags.MD_ENTRY_SIZE -> SIZE;
            case FixTags.RPT_SEQ -> RPT_SEQ;
            case FixTags.TRADE_ID -> TRADE_ID;
            case FixTags.MD_ENTRY_ID -> ENTRY_ID;
            case FixTags.AGGRESSOR_SIDE -> AGGRESSOR;
            default -> -1;
        };
        if (slot >= 0) {
            if (fieldOffsets[slot] < 0) {
                fieldOffsets[slot] = valueOffset;
                fieldLengths[slot] = valueLength;
            } else if (slot == TYPE) {
                typeRepeated = true;
            }
        }
    }

    /**
     * Checks and parses the current entry into the next row.
     *
     * @param incremental true for 35=X (an action per entry), false for 35=W (all are new)
     * @param topSymbolOffset offset of the top-level Symbol, -1 when the message has none
     * @return NONE, or why the entry (and so the message) is malformed
     */
    FixMalformedReason endEntry(DirectBuffer buffer, boolean incremental, int topSymbolOffset, int topSymbolLength) {
        final int i = count++;
        final char action = incremental ? charAt(buffer, ACTION) : '0';
        if (action == '\0') {
            return FixMalformedReason.BAD_ENTRY_TYPE;
        }
        if (incremental && fieldOffsets[TYPE] < 0) {
            if (typeRepeatedBefore) {
                // Its MDEntryType came before its delimiter and so landed in the entry before,
                // which has two: the group's members are out of order, not an entry without a type.
                return FixMalformedReason.BAD_ENTRY_TYPE;
            }
            // MDEntryType is optional in an incremental refresh (FIX 4.4: required="N"), and a
            // delete by MDEntryID commonly leaves it out; without it there is no side or trade to
            // map the entry to (nothing is kept to look the id up).
            kinds[i] = SKIP;
            skipped++;
            return FixMalformedReason.NONE;
        }
        final char type = charAt(buffer, TYPE);
        if (type == '\0') {
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
            skipped++;
            return FixMalformedReason.NONE;
        }
        final boolean ownSymbol = fieldOffsets[SYMBOL] >= 0;
        symbolOffsets[i] = ownSymbol ? fieldOffsets[SYMBOL] : topSymbolOffset;
        symbolLengths[i] = ownSymbol ? fieldLengths[SYMBOL] : topSymbolLength;
        if (symbolOffsets[i] < 0) {
            return FixMalformedReason.MISSING_SYMBOL;
        }
        if (!Utf8Text.isValid(buffer, symbolOffsets[i], symbolLengths[i])) {
            return FixMalformedReason.NOT_UTF8;
        }
        final FixValueStatus price = decimalAt(buffer, PRICE, prices[i]);
        if (price == FixValueStatus.MISSING && delete) {
            kinds[i] = SKIP; // a delete by MDEntryID alone has no price level to express it
            skipped++;
            return FixMalformedReason.NONE;
        }
        if (price != FixValueStatus.OK) {
            return FixMalformedReason.BAD_PRICE;
        }
        final FixValueStatus size = decimalAt(buffer, SIZE, sizes[i]);
        if (delete) {
            sizes[i].set(0, 0);
        } else if (size == FixValueStatus.MALFORMED || size == FixValueStatus.OVERFLOW
                || (size == FixValueStatus.MISSING && kind != TRADE)) {
            return FixMalformedReason.BAD_SIZE;
        }
        rptSeqs[i] = rptSeq(buffer);
        final int idSlot = fieldOffsets[TRADE_ID] >= 0 ? TRADE_ID : ENTRY_ID;
        tradeIdOffsets[i] = fieldOffsets[idSlot];
        tradeIdLengths[i] = fieldLengths[idSlot];
        // Published (as trade_id, a protobuf string) for trades only: a book entry's MDEntryID is not.
        if (kind == TRADE && tradeIdOffsets[i] >= 0 && !Utf8Text.isValid(buffer, tradeIdOffsets[i], tradeIdLengths[i])) {
            return FixMalformedReason.NOT_UTF8;
        }
        final char aggressor = charAt(buffer, AGGRESSOR);
        aggressorSides[i] = aggressor == '1' ? Side.BUY : aggressor == '2' ? Side.SELL : Side.UNSPECIFIED;
        return FixMalformedReason.NONE;
    }

    /** A one-character value, {@code '\0'} when missing or longer. */
    private char charAt(DirectBuffer buffer, int slot) {
        return fieldOffsets[slot] >= 0 && fieldLengths[slot] == 1
                ? (char) (buffer.getByte(fieldOffsets[slot]) & 0xFF) : '\0';
    }

    private FixValueStatus decimalAt(DirectBuffer buffer, int slot, MutableDecimal out) {
        if (fieldOffsets[slot] < 0) {
            out.clear();
            return FixValueStatus.MISSING;
        }
        final DecimalParseResult result = DecimalParser.parse(buffer, fieldOffsets[slot], fieldLengths[slot], out);
        return switch (result) {
            case OK -> FixValueStatus.OK;
            case OVERFLOW -> FixValueStatus.OVERFLOW;
            case EMPTY, MALFORMED -> FixValueStatus.MALFORMED;
        };
    }

    /** RptSeq (83), 0 when absent or not a number. */
    private long rptSeq(DirectBuffer buffer) {
        if (fieldOffsets[RPT_SEQ] < 0) {
            return 0;
        }
        final long value = longs.parse(buffer, fieldOffsets[RPT_SEQ], fieldLengths[RPT_SEQ]);
        return longs.status() == FixValueStatus.OK ? value : 0;
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

    int symbolOffset(int i) {
        return symbolOffsets[i];
    }

    int symbolLength(int i) {
        return symbolLengths[i];
    }

    /** Offset of TradeID (1003) or else MDEntryID (278); -1 when neither was sent. */
    int tradeIdOffset(int i) {
        return tradeIdOffsets[i];
    }

    int tradeIdLength(int i) {
        return tradeIdLengths[i];
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
