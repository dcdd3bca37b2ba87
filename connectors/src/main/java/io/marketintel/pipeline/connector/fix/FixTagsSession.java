package io.marketintel.pipeline.connector.fix;

/** Session-level FIX tags the initiator reads (the codec's {@code FixTags} has the market-data ones). Constants only. */
final class FixTagsSession {
    static final int BEGIN_SEQ_NO = 7;
    static final int END_SEQ_NO = 16;
    static final int NEW_SEQ_NO = 36;
    static final int POSS_DUP_FLAG = 43;
    static final int REF_SEQ_NUM = 45;
    static final int SENDING_TIME = 52;
    static final int HEART_BT_INT = 108;
    static final int TEST_REQ_ID = 112;
    static final int ORIG_SENDING_TIME = 122;
    static final int GAP_FILL_FLAG = 123;
    static final int RESET_SEQ_NUM_FLAG = 141;

    private FixTagsSession() {
    }
}
