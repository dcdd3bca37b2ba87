package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.FixFields;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.TradeFields;
import org.agrona.DirectBuffer;

/**
 * Maps one validated FIX frame (from {@link FixFramer}) to canonical events, reading the bytes in
 * place through a {@link FixMessageView}:
 *
 * <ul>
 *   <li>35=W snapshot: one {@code BookUpdate} (snapshot, Symbol 55 of the top level; bids from
 *       269=0, asks from 269=1), then one {@code Trade} per 269=2 entry;
 *   <li>35=X incremental: per symbol, in order of first appearance, one {@code BookUpdate} (not a
 *       snapshot) with a level per bid/offer entry (279=0/1/5 with its size, 279=2 with size 0);
 *       a {@code Trade} for each 279=0 trade entry, at its place in the message; Symbol is read
 *       from the entry, else from the top level;
 *   <li>35=Y and session messages (0, 1, 2, 3, 4, 5, A): {@code CONTROL}, for the session layer;
 *       other application messages: {@code UNMAPPED}.
 * </ul>
 *
 * <p>With {@code emitFixMessages}, every application message (W, X and Y included) is also
 * handed over as a {@code FixMessage} with all its fields in wire order, after its canonical
 * events, and the outcome is {@code DATA}. Every event carries MsgSeqNum (34) as {@code
 * sourceSeq} and, as {@code exchangeTimeNs}, TransactTime (60) when the top level has it (the
 * venue's event time, FIX 5.0) else SendingTime (52). Per-entry MDEntryTime (273) is not used: it
 * is a time of day without a date, and one envelope has one time. BookUpdate first/last update
 * ids are the RptSeq (83) of its first and last entries when sent. Entries with no canonical
 * form (other entry types, delete-thru, deletes without a price) are skipped and counted in
 * {@link #skippedEntries()}; a bad required value makes the message {@code MALFORMED} before
 * anything is emitted, with {@link #lastMalformedReason()}.
 *
 * <p>Allocation-free per frame after construction. Not thread-safe: one instance per source, on
 * its I/O thread.
 */
public final class FixMarketDataDecoder implements MessageDecoder {
    public static final int DEFAULT_MAX_ENTRIES = BookFields.DEFAULT_MAX_LEVELS;

    private final boolean emitFixMessages;
    private final FixMessageView view;
    private final MarketDataEntries entries;
    private final boolean[] emitted;
    private FixMalformedReason lastMalformedReason = FixMalformedReason.NONE;
    private long skippedEntries;
    private long sourceSeq;
    private long exchangeTimeNs;
    private int topSymbolAt;
    private int countAt;

    public FixMarketDataDecoder() {
        this(false);
    }

    public FixMarketDataDecoder(boolean emitFixMessages) {
        this(FixMessageView.DEFAULT_MAX_FIELDS, DEFAULT_MAX_ENTRIES, emitFixMessages);
    }

    public FixMarketDataDecoder(int maxFields, int maxEntries, boolean emitFixMessages) {
        this.emitFixMessages = emitFixMessages;
        this.view = new FixMessageView(maxFields);
        this.entries = new MarketDataEntries(maxEntries);
        this.emitted = new boolean[maxEntries];
    }

    /** Why the last {@code MALFORMED} outcome was given; {@code NONE} otherwise. */
    public FixMalformedReason lastMalformedReason() {
        return lastMalformedReason;
    }

    /** Running count of market-data entries that mapped to nothing canonical. */
    public long skippedEntries() {
        return skippedEntries;
    }

