package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import java.util.Arrays;

/**
 * The session-level checks of one received message that end in a session Reject (35=3) rather
 * than a disconnect: a tag without a value (SessionRejectReason 4), tag number 0 (0), a required
 * header field missing (1: SenderCompID, TargetCompID, SendingTime), a header field after a body
 * field (14), a header field twice, or a top-level field of an incremental refresh twice (13), an
 * invalid MsgType (11), a tag that a session message does not define (2), and a repeating group
 * that does not start with its delimiter (15). Application messages are not checked against a
 * full data dictionary: market data needs none, and the decoder reports what it cannot map (the
 * session turns its structural findings into Rejects too).
 *
 * <p>After {@link #validate} returns false, {@link #refTag()}, {@link #reason()} and {@link
 * #text()} describe the Reject to send. Allocation-free for valid messages. Not thread-safe: one
 * per session.
 */
final class FixInboundValidator {
    static final int REASON_INVALID_TAG_NUMBER = 0;
    static final int REASON_REQUIRED_TAG_MISSING = 1;
    static final int REASON_TAG_NOT_DEFINED_FOR_MSG_TYPE = 2;
    static final int REASON_TAG_WITHOUT_VALUE = 4;
    static final int REASON_VALUE_OUT_OF_RANGE = 5;
    static final int REASON_INCORRECT_DATA_FORMAT = 6;
    static final int REASON_COMP_ID_PROBLEM = 9;
    static final int REASON_SENDING_TIME_ACCURACY = 10;
    static final int REASON_INVALID_MSG_TYPE = 11;
    static final int REASON_TAG_APPEARS_MORE_THAN_ONCE = 13;
    static final int REASON_TAG_OUT_OF_ORDER = 14;
    static final int REASON_GROUP_OUT_OF_ORDER = 15;
    static final int REASON_INCORRECT_NUM_IN_GROUP = 16;

    /** Above every tag named below: FIXT.1.1 added session tags past 1024 (1128 to 1410). */
    private static final int MAX_TAG = 2048;
    /**
     * FIX 4.4 StandardHeader and StandardTrailer, and the FIXT.1.1 header's ApplVerID (1128),
     * CstmApplVerID (1129) and ApplExtID (1156), which come right after MsgType.
     */
    private static final int[] HEADER_AND_TRAILER = {8, 9, 35, 1128, 1156, 1129, 49, 56, 115, 128, 90, 91, 34, 50,
        142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213, 347, 369, 627, 628, 629, 630, 93, 89, 10};
    private static final int[] HEARTBEAT = {112};
    private static final int[] TEST_REQUEST = {112};
    private static final int[] RESEND_REQUEST = {7, 16};
    /** FIX 4.4, and FIXT.1.1's RefApplVerID (1130), RefCstmApplVerID (1131), RefApplExtID (1406). */
    private static final int[] REJECT = {45, 371, 372, 373, 58, 354, 355, 1130, 1131, 1406};
    private static final int[] SEQUENCE_RESET = {123, 36};
    /** FIX 4.4, and FIXT.1.1's SessionStatus (1409). */
    private static final int[] LOGOUT = {58, 354, 355, 1409};
    /**
     * FIX 4.4, and FIXT.1.1's DefaultApplVerID (1137), DefaultApplExtID (1407),
     * DefaultCstmApplVerID (1408), SessionStatus (1409), encrypted passwords (1400-1404), Text, and
     * the MsgTypeGrp members RefApplVerID (1130), RefCstmApplVerID (1131), RefApplExtID (1406),
     * DefaultVerIndicator (1410).
     */
    private static final int[] LOGON = {98, 108, 95, 96, 141, 789, 383, 384, 372, 385, 464, 553, 554, 925, 1137,
        1407, 1408, 1409, 1400, 1401, 1402, 1403, 1404, 58, 354, 355, 1130, 1131, 1406, 1410};
    /**
     * Repeating groups whose first field we check: count tag, then its delimiter. NoMDEntries (268)
     * is not here: its delimiter depends on the message (269 in a snapshot, 279 in an incremental
     * refresh), and the market-data decoder checks those entries itself.
     */
    private static final int[][] GROUP_DELIMITERS = {{146, 55}, {267, 269}};

    /** StandardHeader fields that may occur once: all but the hops group (627-630). */
    private static final int[] HEADER_ONCE = {8, 9, 35, 1128, 1156, 1129, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57,
        143, 116, 144, 129, 145, 43, 97, 52, 122, 212, 213, 347, 369};
    private static final int[] REQUIRED_HEADER = {49, 56, 52};
    private static final int NO_MD_ENTRIES = 268;

    private static final boolean[] HEADER_TAGS = tagSet(HEADER_AND_TRAILER);
    private static final boolean[] HEADER_ONCE_TAGS = tagSet(HEADER_ONCE);
    private static final boolean[] TRAILER_TAGS = tagSet(new int[] {93, 89, 10});
    private static final boolean[][] SESSION_BODY_TAGS = {
        tagSet(HEARTBEAT), tagSet(TEST_REQUEST), tagSet(RESEND_REQUEST), tagSet(REJECT), tagSet(SEQUENCE_RESET),
        tagSet(LOGOUT)};
    private static final boolean[] LOGON_TAGS = tagSet(LOGON);

