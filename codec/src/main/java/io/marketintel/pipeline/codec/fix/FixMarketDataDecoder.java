package io.marketintel.pipeline.codec.fix;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.FixFields;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.TradeFields;
import io.marketintel.pipeline.codec.Utf8Text;
import org.agrona.DirectBuffer;

/**
 * Maps one validated FIX frame (from {@link FixFramer}) to canonical events, reading the bytes in
 * place:
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
 * <p>Market data is the hot path, so a 35=W/X is read in one forward pass from the frame's bytes
 * straight to its entries ({@link MarketDataReader}), without the general per-field index of
 * {@link FixMessageView}, which stays for the session layer. With {@code emitFixMessages}, every
 * application message (W, X and Y included) is also handed over as a {@code FixMessage} with all
 * its fields in wire order, after its canonical events, and the outcome is {@code DATA}. Every
 * event carries MsgSeqNum (34) as {@code sourceSeq} and, as {@code exchangeTimeNs}, TransactTime
 * (60) when the top level has it (the venue's event time, FIX 5.0) else SendingTime (52).
 * Per-entry MDEntryTime (273) is not used: it is a time of day without a date, and one envelope
 * has one time. BookUpdate first/last update ids are the RptSeq (83) of its first and last entries
 * when sent. Entries with no canonical form (other entry types, delete-thru, deletes without a
 * price, incremental entries without MDEntryType) are skipped and counted in {@link
 * #skippedEntries()}; a bad required value makes the message {@code MALFORMED} before anything is
 * emitted, with {@link #lastMalformedReason()}.
 *
 * <p>Allocation-free per frame after construction. Not thread-safe: one instance per source, on
 * its I/O thread.
 */
public final class FixMarketDataDecoder implements MessageDecoder {
    public static final int DEFAULT_MAX_ENTRIES = BookFields.DEFAULT_MAX_LEVELS;

    private final boolean emitFixMessages;
    private final FixFieldReader fields;
    private final MarketDataReader reader;
    private final MarketDataEntries entries;
    private final boolean[] emitted;
    private FixMalformedReason lastMalformedReason = FixMalformedReason.NONE;
    /** A view that has just indexed the frame the next {@link #decode} gets, or null. */
    private FixMessageView indexedBy;
    private boolean headerBeforeMsgType;
    private long skippedEntries;
    private DirectBuffer buffer;
    private long sourceSeq;
    private long exchangeTimeNs;

    public FixMarketDataDecoder() {
        this(false);
    }

    /** With the view's field limit, which holds every field of the framer's largest message. */
    public FixMarketDataDecoder(boolean emitFixMessages) {
        this(FixMessageView.DEFAULT_MAX_FIELDS, DEFAULT_MAX_ENTRIES, emitFixMessages);
    }

    /**
     * @param maxFields the most fields a message may have; more is {@code TOO_MANY_FIELDS}
     * @param maxEntries the most market-data entries a message may have; more is {@code TOO_MANY_ENTRIES}
     */
    public FixMarketDataDecoder(int maxFields, int maxEntries, boolean emitFixMessages) {
        this.emitFixMessages = emitFixMessages;
        this.fields = new FixFieldReader(maxFields);
        this.entries = new MarketDataEntries(maxEntries);
        this.reader = new MarketDataReader(entries);
        this.emitted = new boolean[maxEntries];
    }

    /** Why the last {@code MALFORMED} outcome was given; {@code NONE} otherwise. */
    public FixMalformedReason lastMalformedReason() {
        return lastMalformedReason;
    }

    /**
     * Lets the next {@link #decode} read {@code view}'s index instead of tokenizing the bytes again,
     * if it is given exactly the frame the view indexed; any other frame is read as usual. For a
     * session layer that indexes every message before handing it on: the outcome and the events
     * are the same either way, one walk over the message is saved.
     */
    public void reuseIndexOf(FixMessageView view) {
        indexedBy = view;
    }

    /** Running count of market-data entries that mapped to nothing canonical. */
    public long skippedEntries() {
        return skippedEntries;
    }

