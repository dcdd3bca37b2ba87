package io.marketintel.pipeline.codec.fix;

/**
 * Why {@link FixMarketDataDecoder} called a validated frame {@code MALFORMED}, for counters and
 * diagnostics. Immutable, safe from any thread.
 */
public enum FixMalformedReason {
    NONE,
    /** Not a sequence of {@code tag=value<SOH>} fields. */
    UNPARSEABLE,
    /** More fields than the view (or the FixMessage payload) holds. */
    TOO_MANY_FIELDS,
    /** No MsgType (35). */
    NO_MSG_TYPE,
    /** NoMDEntries (268) missing, not a number, or not matching the entries present. */
    BAD_ENTRIES,
    /** More entries than the decoder or the book payload holds. */
    TOO_MANY_ENTRIES,
    /**
     * An entry whose MDEntryType (269) or MDUpdateAction (279) is not one character, or an
     * incremental entry without MDEntryType after an entry with two (members out of order). An
     * incremental entry without one otherwise is skipped: there it is optional.
     */
    BAD_ENTRY_TYPE,
    /** A bid, offer or trade entry with no Symbol (55), neither in the entry nor at top level. */
    MISSING_SYMBOL,
    /** A required MDEntryPx (270) missing, or one that is not an exact decimal. */
    BAD_PRICE,
    /** A required MDEntrySize (271) missing, or one that is not an exact decimal. */
    BAD_SIZE,
    /**
     * A value the canonical schema carries as a protobuf {@code string} (Symbol 55, TradeID 1003
     * or MDEntryID 278, MsgType 35) that is not UTF-8: a consumer's protobuf parser would refuse
     * the envelope.
     */
    NOT_UTF8
}
