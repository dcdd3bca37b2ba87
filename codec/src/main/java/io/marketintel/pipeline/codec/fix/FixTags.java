package io.marketintel.pipeline.codec.fix;

/**
 * The FIX tag numbers the codec reads, named as in the FIX specification. Only constants: no
 * state, safe from any thread.
 */
public final class FixTags {
    public static final int BEGIN_STRING = 8;
    public static final int BODY_LENGTH = 9;
    public static final int CHECK_SUM = 10;
    public static final int MSG_SEQ_NUM = 34;
    public static final int MSG_TYPE = 35;
    public static final int SENDING_TIME = 52;
    public static final int SYMBOL = 55;
    public static final int TRANSACT_TIME = 60;
    public static final int RPT_SEQ = 83;
    public static final int NO_MD_ENTRIES = 268;
    public static final int MD_ENTRY_TYPE = 269;
    public static final int MD_ENTRY_PX = 270;
    public static final int MD_ENTRY_SIZE = 271;
    public static final int MD_ENTRY_DATE = 272;
    public static final int MD_ENTRY_TIME = 273;
    public static final int MD_ENTRY_ID = 278;
    public static final int MD_UPDATE_ACTION = 279;
    public static final int MD_ENTRY_POSITION_NO = 290;
    public static final int TRADE_ID = 1003;
    public static final int MD_PRICE_LEVEL = 1023;
    public static final int AGGRESSOR_SIDE = 2446;

    private FixTags() {
    }
}
