package io.marketintel.pipeline.codec.fix;

import java.nio.charset.StandardCharsets;

/** Builds FIX text for tests: '|' stands for SOH; BodyLength and CheckSum are computed. */
final class FixTestMessages {
    private FixTestMessages() {
    }

    /** A valid message: {@code body} is everything from 35= on, '|'-separated, ending in '|'. */
    static String message(String beginString, String body) {
        final String soh = body.replace('|', '\001');
        final String head = "8=" + beginString + "\0019=" + soh.getBytes(StandardCharsets.ISO_8859_1).length + "\001";
        return withChecksum(head + soh);
    }

    static String message(String body) {
        return message("FIX.4.4", body);
    }

    /** Appends 10=ccc| computed over {@code headAndBody} (SOH-separated already). */
    static String withChecksum(String headAndBody) {
        int sum = 0;
        for (byte b : headAndBody.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += b & 0xFF;
        }
        return headAndBody + String.format("10=%03d\001", sum & 0xFF);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String readable(String text) {
        return text.replace('\001', '|');
    }
}
