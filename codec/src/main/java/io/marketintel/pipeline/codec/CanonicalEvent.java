package io.marketintel.pipeline.codec;

/**
 * One normalised message on its way to the {@link EnvelopeWriter}: a pre-allocated holder
 * (Disruptor style) that a decoder fills in place for each message, with one payload selected by
 * {@link #kind()}. Views in it point into the received frame and are valid only while it is.
 *
 * <p>Not thread-safe: one instance per source, used on that source's I/O thread.
 */
public final class CanonicalEvent {
    public final TradeFields trade = new TradeFields();
    public final QuoteFields quote = new QuoteFields();
    public final BookFields book;
    public final TickerFields ticker = new TickerFields();
    public final FixFields fix;
    public final StatusFields status = new StatusFields();
    public final RawFields raw = new RawFields();

    private EventKind kind = EventKind.NONE;
    private long sourceSeq;
    private long exchangeTimeNs;

    public CanonicalEvent() {
        this(BookFields.DEFAULT_MAX_LEVELS, FixFields.DEFAULT_MAX_FIELDS);
    }

    public CanonicalEvent(int maxBookLevels, int maxFixFields) {
        book = new BookFields(maxBookLevels);
        fix = new FixFields(maxFixFields);
    }

    /** Clears the payload of {@code kind} and selects it; header fields are reset too. */
    public CanonicalEvent begin(EventKind kind) {
        this.kind = kind;
        this.sourceSeq = 0;
        this.exchangeTimeNs = 0;
        switch (kind) {
            case TRADE -> trade.clear();
            case QUOTE -> quote.clear();
            case BOOK_UPDATE -> book.clear();
            case TICKER -> ticker.clear();
            case FIX_MESSAGE -> fix.clear();
            case STATUS -> status.clear();
            case RAW -> raw.clear();
            case NONE -> { }
        }
        return this;
    }

    public EventKind kind() {
        return kind;
    }

    public long sourceSeq() {
        return sourceSeq;
    }

    public CanonicalEvent sourceSeq(long sourceSeq) {
        this.sourceSeq = sourceSeq;
        return this;
    }

    public long exchangeTimeNs() {
        return exchangeTimeNs;
    }

    public CanonicalEvent exchangeTimeNs(long exchangeTimeNs) {
        this.exchangeTimeNs = exchangeTimeNs;
        return this;
    }
}
