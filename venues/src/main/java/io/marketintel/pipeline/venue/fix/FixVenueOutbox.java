package io.marketintel.pipeline.venue.fix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The venue's outgoing side of the session: the next MsgSeqNum and the last application messages
 * sent (bounded), so a ResendRequest can be answered with PossDup resends and gap fills. Thread-safe
 * (synchronized): the reader and the market-data thread both send.
 */
final class FixVenueOutbox {
    private static final int KEPT_MESSAGES = 100_000;

    private final FixVenueConfig config;
    private long nextSeq = 1;
    private final Map<Long, String[]> sent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String[]> eldest) {
            return size() > KEPT_MESSAGES;
        }
    };

    FixVenueOutbox(FixVenueConfig config) {
        this.config = config;
    }

    synchronized void reset() {
        nextSeq = 1;
        sent.clear();
    }

    /** Numbers and encodes a message; application messages are kept for resends. */
    synchronized byte[] next(String msgType, String body, boolean keep) {
        final long seq = nextSeq++;
        if (keep) {
            sent.put(seq, new String[] {msgType, body, FixVenueMessages.now()});
        }
        return FixVenueMessages.encode("FIX.4.4", config.senderCompId(), config.targetCompId(), seq, msgType, "", body);
    }

    /**
     * Numbers {@code count} messages at once (a blast batch) and returns the first number. They
     * are not kept: a ResendRequest for them is answered with a gap fill, which is what venues
     * commonly do for market data.
     */
    synchronized long take(int count) {
        final long first = nextSeq;
        nextSeq += count;
        return first;
    }

    /** The answer to ResendRequest(begin, end): kept messages resent as PossDup, the rest gap-filled. */
    synchronized List<byte[]> resend(long begin, long end) {
        final long last = end == 0 || end >= nextSeq ? nextSeq - 1 : end;
        final List<byte[]> out = new ArrayList<>();
        long gapStart = -1;
        for (long seq = begin; seq <= last; seq++) {
            final String[] kept = sent.get(seq);
            if (kept == null) {
                gapStart = gapStart < 0 ? seq : gapStart;
                continue;
            }
            if (gapStart >= 0) {
                out.add(gapFill(gapStart, seq));
                gapStart = -1;
            }
            out.add(FixVenueMessages.encode("FIX.4.4", config.senderCompId(), config.targetCompId(), seq, kept[0],
                    FixVenueMessages.field(43, "Y") + FixVenueMessages.field(122, kept[2]), kept[1]));
        }
        if (gapStart >= 0) {
            out.add(gapFill(gapStart, last + 1));
        }
        return out;
    }

    private byte[] gapFill(long seq, long newSeqNo) {
        return FixVenueMessages.encode("FIX.4.4", config.senderCompId(), config.targetCompId(), seq, "4",
                FixVenueMessages.field(43, "Y") + FixVenueMessages.field(122, FixVenueMessages.now()),
                FixVenueMessages.field(123, "Y") + FixVenueMessages.field(36, newSeqNo));
    }
}
