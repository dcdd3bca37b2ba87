package io.marketintel.pipeline.venue.fix;

import io.marketintel.pipeline.venue.MarketEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Encodes the messages of the simulated FIX venue: standard header, body as given, exact
 * BodyLength and CheckSum. Readable rather than fast (the venue is the other side of the wire, not
 * the system under test; a blast venue's {@link FixBlastRenderer} is the fast way). Stateless and
 * thread-safe.
 */
final class FixVenueMessages {
    static final char SOH = '\u0001';
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private FixVenueMessages() {
    }

    static String now() {
        return UTC.format(Instant.now());
    }

    /** A UTCTimestamp with milliseconds, {@code yyyyMMdd-HH:mm:ss.SSS}. */
    static String utcTimestamp(long epochMs) {
        return UTC.format(Instant.ofEpochMilli(epochMs));
    }

    /**
     * The body of the 35=X a market event is sent as, on request {@code mdReqId}: a trade as one
     * entry (279=0, 269=2, TradeID 1003, AggressorSide 2446), a quote as two changes (bid, offer).
     */
    static String incrementalRefreshBody(MarketEvent e, String mdReqId) {
        final StringBuilder body = new StringBuilder();
        body.append(field(262, mdReqId));
        if (e.kind() == MarketEvent.Kind.TRADE) {
            body.append(field(268, 1)).append(field(279, 0)).append(field(269, 2)).append(field(55, e.symbol()))
                    .append(field(270, e.price().toPlainString()))
                    .append(field(271, e.size().toPlainString()))
                    .append(field(1003, e.tradeId()))
                    .append(field(2446, e.buy() ? 1 : 2));
        } else {
            body.append(field(268, 2))
                    .append(field(279, 1)).append(field(269, 0)).append(field(55, e.symbol()))
                    .append(field(270, e.bidPrice().toPlainString()))
                    .append(field(271, e.bidSize().toPlainString()))
                    .append(field(279, 1)).append(field(269, 1)).append(field(55, e.symbol()))
                    .append(field(270, e.askPrice().toPlainString()))
                    .append(field(271, e.askSize().toPlainString()));
        }
        return body.toString();
    }

    /** {@code body} is {@code tag=value<SOH>…} after the standard header; {@code extraHeader} likewise (may be empty). */
    static byte[] encode(String beginString, String sender, String target, long seq, String msgType,
            String extraHeader, String body) {
        final String payload = "35=" + msgType + SOH + "34=" + seq + SOH + "49=" + sender + SOH + "56=" + target + SOH
                + "52=" + now() + SOH + extraHeader + body;
        final String head = "8=" + beginString + SOH + "9=" + payload.length() + SOH;
        final byte[] bytes = (head + payload).getBytes(StandardCharsets.ISO_8859_1);
        int sum = 0;
        for (byte b : bytes) {
            sum += b & 0xFF;
        }
        final byte[] trailer = String.format("10=%03d%c", sum & 0xFF, SOH).getBytes(StandardCharsets.ISO_8859_1);
        final byte[] message = new byte[bytes.length + trailer.length];
        System.arraycopy(bytes, 0, message, 0, bytes.length);
        System.arraycopy(trailer, 0, message, bytes.length, trailer.length);
        return message;
    }

    static String field(int tag, Object value) {
        return tag + "=" + value + SOH;
    }
}
