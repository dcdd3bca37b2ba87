package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays the acceptor of a {@link FixScript} against an initiator that connects to {@link #port()}:
 * accepts each connection, sends the {@code I} lines (with {@code <TIME±n>} substituted, BodyLength
 * and CheckSum computed unless given, {@code 10=0} sent as a wrong checksum, non-FIX lines sent
 * raw), checks each {@code E} line against the next message read (same MsgType, every expected
 * field present with the same value except 9, 10, 52, 60, 122; 58 by prefix) and checks {@code
 * eDISCONNECT} by reading end-of-stream. Used from one test thread.
 *
 * <p>{@code pPUBLISHED 2,3,4} (see {@link FixScript}) needs the published MsgSeqNums, given as a
 * supplier that a consumer thread fills: the step waits (up to the read timeout) until at least as
 * many have arrived as it lists, then compares the whole list, exactly and in order. Waiting for the
 * count, not for equality, is what catches duplicates and strays: the consumer reads the hand-off in
 * publication order, so anything published before the last listed message shows up within the
 * count. Something extra published <em>after</em> it shows up only later; scripts therefore follow a
 * message that must not be published with one that must, and the test compares the final list
 * after the session has ended ({@link #lastPublished()}).
 */
final class FixScriptRunner implements AutoCloseable {
    private static final char SOH = '\u0001';
    private static final Pattern TIME = Pattern.compile("<TIME([+-]\\d+)?>");
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final List<String> NOT_COMPARED = List.of("9", "10", "52", "60", "122");

    private final ServerSocket server;
    private final int readTimeoutMs;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> transcript = new ArrayList<>();
    private final Supplier<List<Long>> published;
    private List<Long> lastPublished;

    FixScriptRunner(int readTimeoutMs) throws IOException {
        this(readTimeoutMs, null);
    }

    /** @param published the MsgSeqNums of the market-data envelopes published so far, or null when not collected */
    FixScriptRunner(int readTimeoutMs, Supplier<List<Long>> published) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.readTimeoutMs = readTimeoutMs;
        this.published = published;
    }

    /** What the last PUBLISHED step of the run listed, or null when the script had none. */
    List<Long> lastPublished() {
        return lastPublished;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Runs every step; fails with the script line and what was seen. */
    void run(FixScript script) throws IOException {
        for (FixScript.Step step : script.steps()) {
            final String where = script.name() + " line " + step.line();
            switch (step.kind()) {
                case CONNECT -> accept(where);
                case SEND -> send(step.fields());
                case EXPECT -> expect(step.fields(), where);
                case DISCONNECT -> expectDisconnect(where);
                case PUBLISHED -> expectPublished(FixScript.publishedSeqs(step), where);
            }
        }
    }

    private void accept(String where) throws IOException {
        closeSocket();
        server.setSoTimeout(readTimeoutMs);
        try {
            socket = server.accept();
        } catch (SocketTimeoutException e) {
            fail(where + ": the initiator did not connect within " + readTimeoutMs + " ms");
        }
        socket.setSoTimeout(readTimeoutMs);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private void send(String fields) throws IOException {
        final String text = substituteTime(fields);
        final byte[] bytes = text.startsWith("8=") ? encode(text) : text.getBytes(StandardCharsets.ISO_8859_1);
        transcript.add("I " + visible(new String(bytes, StandardCharsets.ISO_8859_1)));
        out.write(bytes);
        out.flush();
    }

    private void expect(String fields, String where) throws IOException {
        final String actual = readMessage(where);
        transcript.add("E " + visible(actual));
        final List<String[]> expected = parse(fields);
        final List<String[]> got = parse(actual);
        assertThat(value(got, "35")).as(where + ": MsgType of " + visible(actual)).isEqualTo(value(expected, "35"));
        for (String[] field : expected) {
            if (NOT_COMPARED.contains(field[0])) {
                continue;
            }
            final boolean present = got.stream().anyMatch(g -> g[0].equals(field[0])
                    && matches(field[0], field[1], g[1]));
            if (!present) {
                fail(where + ": expected " + field[0] + "=" + field[1] + " in " + visible(actual) + "\ntranscript:\n"
                        + String.join("\n", transcript));
            }
        }
    }

    /**
     * A Text (58) may say more than the script's; an MDReqID (262) carries our run part after the
     * script's {@code sourceId-n} ({@code FixOutbound.mdReqId}).
     */
    private static boolean matches(String tag, String expected, String actual) {
        return switch (tag) {
            case "58" -> actual.startsWith(expected);
            case "262" -> actual.equals(expected) || actual.startsWith(expected + "-");
            default -> actual.equals(expected);
        };
    }

    private void expectPublished(List<Long> expected, String where) {
        if (published == null) {
            fail(where + ": pPUBLISHED needs a run that collects the published envelopes");
        }
        try {
            await().atMost(Duration.ofMillis(readTimeoutMs)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> published.get().size() >= expected.size());
        } catch (ConditionTimeoutException e) {
            // compared below, with what did arrive
        }
        final List<Long> actual = published.get();
        transcript.add("pPUBLISHED " + expected + " (published: " + actual + ")");
        assertThat(actual).as(where + ": MsgSeqNums published downstream\ntranscript:\n" + String.join("\n", transcript))
                .containsExactlyElementsOf(expected);
        lastPublished = expected;
    }

    private void expectDisconnect(String where) throws IOException {
        try {
            final int b = in.read();
            if (b >= 0) {
                final String rest = b == '8' ? "8" + readRest() : String.valueOf((char) b);
                fail(where + ": expected the initiator to disconnect, got " + visible(rest) + "\ntranscript:\n"
                        + String.join("\n", transcript));
            }
        } catch (SocketTimeoutException e) {
            fail(where + ": expected the initiator to disconnect within " + readTimeoutMs + " ms\ntranscript:\n"
                    + String.join("\n", transcript));
        } catch (IOException e) {
            // a reset is a disconnect too
        }
        transcript.add("eDISCONNECT");
    }

    private String readMessage(String where) throws IOException {
        try {
            final int first = in.read();
            if (first < 0) {
                fail(where + ": expected a message, but the initiator disconnected\ntranscript:\n"
                        + String.join("\n", transcript));
            }
            return (char) first + readRest();
        } catch (SocketTimeoutException e) {
            fail(where + ": no message within " + readTimeoutMs + " ms\ntranscript:\n" + String.join("\n", transcript));
            return null;
        }
    }

    /** Reads fields up to and including the CheckSum field. */
    private String readRest() throws IOException {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        final StringBuilder field = new StringBuilder();
        boolean atFieldStart = false;
        int b;
        while ((b = in.read()) >= 0) {
            message.write(b);
            if (b == SOH) {
                if (atFieldStart && field.toString().startsWith("10=")) {
                    break;
                }
                field.setLength(0);
                atFieldStart = true;
            } else {
                field.append((char) b);
            }
        }
        return message.toString(StandardCharsets.ISO_8859_1);
    }

    static String substituteTime(String fields) {
        final Matcher m = TIME.matcher(fields);
        final StringBuilder sb = new StringBuilder();
        final Instant now = Instant.now();
        while (m.find()) {
            final long offset = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            m.appendReplacement(sb, UTC.format(now.plusSeconds(offset)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** BodyLength computed when absent (kept as written when given); CheckSum computed, 10=0 made wrong. */
    static byte[] encode(String fields) {
        final List<String[]> parsed = parse(fields);
        String checksum = null;
        String bodyLength = null;
        final StringBuilder body = new StringBuilder();
        for (int i = 1; i < parsed.size(); i++) {
            final String[] f = parsed.get(i);
            if (f[0].equals("10")) {
                checksum = f[1];
            } else if (f[0].equals("9") && i == 1) {
                bodyLength = f[1];
            } else {
                body.append(f[0]).append('=').append(f[1]).append(SOH);
            }
        }
        final String head = parsed.get(0)[0] + "=" + parsed.get(0)[1] + SOH + "9="
                + (bodyLength != null ? bodyLength : String.valueOf(body.length())) + SOH;
        final String withoutTrailer = head + body;
        int sum = 0;
        for (byte x : withoutTrailer.getBytes(StandardCharsets.ISO_8859_1)) {
            sum += x & 0xFF;
        }
        sum &= 0xFF;
        final String trailer = checksum == null ? String.format("%03d", sum)
                : checksum.equals("0") ? String.format("%03d", (sum + 1) & 0xFF) : checksum;
        return (withoutTrailer + "10=" + trailer + SOH).getBytes(StandardCharsets.ISO_8859_1);
    }

    static List<String[]> parse(String message) {
        final List<String[]> fields = new ArrayList<>();
        for (String field : message.split(String.valueOf(SOH))) {
            final int eq = field.indexOf('=');
            if (eq > 0) {
                fields.add(new String[] {field.substring(0, eq), field.substring(eq + 1)});
            }
        }
        return fields;
    }

    private static String value(List<String[]> fields, String tag) {
        return fields.stream().filter(f -> f[0].equals(tag)).map(f -> f[1]).findFirst().orElse(null);
    }

    static String visible(String message) {
        return message.replace(SOH, '|');
    }

    private void closeSocket() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeSocket();
        server.close();
    }
}
