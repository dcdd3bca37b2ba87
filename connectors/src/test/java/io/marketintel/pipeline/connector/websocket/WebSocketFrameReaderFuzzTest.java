package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WebSocketFrameReaderTest.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Mutation and differential fuzzing of {@link WebSocketFrameReader} and {@link PerMessageInflater}:
 * the reader frames whatever a venue's server sends, in place and across reads, before anything
 * else sees it, so a byte sequence that makes it throw, leak a buffer, depend on how TCP split the
 * bytes, or hand on an oversize message must not exist. The example tests cover the cases someone
 * thought of; this covers the combinations (a header cut at every byte, a pause inside a fragmented
 * compressed message, a violation right after a carried-over frame, ...).
 *
 * <p>Each case is made from one seed: a stream of valid server frames (UTF-8 text with multi-byte
 * characters, binary, fragmented messages with pings and pongs between the fragments, lengths in
 * the 7-, 16- and 64-bit forms, some messages past max_message_bytes, sometimes a close; with
 * permessage-deflate negotiated also messages compressed by {@link Deflater}, whole or fragmented),
 * with what a correct reader reports for it. About half the streams are then mutated a few times
 * (bit flips, interesting bytes, header bits and lengths, inserted, duplicated or deleted bytes and
 * frames, truncation). Each stream goes to two fresh readers: once in one read, once in random
 * reads (pooled or unpooled, heap or direct buffers, and a receiver that pauses and is resumed or
 * stops the reader as {@link WebSocketFrameHandler} does). Checked for every stream:
 * <ul>
 *   <li>nothing is thrown and every buffer is released: the reads written in, and everything the
 *       reader allocated (the allocators are the test's own, and count what is outstanding);
 *   <li>the callbacks (messages with their text flag and bytes, pings, close, protocol error) are
 *       the same however the bytes were split and whatever the pauses;
 *   <li>no callback after a close or a protocol error, none while paused, and no data message
 *       longer than max_message_bytes (UTF-8 is not checked: that is the receiver's job);
 *   <li>unmutated, exactly the generated messages, pings and close, or a 1009 at the message that
 *       is too big; mutated, at least all of that which lies before the first changed byte.
 * </ul>
 *
 * <p>The default run is a fixed seed and {@value #DEFAULT_STREAMS} streams (5 seconds on an idle
 * 2-core machine, up to 10 on a busy one). A failure names the case's seed, which replays it alone
 * ({@code -Dfuzz.seed=... -Dfuzz.streams=1}), and shows the stream and the reads in hex. A long
 * campaign ({@code fuzz.seconds}), from another seed than the default's:
 * <pre>
 * ./mvnw -o test -pl connectors -Dtest=WebSocketFrameReaderFuzzTest -Dfuzz.seconds=600 -Dfuzz.seed=42 -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
// The reader does no I/O: the connectors' second test run, on the NIO transport, would only repeat
// the same streams (it runs this class when picked with -Dtest).
@DisabledIfSystemProperty(named = "pipeline.io", matches = "nio")
class WebSocketFrameReaderFuzzTest {
    private static final long DEFAULT_SEED = 0x5EED_F00DL;
    private static final int DEFAULT_STREAMS = 1_500;
    /** A default run stops here even if its streams are not all done, rather than hold up the build on a slow machine. */
    private static final long DEFAULT_TIME_CAP_SECONDS = 60;
    private static final long CAMPAIGN_MAX_STREAMS = 1_000_000_000L;
    /** The limit of most cases: small enough that generated messages go past it. */
    private static final int SMALL_MAX = 4096;
    /** The limit of some cases: room for a frame in the 64-bit length form (65,536 bytes and up). */
    private static final int LARGE_MAX = 70_000;
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    /** Bytes that sit on the edges of a header's fields: the length forms, FIN and opcodes, the mask bit. */
    private static final byte[] INTERESTING = {0x00, 0x01, 0x7D, 0x7E, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x88,
        (byte) 0xC1, (byte) 0xFE, (byte) 0xFF};
    private static final int[] CLOSE_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014};
    /** The test's own allocators, without thread caches, so that what is still allocated after a case is exact. */
    private static final PooledByteBufAllocator POOLED = new PooledByteBufAllocator(true, 1, 1, 8192, 9, 0, 0, false);
    private static final UnpooledByteBufAllocator UNPOOLED = new UnpooledByteBufAllocator(true);

    /** Counts of what the run exercised, printed at its end and checked for a default-sized run. */
    private final Map<String, Integer> seen = new TreeMap<>();

    @Test
    void everyStreamIsReadTheSameHoweverSplitAndPausedWithoutLeaksOrExceptions() {
        final long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        final long seconds = Long.getLong("fuzz.seconds", 0L);
        final long streams = Long.getLong("fuzz.streams", seconds > 0 ? CAMPAIGN_MAX_STREAMS : DEFAULT_STREAMS);
        final long started = System.nanoTime();
        final long deadline = started + 1_000_000_000L * (seconds > 0 ? seconds : DEFAULT_TIME_CAP_SECONDS);
        long done = 0;
        while (done < streams && System.nanoTime() - deadline < 0) {
            fuzzOne(seed, seed + done);
            done++;
        }
        final long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("fuzzed %d streams from seed %d in %d ms: %s%n", done, seed, millis, seen);
        if (done >= 500) {
            // Not a property of the reader: a check that the generator still reaches every outcome.
            for (String outcome : List.of("text", "binary", "ping", "close", "error 1002", "error 1007", "error 1009",
                    "mutated", "paused", "compressed")) {
                if (!seen.containsKey(outcome)) {
                    throw new AssertionError("no stream of the run led to '" + outcome + "': " + seen);
                }
            }
        }
    }

    /** One case: a stream made from {@code caseSeed}, maybe mutated, read in one go and in pieces. */
    private void fuzzOne(long runSeed, long caseSeed) {
        final SplittableRandom random = new SplittableRandom(caseSeed);
        final Stream stream = generate(random);
        byte[] bytes = stream.bytes.toByteArray();
        final List<String> mutations = new ArrayList<>();
        int firstChanged = bytes.length;
        if (random.nextBoolean()) {
            final int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 6 : 3);
            for (int i = 0; i < count; i++) {
                final Mutation mutation = mutate(random, bytes, stream.frameStarts);
                bytes = mutation.bytes;
                firstChanged = Math.min(firstChanged, mutation.at);
                mutations.add(mutation.description);
            }
        }
        final Feed whole = Feed.whole(random, bytes.length);
        final Feed pieces = Feed.pieces(random, bytes.length, stream.frameStarts, stream.description.size());

        final Run reference = run(stream, bytes, whole);
        final Run split = run(stream, bytes, pieces);

        final Report report = new Report(runSeed, caseSeed, stream, bytes, mutations, firstChanged);
        report.check(reference, whole, "one read");
        report.check(split, pieces, "split reads");
        final List<String> expectedSplit = pieces.stopAt > 0 ? untilMessage(reference.events, pieces.stopAt)
                : reference.events;
        if (!split.events.equals(expectedSplit)) {
            report.fail("the split reads' callbacks differ from the one read's" + (pieces.stopAt > 0
                    ? " (cut after message " + pieces.stopAt + ", where the receiver stopped the reader)" : ""),
                    expectedSplit, split.events, pieces);
        }
        if (mutations.isEmpty()) {
            if (!stream.matches(reference.events)) {
                report.fail("the callbacks are not the generated messages", stream.expected, reference.events, whole);
            }
        } else {
            final List<String> before = stream.decidedBefore(firstChanged);
            if (reference.events.size() < before.size() || !matches(before, reference.events.subList(0, before.size()))) {
                report.fail("the callbacks for the frames before the first mutated byte (" + firstChanged + ") changed",
                        before, reference.events, whole);
            }
        }
        count(mutations.isEmpty() ? null : "mutated");
        count(stream.deflate && stream.description.stream().anyMatch(d -> d.contains("compressed")) ? "compressed" : null);
        count(split.paused ? "paused" : null);
        for (String event : reference.events) {
            count(event.startsWith("error") ? event.substring(0, 10) : event.substring(0, event.indexOf(' ')));
        }
    }

    private void count(String outcome) {
        if (outcome != null) {
            seen.merge(outcome, 1, Integer::sum);
        }
    }

    /** The callbacks up to and including the {@code messages}-th data message. */
    private static List<String> untilMessage(List<String> events, int messages) {
        int count = 0;
        for (int i = 0; i < events.size(); i++) {
            if (isMessage(events.get(i)) && ++count == messages) {
                return events.subList(0, i + 1);
            }
        }
        return events;
    }

    private static boolean isMessage(String event) {
        return event.startsWith("text ") || event.startsWith("binary ");
    }

    /** An expected error is given by its code alone: the reason is only compared between two readers. */
    private static boolean matches(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            final String e = expected.get(i);
            if (!(e.startsWith("error ") ? actual.get(i).startsWith(e + " ") : actual.get(i).equals(e))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- generating streams

    /**
     * A server's stream as generated, the reader's configuration for it, and the model: what a
     * correct reader reports for it, each callback with the stream offset by which it is decided.
     */
    private static final class Stream {
        final int max;
        final boolean deflate;
        final boolean noContextTakeover;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> frameStarts = new ArrayList<>();
        /** The callbacks a correct reader makes; an error by its code alone ("error 1009"). */
        final List<String> expected = new ArrayList<>();
        /** Per expected callback: the offset in the stream of the byte after the last one that decides it. */
        final List<Integer> decidedAt = new ArrayList<>();
        /**
         * -1, or where a compressed message that inflates past the limit starts in {@link #expected}:
         * how much of it inflates before the limit is hit is zlib's business, so any number of the
         * pings sent between its fragments may come before its 1009.
         */
        int looseFrom = -1;
        /** The model has reached a close or an error: the reader must read nothing after. */
        boolean ended;
        final List<String> description = new ArrayList<>();

        Stream(int max, boolean deflate, boolean noContextTakeover) {
            this.max = max;
            this.deflate = deflate;
            this.noContextTakeover = noContextTakeover;
        }

        /** Appends one frame, its length in the shortest form; @return where it starts */
        int append(int firstByte, byte[] payload) {
            final int start = bytes.size();
            frameStarts.add(start);
            bytes.writeBytes(frame(firstByte, payload));
            return start;
        }

        void expect(String event, int decidedAt) {
            if (!ended) {
                expected.add(event);
                this.decidedAt.add(decidedAt);
            }
        }

        void expectError(int code, int decidedAt) {
            expect("error " + code, decidedAt);
            ended = true;
        }

        boolean matches(List<String> actual) {
            if (looseFrom < 0) {
                return WebSocketFrameReaderFuzzTest.matches(expected, actual);
            }
            // Before the message, all; then some of the pings between its fragments; then its 1009.
            final int pings = expected.size() - 1 - looseFrom;
            final int extra = actual.size() - 1 - looseFrom;
            return extra >= 0 && extra <= pings
                    && WebSocketFrameReaderFuzzTest.matches(expected.subList(0, looseFrom + extra), actual.subList(0, looseFrom + extra))
                    && WebSocketFrameReaderFuzzTest.matches(expected.subList(expected.size() - 1, expected.size()),
                            actual.subList(actual.size() - 1, actual.size()));
        }

        /** The expected callbacks decided by bytes before {@code offset} alone. */
        List<String> decidedBefore(int offset) {
            final int exact = looseFrom < 0 ? expected.size() : looseFrom;
            int n = 0;
            while (n < exact && decidedAt.get(n) <= offset) {
                n++;
            }
            return expected.subList(0, n);
        }
    }

    private static Stream generate(SplittableRandom random) {
        final boolean deflate = random.nextBoolean();
        final Stream stream = new Stream(random.nextInt(8) == 0 ? LARGE_MAX : SMALL_MAX, deflate,
                deflate && random.nextBoolean());
        // Level 0 sends stored blocks only; the others, compressed blocks with a window that carries over.
        final Deflater venue = deflate ? new Deflater(random.nextInt(10), true) : null;
        try {
            if (stream.max == LARGE_MAX && random.nextInt(3) == 0) {
                // A large message, then enough small ones for the reader to give back the buffers the
                // large one grew (joining, inflating, or carrying it across reads), then maybe again.
                final int retained = WebSocketFrameReader.RETAINED_BUFFER_BYTES;
                for (int round = 1 + random.nextInt(2); round > 0; round--) {
                    message(random, stream, venue, retained + 1 + random.nextInt(LARGE_MAX - retained));
                    for (int m = WebSocketFrameReader.SMALL_MESSAGES_BEFORE_SHRINK + random.nextInt(8); m > 0; m--) {
                        message(random, stream, venue, random.nextInt(4) == 0 ? 0 : random.nextInt(126));
                    }
                }
            }
            final int messages = 1 + random.nextInt(random.nextInt(4) == 0 ? 24 : 6);
            for (int m = 0; m < messages; m++) {
                if (random.nextInt(4) == 0) {
                    control(random, stream);
                }
                message(random, stream, venue, size(random, stream.max));
            }
            if (random.nextBoolean()) {
                close(random, stream);
            }
            if (random.nextInt(4) == 0) {
                // After a close (or a 1009) this must not be read; otherwise it is one more message.
                final byte[] after = "after the end".getBytes(StandardCharsets.US_ASCII);
                stream.append(FIN | TEXT, after);
                stream.expect("text " + ByteBufUtil.hexDump(after), stream.bytes.size());
            }
        } finally {
            if (venue != null) {
                venue.end();
            }
        }
        return stream;
    }

    /** One data message, maybe compressed, maybe in fragments with control frames between them. */
    private static void message(SplittableRandom random, Stream stream, Deflater venue, int size) {
        final boolean text = random.nextBoolean();
        final byte[] payload = text ? utf8(random, size) : binary(random, size);
        final boolean compressed = venue != null && random.nextInt(4) != 0;
        final byte[] wire = compressed ? compress(random, venue, payload, stream.noContextTakeover) : payload;
        final int fragments = random.nextInt(3) == 0 ? 2 + random.nextInt(4) : 1;
        final int[] cuts = new int[fragments + 1];
        cuts[fragments] = wire.length;
        for (int i = 1; i < fragments; i++) {
            cuts[i] = random.nextInt(wire.length + 1); // empty fragments too
        }
        Arrays.sort(cuts, 1, fragments);
        stream.description.add((text ? "text " : "binary ") + payload.length + " bytes"
                + (compressed ? ", compressed to " + wire.length : "") + (fragments > 1 ? ", in " + fragments + " frames" : ""));

        final int messageStart = stream.expected.size();
        long joined = 0;
        for (int f = 0; f < fragments; f++) {
            final boolean last = f == fragments - 1;
            final byte[] part = Arrays.copyOfRange(wire, cuts[f], cuts[f + 1]);
            final int opcode = f > 0 ? CONTINUATION : (compressed ? RSV1 : 0) | (text ? TEXT : BINARY);
            final int start = stream.append((last ? FIN : 0) | opcode, part);
            final int headerEnd = start + headerBytes(part.length);
            joined += part.length;
            if (compressed && payload.length > stream.max && (part.length > stream.max || last)) {
                // Inflates past the limit somewhere in the frames so far (this one refused from its header at the latest).
                if (!stream.ended) {
                    stream.looseFrom = messageStart;
                }
                stream.expectError(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), headerEnd);
            } else if (compressed ? part.length > stream.max : joined > stream.max) {
                // Refused from the header: a frame, or the fragments so far, past the limit (a compressed
                // frame is, even if its message would inflate to within it).
                stream.expectError(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), headerEnd);
            } else if (last) {
                stream.expect((text ? "text " : "binary ") + ByteBufUtil.hexDump(payload), stream.bytes.size());
            }
            if (!last && random.nextInt(3) == 0) {
                control(random, stream);
            }
        }
    }

    /** A ping (reported) or a pong (ignored: it answers nothing the client asked). */
    private static void control(SplittableRandom random, Stream stream) {
        final byte[] payload = new byte[random.nextInt(126)];
        random.nextBytes(payload);
        if (random.nextInt(3) == 0) {
            stream.append(FIN | PONG, payload);
        } else {
            stream.append(FIN | PING, payload);
            stream.expect("ping " + ByteBufUtil.hexDump(payload), stream.bytes.size());
        }
    }

    private static void close(SplittableRandom random, Stream stream) {
        if (random.nextInt(5) == 0) {
            stream.append(FIN | CLOSE, new byte[0]);
            stream.expect("close -1 ", stream.bytes.size());
        } else {
            final int code = random.nextBoolean() ? CLOSE_CODES[random.nextInt(CLOSE_CODES.length)]
                    : 3000 + random.nextInt(2000);
            final byte[] reason = utf8(random, random.nextInt(120)); // at most 122 bytes: fits a control frame
            final ByteArrayOutputStream payload = new ByteArrayOutputStream();
            payload.write(code >>> 8);
            payload.write(code);
            payload.writeBytes(reason);
            stream.append(FIN | CLOSE, payload.toByteArray());
            stream.expect("close " + code + " " + new String(reason, StandardCharsets.UTF_8), stream.bytes.size());
        }
        stream.ended = true;
    }

    /** A message size: mostly small, some on either side of the limit, some in the 16- and 64-bit length forms. */
    private static int size(SplittableRandom random, int max) {
        return switch (random.nextInt(40)) {
            case 0, 1 -> max - 2 + random.nextInt(5);
            case 2 -> max + 1 + random.nextInt(Math.min(2 * max, 8_000));
            case 3 -> 65_536 + random.nextInt(4_000);
            case 4, 5, 6, 7, 8, 9, 10, 11 -> 126 + random.nextInt(Math.min(max, 65_536) - 126);
            case 12 -> new int[] {0, 1, 125, 126, 127, 65_535, 65_536}[random.nextInt(7)]; // the length forms' edges
            default -> random.nextInt(126);
        };
    }

    /** Valid UTF-8 of about {@code size} bytes (up to 3 more), with two-, three- and four-byte characters. */
    private static byte[] utf8(SplittableRandom random, int size) {
        final StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < size) { // every pass adds at least one byte
            final int codePoint = switch (random.nextInt(8)) {
                case 0 -> random.nextInt(0x80, 0x800);
                case 1 -> {
                    final int c = random.nextInt(0x800, 0xF800); // the three-byte range less the surrogates
                    yield c >= 0xD800 ? c + 0x800 : c;
                }
                case 2 -> random.nextInt(0x10000, 0x110000);
                default -> random.nextInt(0x80);
            };
            text.appendCodePoint(codePoint);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Random bytes (which do not compress), a short pattern repeated (which compresses a hundredfold), or trade-like text. */
    private static byte[] binary(SplittableRandom random, int size) {
        final byte[] bytes = new byte[size];
        switch (random.nextInt(3)) {
            case 0 -> random.nextBytes(bytes);
            case 1 -> {
                final byte[] pattern = new byte[1 + random.nextInt(16)];
                random.nextBytes(pattern);
                for (int i = 0; i < size; i++) {
                    bytes[i] = pattern[i % pattern.length];
                }
            }
            default -> {
                final StringBuilder text = new StringBuilder(size + 40);
                while (text.length() < size) {
                    text.append("{\"p\":\"").append(random.nextInt(100_000)).append('.').append(random.nextInt(100))
                            .append("\",\"q\":\"").append(random.nextInt(1_000)).append("\"}");
                }
                System.arraycopy(text.toString().getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, size);
            }
        }
        return bytes;
    }

    /**
     * A message as a permessage-deflate sender writes it (RFC 7692 section 7.2.1): usually
     * sync-flushed with the trailing 00 00 FF FF cut off, sometimes ended with a final block, which
     * the RFC allows, and then an empty stored block of which the one byte 00 is left.
     */
    private static byte[] compress(SplittableRandom random, Deflater venue, byte[] message, boolean noContextTakeover) {
        venue.setInput(message);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] chunk = new byte[4096];
        if (random.nextInt(8) == 0) {
            venue.finish();
            for (int guard = 0; !venue.finished() && guard < 10_000; guard++) {
                out.write(chunk, 0, venue.deflate(chunk));
            }
            out.write(0);
            venue.reset(); // the stream ended: both sides start a new one
            return out.toByteArray();
        }
        int n;
        int guard = 0;
        do {
            n = venue.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length && ++guard < 10_000);
        if (noContextTakeover) {
            venue.reset();
        }
        final byte[] bytes = out.toByteArray();
        if (bytes.length == 0) {
            // zlib flushes nothing for an empty message right after a flush; the sender sends the
            // empty stored block's first byte, 00 (RFC 7692 section 7.2.3.6), as the receiver appends
            // the rest. (No bytes at all would make the appended 00 00 FF FF start a stored block.)
            return new byte[] {0};
        }
        return Arrays.copyOf(bytes, bytes.length - 4);
    }

    private static int headerBytes(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
    }

    // ---------------------------------------------------------------- mutating streams

    private record Mutation(byte[] bytes, int at, String description) {
    }

    /**
     * One change to the stream. Frame starts are those of the generated stream: after an earlier
     * insertion or deletion they are off, which only makes the change land elsewhere.
     */
    private static Mutation mutate(SplittableRandom random, byte[] in, List<Integer> frameStarts) {
        final int n = in.length;
        if (n == 0) {
            final byte[] inserted = new byte[1 + random.nextInt(8)];
            random.nextBytes(inserted);
            return new Mutation(inserted, 0, "insert " + ByteBufUtil.hexDump(inserted) + " into the empty stream");
        }
        final byte[] bytes = in.clone();
        final int frame = frameStarts.get(random.nextInt(frameStarts.size()));
        final int header = Math.min(frame, n - 1);
        switch (random.nextInt(9)) {
            case 0 -> {
                final int at = random.nextInt(n);
                final int bit = random.nextInt(8);
                bytes[at] ^= (byte) (1 << bit);
                return new Mutation(bytes, at, "flip bit " + bit + " at " + at);
            }
            case 1 -> {
                final int at = random.nextInt(n);
                bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                return new Mutation(bytes, at, "set " + at + " to " + hex(bytes[at]));
            }
            case 2 -> {
                // The first header byte: FIN, a reserved bit, the opcode.
                switch (random.nextInt(4)) {
                    case 0 -> bytes[header] ^= (byte) FIN;
                    case 1 -> bytes[header] ^= (byte) (0x40 >> random.nextInt(3));
                    case 2 -> bytes[header] = (byte) ((bytes[header] & 0xF0) | random.nextInt(16));
                    default -> bytes[header] = INTERESTING[random.nextInt(INTERESTING.length)];
                }
                return new Mutation(bytes, header, "header byte at " + header + " to " + hex(bytes[header]));
            }
            case 3 -> {
                // The mask bit, the 7-bit length, or a byte of the extended length.
                final int at = Math.min(n - 1, header + (random.nextBoolean() ? 1 : 2 + random.nextInt(8)));
                final int[] lengths = {0, 1, 2, 125, 126, 127};
                bytes[at] = switch (random.nextInt(3)) {
                    case 0 -> (byte) (bytes[at] ^ 0x80);
                    case 1 -> (byte) ((bytes[at] & 0x80) | lengths[random.nextInt(lengths.length)]);
                    default -> INTERESTING[random.nextInt(INTERESTING.length)];
                };
                return new Mutation(bytes, at, "length byte at " + at + " to " + hex(bytes[at]));
            }
            case 4 -> {
                final byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                final int at = random.nextInt(n + 1);
                return new Mutation(splice(bytes, at, 0, inserted), at, "insert " + ByteBufUtil.hexDump(inserted) + " at " + at);
            }
            case 5 -> {
                // A frame of any kind, masked or not, before another: a control frame inside a message, a
                // data frame where a continuation belongs, a close with any code, ...
                final byte[] payload = new byte[random.nextInt(4) == 0 ? 126 + random.nextInt(8) : random.nextInt(8)];
                random.nextBytes(payload);
                final byte[] inserted = frame(random.nextInt(256), payload);
                if (random.nextInt(4) == 0) {
                    inserted[1] |= (byte) 0x80;
                }
                return new Mutation(splice(bytes, header, 0, inserted), header, "insert frame "
                        + ByteBufUtil.hexDump(inserted) + " at " + header);
            }
            case 6 -> {
                final int from = random.nextInt(n);
                final int length = 1 + random.nextInt(Math.min(n - from, random.nextBoolean() ? 16 : 256));
                final int at = random.nextInt(n + 1);
                return new Mutation(splice(bytes, at, 0, Arrays.copyOfRange(bytes, from, from + length)), at,
                        "copy " + length + " bytes from " + from + " to " + at);
            }
            case 7 -> {
                final int at = random.nextBoolean() ? header : random.nextInt(n);
                final int length = 1 + random.nextInt(Math.min(n - at, 16));
                return new Mutation(splice(bytes, at, length, new byte[0]), at, "delete " + length + " bytes at " + at);
            }
            default -> {
                final int at = random.nextInt(n);
                return new Mutation(Arrays.copyOf(bytes, at), at, "truncate at " + at);
            }
        }
    }

    /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at + removed, bytes.length - at - removed);
        return out.toByteArray();
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }

    // ---------------------------------------------------------------- reading streams

    /**
     * Where a read's bytes come from: what production's socket reads use, the other kinds, and a
     * composite (no socket read is one, but the reader takes any buffer, and the inflater has a
     * path for input that is not one piece of memory).
     */
    private enum ReadBuffer {
        UNPOOLED_HEAP, UNPOOLED_DIRECT, POOLED_HEAP, POOLED_DIRECT, COMPOSITE;

        /** A buffer holding {@code length} bytes of {@code bytes} from {@code from}, its reader index {@code lead} bytes in. */
        ByteBuf read(byte[] bytes, int from, int length, int lead) {
            final byte[] content = new byte[lead + length];
            System.arraycopy(bytes, from, content, lead, length);
            if (this == COMPOSITE) {
                // In thirds, heap and direct: frames and headers span the components.
                final CompositeByteBuf read = UNPOOLED.compositeBuffer();
                for (int part = 0, start = 0; part < 3; part++) {
                    final int end = content.length * (part + 1) / 3;
                    final ByteBuf component = part == 1 ? UNPOOLED.directBuffer(end - start) : UNPOOLED.heapBuffer(end - start);
                    read.addComponent(true, component.writeBytes(content, start, end - start));
                    start = end;
                }
                return read.readerIndex(lead);
            }
            final ByteBuf read = switch (this) {
                case UNPOOLED_HEAP -> UNPOOLED.heapBuffer(content.length);
                case UNPOOLED_DIRECT -> UNPOOLED.directBuffer(content.length);
                case POOLED_HEAP -> POOLED.heapBuffer(content.length);
                default -> POOLED.directBuffer(content.length);
            };
            return read.writeBytes(content).readerIndex(lead);
        }

        boolean pooled() {
            return this == POOLED_HEAP || this == POOLED_DIRECT;
        }
    }

    /**
     * How a stream is handed to a reader: the sizes of the reads and their buffers (whose bytes
     * start {@code lead} bytes in, as a slice's would), the channel's allocator for the reader's own
     * buffers, and what the receiver does: answer false at these messages (1-based) and be resumed
     * after these reads, or stop the reader at a message or when told of a protocol error, as
     * {@link WebSocketFrameHandler} does.
     */
    private record Feed(int[] reads, ReadBuffer[] buffers, int lead, boolean pooledChannel, BitSet pauseAt,
            BitSet resumeAfter, int stopAt, boolean stopOnError) {

        static Feed whole(SplittableRandom random, int length) {
            return new Feed(new int[] {length}, new ReadBuffer[] {buffer(random)}, lead(random), random.nextBoolean(),
                    new BitSet(), new BitSet(), 0, false);
        }

        static Feed pieces(SplittableRandom random, int length, List<Integer> frameStarts, int messages) {
            final int[] reads = split(random, length, frameStarts);
            final ReadBuffer[] buffers = new ReadBuffer[reads.length];
            final ReadBuffer single = random.nextBoolean() ? buffer(random) : null;
            for (int i = 0; i < reads.length; i++) {
                buffers[i] = single != null ? single : buffer(random);
            }
            final BitSet pauseAt = new BitSet();
            final BitSet resumeAfter = new BitSet();
            if (random.nextBoolean()) {
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    pauseAt.set(1 + random.nextInt(random.nextBoolean() ? 3 : messages + 1));
                }
                for (int i = 0; i < reads.length; i++) {
                    if (random.nextInt(3) == 0) {
                        resumeAfter.set(i);
                    }
                }
            }
            final int stopAt = random.nextInt(4) == 0 ? 1 + random.nextInt(messages + 1) : 0;
            return new Feed(reads, buffers, lead(random), random.nextBoolean(), pauseAt, resumeAfter, stopAt,
                    random.nextBoolean());
        }

        private static ReadBuffer buffer(SplittableRandom random) {
            return ReadBuffer.values()[random.nextInt(ReadBuffer.values().length)];
        }

        private static int lead(SplittableRandom random) {
            return random.nextBoolean() ? 0 : 1 + random.nextInt(7);
        }

        /** Read sizes adding up to {@code length}: tiny ones, random cuts, cuts near frame starts (headers split), or one cut. */
        private static int[] split(SplittableRandom random, int length, List<Integer> frameStarts) {
            final TreeSet<Integer> cuts = new TreeSet<>();
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (length <= 1_500) {
                        for (int at = 1 + random.nextInt(4); at < length; at += 1 + random.nextInt(4)) {
                            cuts.add(at);
                        }
                    } else {
                        cuts.add(random.nextInt(length + 1));
                    }
                }
                case 1 -> {
                    for (int i = 1 + random.nextInt(64); i > 0; i--) {
                        cuts.add(random.nextInt(length + 1));
                    }
                }
                case 2 -> {
                    for (int start : frameStarts.subList(0, Math.min(frameStarts.size(), 256))) {
                        if (random.nextBoolean()) {
                            cuts.add(start + random.nextInt(-1, 12));
                        }
                    }
                }
                default -> cuts.add(random.nextInt(length + 1));
            }
            cuts.removeIf(at -> at <= 0 || at >= length);
            final int[] reads = new int[cuts.size() + 1];
            int previous = 0;
            int i = 0;
            for (int cut : cuts) {
                reads[i++] = cut - previous;
                previous = cut;
            }
            reads[i] = length - previous;
            return reads;
        }

        String describe() {
            final StringBuilder text = new StringBuilder();
            text.append(reads.length).append(" read(s) of ").append(Arrays.toString(reads)).append(" bytes");
            final boolean mixed = Arrays.stream(buffers).distinct().count() > 1;
            text.append(", buffers ").append(mixed ? Arrays.toString(buffers) : buffers[0]);
            text.append(lead > 0 ? ", bytes " + lead + " in" : "").append(", reader's buffers ")
                    .append(pooledChannel ? "pooled" : "unpooled");
            if (!pauseAt.isEmpty()) {
                text.append(", receiver answers false at messages ").append(pauseAt).append(", resumed after reads ")
                        .append(resumeAfter).append(" and at the end");
            }
            if (stopAt > 0) {
                text.append(", receiver stops the reader at message ").append(stopAt);
            }
            if (stopOnError) {
                text.append(", receiver stops the reader on a protocol error");
            }
            return text.toString();
        }
    }

    /** What one reader reported for a stream, and whatever went wrong around it. */
    private record Run(List<String> events, List<String> violations, Throwable thrown, List<String> leaks,
            boolean paused) {
    }

    /** The receiver: records each callback and whatever breaks the reader's promises about callbacks. */
    private static final class Recorder implements WebSocketFrameReader.Messages {
        final List<String> events = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final int max;
        final Feed feed;
        WebSocketFrameReader reader;
        int messages;
        boolean paused;
        boolean everPaused;
        /** The close or error after which nothing may come, or the stop; null before. */
        String last;

        Recorder(int max, Feed feed) {
            this.max = max;
            this.feed = feed;
        }

        private void callback(String event) {
            if (last != null) {
                violations.add("'" + abbreviate(event) + "' after '" + abbreviate(last) + "'");
            }
            if (paused) {
                violations.add("'" + abbreviate(event) + "' while paused (onMessage answered false)");
            }
            events.add(event);
        }

        @Override
        public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
            callback((text ? "text " : "binary ") + hexDump(buf, index, length));
            if (length > max) {
                violations.add("a message of " + length + " bytes, more than max_message_bytes " + max);
            }
            messages++;
            if (messages == feed.stopAt) {
                reader.stop(); // as the handler does when a text message is not UTF-8
                last = "stop() at message " + messages;
                return false;
            }
            if (feed.pauseAt.get(messages)) {
                paused = true;
                everPaused = true;
                return false;
            }
            return true;
        }

        @Override
        public void onPing(ByteBuf buf, int index, int length) {
            callback("ping " + hexDump(buf, index, length));
        }

        @Override
        public void onClose(int code, String reason) {
            callback("close " + code + " " + reason);
            last = events.get(events.size() - 1);
        }

        @Override
        public void onProtocolError(WebSocketCloseStatus status, String reason) {
            callback("error " + status.code() + " " + reason);
            last = events.get(events.size() - 1);
            if (feed.stopOnError) {
                reader.stop(); // as the handler does, from inside the reader's own call
            }
        }
    }

    /**
     * The bytes, copied out in one call: hex-dumping the buffer itself reads it a byte at a time,
     * and the paranoid leak detector takes a stack trace on every read of a buffer it tracks.
     */
    private static String hexDump(ByteBuf buf, int index, int length) {
        final byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        return ByteBufUtil.hexDump(bytes);
    }

    /** Feeds {@code bytes} to a fresh reader as {@code feed} says, closes the channel and checks that all was released. */
    private static Run run(Stream stream, byte[] bytes, Feed feed) {
        final Recorder recorder = new Recorder(stream.max, feed);
        final WebSocketFrameReader reader = new WebSocketFrameReader(recorder, stream.max,
                stream.deflate ? new PerMessageInflater(stream.noContextTakeover, stream.max) : null);
        recorder.reader = reader;
        final EmbeddedChannel ch = new EmbeddedChannel(reader);
        ch.config().setAllocator(feed.pooledChannel ? POOLED : UNPOOLED);
        final List<ByteBuf> reads = new ArrayList<>(feed.reads.length);
        Throwable thrown = null;
        try {
            int at = 0;
            for (int i = 0; i < feed.reads.length; i++) {
                final ByteBuf read = feed.buffers[i].read(bytes, at, feed.reads[i], feed.lead);
                at += feed.reads[i];
                reads.add(read);
                ch.writeInbound(read);
                if (recorder.paused && feed.resumeAfter.get(i)) {
                    recorder.paused = false;
                    reader.resume();
                }
            }
            // Each resume may pause again at the next message chosen to pause at, of which there are at most 3.
            for (int i = 0; recorder.paused && i < 10; i++) {
                recorder.paused = false;
                reader.resume();
            }
            reader.resume(); // with nothing paused (as the handler may on closing): reads nothing new
            ch.checkException();
        } catch (Throwable t) {
            thrown = t;
        }
        try {
            ch.finishAndReleaseAll();
        } catch (Throwable t) {
            if (thrown == null) {
                thrown = t;
            } else {
                thrown.addSuppressed(t);
            }
        }
        final List<String> leaks = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            // A released pooled buffer goes back to Netty's recycler and may be in use again by now:
            // its refCnt says nothing, the pooled allocator's count below covers it.
            if (!feed.buffers[i].pooled() && reads.get(i).refCnt() != 0) {
                leaks.add("read " + i + " (" + feed.buffers[i] + ") has refCnt " + reads.get(i).refCnt()
                        + " after the channel closed");
            }
        }
        final long pooled = outstanding(POOLED);
        final long unpooled = UNPOOLED.metric().usedHeapMemory() + UNPOOLED.metric().usedDirectMemory();
        if (pooled != 0) {
            leaks.add(pooled + " pooled buffer(s) (reads or the reader's own) not released after the channel closed");
        }
        if (unpooled != 0) {
            leaks.add(unpooled + " bytes of unpooled buffers (reads or the reader's own) not released after the channel closed");
        }
        return new Run(recorder.events, recorder.violations, thrown, leaks, recorder.everPaused);
    }

    private static long outstanding(PooledByteBufAllocator allocator) {
        long active = 0;
        for (PoolArenaMetric arena : allocator.metric().heapArenas()) {
            active += arena.numActiveAllocations();
        }
        for (PoolArenaMetric arena : allocator.metric().directArenas()) {
            active += arena.numActiveAllocations();
        }
        return active;
    }

    // ---------------------------------------------------------------- reporting

    /** A failed case, told so that it can be replayed: its seed, the stream, the reads, the callbacks. */
    private record Report(long runSeed, long caseSeed, Stream stream, byte[] bytes, List<String> mutations, int firstChanged) {

        void check(Run run, Feed feed, String which) {
            if (run.thrown != null) {
                final StringWriter trace = new StringWriter();
                run.thrown.printStackTrace(new PrintWriter(trace));
                fail(which + ": an exception escaped the reader\n" + trace, null, run.events, feed);
            }
            if (!run.violations.isEmpty()) {
                fail(which + ": " + String.join("; ", run.violations), null, run.events, feed);
            }
            if (!run.leaks.isEmpty()) {
                fail(which + ": " + String.join("; ", run.leaks), null, run.events, feed);
                // The next case would report this case's buffers again: the run stops at the first failure anyway.
            }
        }

        void fail(String what, List<String> expected, List<String> actual, Feed feed) {
            final StringBuilder text = new StringBuilder(what).append('\n');
            text.append("case seed ").append(caseSeed).append(", stream ").append(caseSeed - runSeed)
                    .append(" of the run from seed ").append(runSeed).append(" (replay it alone: -Dfuzz.seed=")
                    .append(caseSeed).append(" -Dfuzz.streams=1)\n");
            text.append("reader: max_message_bytes ").append(stream.max).append(stream.deflate
                    ? ", permessage-deflate" + (stream.noContextTakeover ? " with server_no_context_takeover" : "") : "")
                    .append('\n');
            text.append("generated: ").append(String.join("; ", stream.description)).append('\n');
            text.append("mutations: ").append(mutations.isEmpty() ? "none" : String.join("; ", mutations)
                    + " (first changed byte " + firstChanged + ")").append('\n');
            text.append("reads: ").append(feed.describe()).append('\n');
            if (expected != null) {
                int same = 0;
                while (same < Math.min(expected.size(), actual.size()) && expected.get(same).equals(actual.get(same))) {
                    same++;
                }
                text.append("expected callbacks (the first ").append(same).append(" agree):\n").append(list(expected));
            }
            text.append("callbacks:\n").append(list(actual));
            text.append("stream (").append(bytes.length).append(" bytes): ").append(ByteBufUtil.hexDump(bytes)).append('\n');
            throw new AssertionError(text.toString());
        }

        private static String list(List<String> events) {
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                text.append("  ").append(i).append(": ").append(abbreviate(events.get(i))).append('\n');
            }
            return text.toString();
        }
    }

    /** A callback short enough to read: a message's hex cut in the middle, with its length. */
    private static String abbreviate(String event) {
        if (event.length() <= 120) {
            return event;
        }
        return event.substring(0, 80) + "...(" + (event.length() - 100) + " chars)..." + event.substring(event.length() - 20);
    }
}