    @Override
    public DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        lastMalformedReason = FixMalformedReason.NONE;
        this.buffer = buffer;
        final FixMessageView view = indexedBy;
        indexedBy = null;
        if (view != null && view.isIndexOf(buffer, offset, length)) {
            view.replayInto(fields);
        } else {
            fields.wrap(buffer, offset, length);
        }
        final int found = seekMsgType();
        if (found != FixTags.MSG_TYPE) {
            return malformed(found == FixFieldReader.END ? FixMalformedReason.NO_MSG_TYPE : unreadable(found));
        }
        if (!Utf8Text.isValid(buffer, fields.valueOffset(), fields.valueLength())) {
            return malformed(FixMalformedReason.NOT_UTF8); // a FixMessage carries it as a string
        }
        final char type = fields.valueLength() == 1 ? (char) buffer.getByte(fields.valueOffset()) : '\0';
        final DecodeOutcome outcome = type == 'W' || type == 'X'
                ? decodeMarketData(type == 'X', event, handler) : decodeOther(type, event);
        // Session messages are the session layer's alone; a 35=Y goes out as a FixMessage too.
        if (!emitFixMessages || outcome == DecodeOutcome.MALFORMED || (outcome == DecodeOutcome.CONTROL && type != 'Y')) {
            return outcome;
        }
        emitFixMessage(event, handler);
        return DecodeOutcome.DATA;
    }

    /**
     * Walks to the first MsgType (35), normally the third field. Whether anything but BeginString
     * and BodyLength came before it says if the market-data pass can go on from there.
     *
     * @return {@link FixTags#MSG_TYPE} with the reader on it, or what ended the walk
     */
    private int seekMsgType() {
        boolean onlyFraming = true;
        int tag;
        while ((tag = fields.next()) >= 0 && tag != FixTags.MSG_TYPE) {
            onlyFraming &= tag == FixTags.BEGIN_STRING || tag == FixTags.BODY_LENGTH;
        }
        headerBeforeMsgType = !onlyFraming;
        return tag;
    }

    private DecodeOutcome decodeMarketData(boolean incremental, CanonicalEvent event, CanonicalEventHandler handler) {
        if (headerBeforeMsgType) {
            fields.rewind();
        }
        final FixMalformedReason reason = reader.read(fields, incremental, event.book.maxLevels());
        if (reason == FixMalformedReason.UNPARSEABLE || reason == FixMalformedReason.TOO_MANY_FIELDS) {
            return malformed(reason);
        }
        if (emitFixMessages && fields.fieldCount() > event.fix.maxFields()) {
            return malformed(FixMalformedReason.TOO_MANY_FIELDS);
        }
        if (reason != FixMalformedReason.NONE) {
            return malformed(reason);
        }
        skippedEntries += entries.skipped();
        if (!incremental && reader.topSymbolOffset() < 0) {
            return malformed(FixMalformedReason.MISSING_SYMBOL);
        }
        if (!incremental && !Utf8Text.isValid(buffer, reader.topSymbolOffset(), reader.topSymbolLength())) {
            return malformed(FixMalformedReason.NOT_UTF8);
        }
        readHeaderValues();
        final int published = incremental ? emitIncremental(event, handler) : emitSnapshot(event, handler);
        return published > 0 ? DecodeOutcome.DATA : DecodeOutcome.UNMAPPED;
    }

    /** Any other message: checked to the end like market data, then left to the session or unmapped. */
    private DecodeOutcome decodeOther(char type, CanonicalEvent event) {
        int tag;
        do {
            tag = fields.next();
        } while (tag >= 0);
        if (tag != FixFieldReader.END) {
            return malformed(unreadable(tag));
        }
        if (isSessionMessage(type)) {
            return DecodeOutcome.CONTROL;
        }
        if (emitFixMessages) {
            if (fields.fieldCount() > event.fix.maxFields()) {
                return malformed(FixMalformedReason.TOO_MANY_FIELDS);
            }
            fields.rewind();
            reader.readHeader(fields);
            readHeaderValues();
        }
        return type == 'Y' ? DecodeOutcome.CONTROL : DecodeOutcome.UNMAPPED;
    }

    private static boolean isSessionMessage(char type) {
        return (type >= '0' && type <= '5') || type == 'A';
    }

    private static FixMalformedReason unreadable(int readerResult) {
        return readerResult == FixFieldReader.TOO_MANY_FIELDS
                ? FixMalformedReason.TOO_MANY_FIELDS : FixMalformedReason.UNPARSEABLE;
    }

    private void readHeaderValues() {
        sourceSeq = reader.sourceSeq(buffer);
        exchangeTimeNs = reader.exchangeTimeNs(buffer);
    }

    private int emitSnapshot(CanonicalEvent event, CanonicalEventHandler handler) {
        final BookFields book = begin(event, EventKind.BOOK_UPDATE).book;
        book.snapshot = true;
        book.symbol.wrap(buffer, reader.topSymbolOffset(), reader.topSymbolLength());
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
        book.symbol.wrap(buffer, entries.symbolOffset(first), entries.symbolLength(first));
        int last = first;
        for (int j = first; j < entries.count(); j++) {
            final byte kind = entries.kind(j);
            if ((kind == MarketDataEntries.BID || kind == MarketDataEntries.ASK) && !emitted[j] && sameSymbol(first, j)) {
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
        trade.symbol.wrap(buffer, entries.symbolOffset(i), entries.symbolLength(i));
        trade.price.set(entries.price(i));
        trade.size.set(entries.size(i));
        trade.aggressorSide = entries.aggressorSide(i);
        if (entries.tradeIdOffset(i) >= 0) {
            trade.tradeId.wrap(buffer, entries.tradeIdOffset(i), entries.tradeIdLength(i));
        }
        handler.onEvent(event);
    }

    /** All fields in wire order, read again from the frame (only when FixMessage payloads are asked for). */
    private void emitFixMessage(CanonicalEvent event, CanonicalEventHandler handler) {
        final FixFields fix = begin(event, EventKind.FIX_MESSAGE).fix;
        fix.buffer(buffer);
        fields.rewind();
        int tag;
        while ((tag = fields.next()) >= 0) {
            if (tag == FixTags.MSG_TYPE && !fix.msgType.isPresent()) {
                fix.msgType.wrap(buffer, fields.valueOffset(), fields.valueLength());
            }
            fix.add(tag, fields.valueOffset(), fields.valueLength());
        }
        handler.onEvent(event);
    }

    private CanonicalEvent begin(CanonicalEvent event, EventKind kind) {
        return event.begin(kind).sourceSeq(sourceSeq).exchangeTimeNs(exchangeTimeNs);
    }

    /** True when entries {@code a} and {@code b} have the same symbol bytes. */
    private boolean sameSymbol(int a, int b) {
        final int length = entries.symbolLength(a);
        return length == entries.symbolLength(b)
                && FixBytes.equal(buffer, entries.symbolOffset(a), entries.symbolOffset(b), length);
    }

    private DecodeOutcome malformed(FixMalformedReason reason) {
        lastMalformedReason = reason;
        return DecodeOutcome.MALFORMED;
    }
}