    private int refTag;
    private int reason;
    private String text;
    /** Per tag, the number of the message (or of its top level) in which it was last seen: no clearing per message. */
    private final int[] seenIn = new int[MAX_TAG];
    private int stamp;
    /** Whether the message being validated has a group whose delimiter {@link #checkGroupDelimiters} checks. */
    private boolean hasCheckedGroup;

    /** Whether {@code tag} belongs to the StandardHeader (FIX 4.4 or FIXT.1.1) or StandardTrailer. */
    static boolean isHeaderTag(int tag) {
        return tag >= 0 && tag < MAX_TAG && HEADER_TAGS[tag];
    }

    private static boolean[] tagSet(int[] tags) {
        final boolean[] set = new boolean[MAX_TAG];
        for (int tag : tags) {
            set[tag] = true;
        }
        return set;
    }

    int refTag() {
        return refTag;
    }

    int reason() {
        return reason;
    }

    String text() {
        return text;
    }

    /** @return true when the message passes; otherwise the Reject is described */
    boolean validate(FixMessageView view) {
        if (!checkFieldsInOrder(view)) {
            return false;
        }
        for (int tag : REQUIRED_HEADER) {
            if (view.indexOf(tag) < 0) {
                return reject(tag, REASON_REQUIRED_TAG_MISSING, "Required tag missing");
            }
        }
        if (!isValidMsgType(view)) {
            return reject(35, REASON_INVALID_MSG_TYPE, "Invalid MsgType");
        }
        final boolean[] body = sessionBodyTags(view);
        if (body != null) {
            for (int i = 0; i < view.fieldCount(); i++) {
                final int tag = view.tagAt(i);
                if (tag >= MAX_TAG || (!HEADER_TAGS[tag] && !body[tag])) {
                    return reject(tag, REASON_TAG_NOT_DEFINED_FOR_MSG_TYPE, "Tag not defined for this message type");
                }
            }
            return true;
        }
        // Most application messages (all market data) have none of these groups: no second pass.
        return !hasCheckedGroup || checkGroupDelimiters(view);
    }

    /**
     * Field by field: a value, a real tag number, the header before the body, header fields (and
     * the top level of an incremental refresh, before NoMDEntries: no groups there) only once.
     */
    private boolean checkFieldsInOrder(FixMessageView view) {
        if (++stamp == 0) {
            Arrays.fill(seenIn, 0);
            stamp = 1;
        }
        boolean topLevelOnce = view.isMsgType('X');
        boolean inBody = false;
        hasCheckedGroup = false;
        for (int i = 0; i < view.fieldCount(); i++) {
            final int tag = view.tagAt(i);
            hasCheckedGroup |= isCheckedGroupCount(tag);
            if (view.valueLengthAt(i) == 0) {
                return reject(tag, REASON_TAG_WITHOUT_VALUE, "Tag specified without a value");
            }
            if (tag == 0) {
                return reject(tag, REASON_INVALID_TAG_NUMBER, "Invalid tag number");
            }
            if (tag >= MAX_TAG) {
                inBody = true;
                continue;
            }
            if (HEADER_TAGS[tag] && !TRAILER_TAGS[tag]) {
                if (inBody) {
                    return reject(tag, REASON_TAG_OUT_OF_ORDER, "Tag specified out of required order");
                }
            } else if (!TRAILER_TAGS[tag]) {
                inBody = true;
            }
            topLevelOnce &= tag != NO_MD_ENTRIES;
            if (HEADER_ONCE_TAGS[tag] || topLevelOnce) {
                if (seenIn[tag] == stamp) {
                    return reject(tag, REASON_TAG_APPEARS_MORE_THAN_ONCE, "Tag appears more than once");
                }
                seenIn[tag] = stamp;
            }
        }
        return true;
    }

    private static boolean isCheckedGroupCount(int tag) {
        for (int[] group : GROUP_DELIMITERS) {
            if (tag == group[0]) {
                return true;
            }
        }
        return false;
    }

    private boolean checkGroupDelimiters(FixMessageView view) {
        for (int i = 0; i + 1 < view.fieldCount(); i++) {
            for (int[] group : GROUP_DELIMITERS) {
                if (view.tagAt(i) == group[0] && view.intAt(i) > 0 && view.tagAt(i + 1) != group[1]) {
                    return reject(view.tagAt(i + 1), REASON_GROUP_OUT_OF_ORDER,
                            "The group " + group[0] + " must set the delimiter field " + group[1]);
                }
            }
        }
        return true;
    }

    /** The body tags of a session message type, or null for an application message. */
    private static boolean[] sessionBodyTags(FixMessageView view) {
        if (view.msgType().length() != 1) {
            return null;
        }
        final int type = view.msgType().byteAt(0);
        if (type >= '0' && type <= '5') {
            return SESSION_BODY_TAGS[type - '0'];
        }
        return type == 'A' ? LOGON_TAGS : null;
    }

    /** FIX MsgTypes are one or two letters or digits. */
    private static boolean isValidMsgType(FixMessageView view) {
        final int length = view.msgType().length();
        if (length < 1 || length > 2) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final int c = view.msgType().byteAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    private boolean reject(int tag, int rejectReason, String rejectText) {
        refTag = tag;
        reason = rejectReason;
        text = rejectText;
        return false;
    }
}