    @Override
    public DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        lastMalformedReason = FixMalformedReason.NONE;
        final FixWrapResult wrapped = view.wrap(buffer, offset, length);
        if (wrapped != FixWrapResult.OK) {
            return malformed(wrapped == FixWrapResult.TOO_MANY_FIELDS
                    ? FixMalformedReason.TOO_MANY_FIELDS : FixMalformedReason.UNPARSEABLE);
        }
        if (!view.msgType().isPresent()) {
            return malformed(FixMalformedReason.NO_MSG_TYPE);
        }
        final char type = view.msgType().length() == 1 ? (char) view.msgType().byteAt(0) : '\0';
        if (isSessionMessage(type)) {
            return DecodeOutcome.CONTROL;
        }
        if (emitFixMessages && view.fieldCount() > event.fix.maxFields()) {
            return malformed(FixMalformedReason.TOO_MANY_FIELDS);
        }
        readHeader();
        final DecodeOutcome outcome = switch (type) {
            case 'W' -> decodeEntries(false, event, handler);
            case 'X' -> decodeEntries(true, event, handler);
            case 'Y' -> DecodeOutcome.CONTROL;
            default -> DecodeOutcome.UNMAPPED;
        };
        if (outcome == DecodeOutcome.MALFORMED || !emitFixMessages) {
            return outcome;
        }
        emitFixMessage(event, handler);
        return DecodeOutcome.DATA;
    }

    private static boolean isSessionMessage(char type) {
        return (type >= '0' && type <= '5') || type == 'A';
    }

    /**
     * One pass over the fields before the entries group (first occurrence wins) instead of a
     * lookup per tag, then MsgSeqNum and the exchange time.
     */
    private void readHeader() {
        int seqAt = -1;
        int sendingAt = -1;
        int transactAt = -1;
        topSymbolAt = -1;
        countAt = -1;
        for (int k = 0; k < view.fieldCount() && countAt < 0; k++) {
            switch (view.tagAt(k)) {
                case FixTags.MSG_SEQ_NUM -> seqAt = seqAt < 0 ? k : seqAt;
                case FixTags.SENDING_TIME -> sendingAt = sendingAt < 0 ? k : sendingAt;
                case FixTags.TRANSACT_TIME -> transactAt = transactAt < 0 ? k : transactAt;
                case FixTags.SYMBOL -> topSymbolAt = topSymbolAt < 0 ? k : topSymbolAt;
                case FixTags.NO_MD_ENTRIES -> countAt = k;
                default -> { }
            }
        }
        final long seq = view.longAt(seqAt);
        sourceSeq = view.status() == FixValueStatus.OK ? seq : 0;
        long timeNs = view.utcTimestampNsAt(transactAt);
        if (view.status() != FixValueStatus.OK) {
            timeNs = view.utcTimestampNsAt(sendingAt);
        }
        exchangeTimeNs = view.status() == FixValueStatus.OK ? timeNs : 0;
    }

    private DecodeOutcome decodeEntries(boolean incremental, CanonicalEvent event, CanonicalEventHandler handler) {
        final FixMalformedReason reason = entries.load(view, countAt, topSymbolAt, incremental, event.book.maxLevels());
        if (reason != FixMalformedReason.NONE) {
            return malformed(reason);
        }
        skippedEntries += entries.skipped();
        if (!incremental && topSymbolAt < 0) {
            return malformed(FixMalformedReason.MISSING_SYMBOL);
        }
        final int published = incremental ? emitIncremental(event, handler) : emitSnapshot(event, handler);
        return published > 0 ? DecodeOutcome.DATA : DecodeOutcome.UNMAPPED;
    }

    private int emitSnapshot(CanonicalEvent event, CanonicalEventHandler handler) {
        final BookFields book = begin(event, EventKind.BOOK_UPDATE).book;
        book.snapshot = true;
        view.bytesAt(topSymbolAt, book.symbol);
        int first = -1;
        int last = -1;
        for (int i = 0; i < entries.count(); i++) {
            if (addLevel(book, i)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        setUpdateIds(book, first, last);
        handler.onEvent(event);
        int published = 1;
        for (int i = 0; i < entries.count(); i++) {
            if (entries.kind(i) == MarketDataEntries.TRADE) {
                emitTrade(i, event, handler);
                published++;
            }
        }
        return published;
    }

    private int emitIncremental(CanonicalEvent event, CanonicalEventHandler handler) {
        final int n = entries.count();
        for (int i = 0; i < n; i++) {
            emitted[i] = false;
        }
        int published = 0;
        for (int i = 0; i < n; i++) {
            final byte kind = entries.kind(i);
            if (kind == MarketDataEntries.TRADE) {
                emitTrade(i, event, handler);
                published++;
            } else if (kind != MarketDataEntries.SKIP && !emitted[i]) {
                emitBookForSymbolOf(i, event, handler);
                published++;
            }
        }
        return published;
    }

    /** One BookUpdate with every bid/offer entry from {@code first} on that has its symbol. */
    private void emitBookForSymbolOf(int first, CanonicalEvent event, CanonicalEventHandler handler) {
        final BookFields book = begin(event, EventKind.BOOK_UPDATE).book;
        view.bytesAt(entries.symbolIndex(first), book.symbol);
        int last = first;
        for (int j = first; j < entries.count(); j++) {
            final byte kind = entries.kind(j);
            if ((kind == MarketDataEntries.BID || kind == MarketDataEntries.ASK) && !emitted[j]
                    && sameValue(entries.symbolIndex(first), entries.symbolIndex(j))) {
                addLevel(book, j);
                emitted[j] = true;
                last = j;
            }
        }
        setUpdateIds(book, first, last);
        handler.onEvent(event);
    }

    /** Adds entry {@code i} as a level if it is a bid or ask; the caps were checked on load. */
    private boolean addLevel(BookFields book, int i) {
        final byte kind = entries.kind(i);
        if (kind == MarketDataEntries.BID) {
            return book.addBid(entries.price(i), entries.size(i));
        }
        return kind == MarketDataEntries.ASK && book.addAsk(entries.price(i), entries.size(i));
    }

    private void setUpdateIds(BookFields book, int first, int last) {
        if (first >= 0) {
            book.firstUpdateId = entries.rptSeq(first);
            book.lastUpdateId = entries.rptSeq(last);
        }
    }

    private void emitTrade(int i, CanonicalEvent event, CanonicalEventHandler handler) {
        final TradeFields trade = begin(event, EventKind.TRADE).trade;
        view.bytesAt(entries.symbolIndex(i), trade.symbol);
        trade.price.set(entries.price(i));
        trade.size.set(entries.size(i));
        trade.aggressorSide = entries.aggressorSide(i);
        view.bytesAt(entries.tradeIdIndex(i), trade.tradeId);
        handler.onEvent(event);
    }

    private void emitFixMessage(CanonicalEvent event, CanonicalEventHandler handler) {
        final FixFields fix = begin(event, EventKind.FIX_MESSAGE).fix;
        fix.buffer(view.buffer());
        fix.msgType.wrap(view.msgType());
        for (int i = 0; i < view.fieldCount(); i++) {
            fix.add(view.tagAt(i), view.valueOffsetAt(i), view.valueLengthAt(i));
        }
        handler.onEvent(event);
    }

    private CanonicalEvent begin(CanonicalEvent event, EventKind kind) {
        return event.begin(kind).sourceSeq(sourceSeq).exchangeTimeNs(exchangeTimeNs);
    }

    /** True when the values of fields {@code a} and {@code b} are the same bytes. */
    private boolean sameValue(int a, int b) {
        if (a == b) {
            return true;
        }
        final int length = view.valueLengthAt(a);
        if (length != view.valueLengthAt(b)) {
            return false;
        }
        final DirectBuffer buffer = view.buffer();
        final int offsetA = view.valueOffsetAt(a);
        final int offsetB = view.valueOffsetAt(b);
        for (int k = 0; k < length; k++) {
            if (buffer.getByte(offsetA + k) != buffer.getByte(offsetB + k)) {
                return false;
            }
        }
        return true;
    }

    private DecodeOutcome malformed(FixMalformedReason reason) {
        lastMalformedReason = reason;
        return DecodeOutcome.MALFORMED;
    }
}
