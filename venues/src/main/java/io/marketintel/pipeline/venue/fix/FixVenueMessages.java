package io.marketintel.pipeline.venue.fix;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Encodes the messages of the simulated FIX venue: standard header, body as given, exact
 * BodyLength and CheckSum. Readable rather than fast (the venue is the other side of the wire, not
 * the system under test). Stateless and thread-safe.
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
