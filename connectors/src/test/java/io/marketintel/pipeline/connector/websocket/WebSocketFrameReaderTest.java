package io.marketintel.pipeline.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WebSocketFrameReader} on the bytes a server sends: whole messages out however the bytes
 * are split across reads, views of the received buffer when a message is one frame, pauses and
 * resumes at a frame boundary, every RFC 6455 violation closing with its code before anything
 * after it is read, permessage-deflate messages inflated, nothing allocated per message.
 */
class WebSocketFrameReaderTest {
    private static final int MAX = 100_000;
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    /** What the reader handed on, in order, as text. */
    private static class Recorder implements WebSocketFrameReader.Messages {
        final List<String> events = new ArrayList<>();
        final List<ByteBuf> buffers = new ArrayList<>();
        /** onMessage answers false for the message with this number (1-based), 0 for none. */
        int pauseAt;
        int messages;

        @Override
        public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
            messages++;
            events.add((text ? "text " : "binary ") + buf.toString(index, length, StandardCharsets.UTF_8));
            buffers.add(buf);
            return messages != pauseAt;
        }

        @Override
        public void onPing(ByteBuf buf, int index, int length) {
            events.add("ping " + buf.toString(index, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code + " " + reason);
        }

        @Override
        public void onProtocolError(WebSocketCloseStatus status, String reason) {
            events.add("error " + status.code() + " " + reason);
        }
    }

    @Test
    void deliversTheSameMessagesHoweverTheBytesAreSplitAcrossReads() {
        final byte[] big = "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII); // a 64-bit length
        final byte[] medium = "m".repeat(300).getBytes(StandardCharsets.US_ASCII); // a 16-bit length
        final byte[] stream = concat(
                frame(FIN | TEXT, ascii("{\"a\":1}")),
                frame(FIN | BINARY, medium),
                frame(TEXT, ascii("{\"b\":")),
                frame(FIN | PING, ascii("p")),
                frame(CONTINUATION, ascii("2")),
                frame(FIN | PONG, ascii("q")),
                frame(FIN | CONTINUATION, ascii("}")),
                frame(FIN | TEXT, big),
                frame(FIN | TEXT, new byte[0]),
                frame(FIN | CLOSE, concat(new byte[] {0x03, (byte) 0xE8}, ascii("bye"))),
                frame(FIN | TEXT, ascii("after the close")));
        final List<String> expected = List.of("text {\"a\":1}", "binary " + "m".repeat(300), "ping p", "text {\"b\":2}",
                "text " + "x".repeat(70_000), "text ", "close 1000 bye");

        for (int chunk : new int[] {1, 2, 3, 7, 64, 1000, stream.length}) {
            final Recorder recorder = new Recorder();
            final EmbeddedChannel ch = channel(recorder, null);
            for (int at = 0; at < stream.length; at += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + chunk))));
            }
            assertThat(recorder.events).as("read in chunks of %d bytes", chunk).isEqualTo(expected);
        }
    }

    @Test
    void handsOnAWholeFrameAsAViewOfTheBufferItArrivedInAndReleasesIt() {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel ch = channel(recorder, null);
        final ByteBuf read = Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("one")), frame(FIN | TEXT, ascii("two"))));

        ch.writeInbound(read);

        assertThat(recorder.events).containsExactly("text one", "text two");
        assertThat(recorder.buffers).allSatisfy(b -> assertThat(b).isSameAs(read));
        assertThat(read.refCnt()).as("the read buffer, once framed").isZero();
    }

    @Test
    void stopsAtTheFrameWhoseReceiverAnsweredFalseAndGoesOnFromThereOnResume() {
        final Recorder recorder = new Recorder();
        recorder.pauseAt = 2;
        final EmbeddedChannel ch = channel(recorder, null);
        final WebSocketFrameReader reader = ch.pipeline().get(WebSocketFrameReader.class);
        final byte[] third = frame(FIN | TEXT, ascii("three"));
        // Two whole frames and half of a third in one read; the rest of the third in a read during the pause.
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("one")), frame(FIN | TEXT, ascii("two")),
                Arrays.copyOf(third, 4))));
        assertThat(recorder.events).containsExactly("text one", "text two");
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(third, 4, third.length), frame(FIN | TEXT, ascii("four"))));
        assertThat(recorder.events).as("nothing read during the pause").containsExactly("text one", "text two");

        reader.resume();

        assertThat(recorder.events).containsExactly("text one", "text two", "text three", "text four");
    }

    @Test
    void completesAFrameCutAcrossReadsWithTheBytesItLacksAndReadsTheRestInPlace() {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel ch = channel(recorder, null);
        final byte[] cut = frame(FIN | TEXT, ascii("cut"));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("first")), Arrays.copyOf(cut, 1))));
        final ByteBuf second = Unpooled.wrappedBuffer(concat(Arrays.copyOfRange(cut, 1, cut.length),
                frame(FIN | TEXT, ascii("after")), frame(FIN | TEXT, ascii("last"))));

        ch.writeInbound(second);

        assertThat(recorder.events).containsExactly("text first", "text cut", "text after", "text last");
        assertThat(recorder.buffers.get(1)).as("the cut frame, completed on the side").isNotSameAs(second);
        assertThat(recorder.buffers.subList(2, 4)).as("the frames after it, in place")
                .allSatisfy(b -> assertThat(b).isSameAs(second));
        assertThat(second.refCnt()).isZero();
    }

    @Test
    void stopsForGoodWhenTheReceiverSaysSoAndKeepsNothingReadAfter() {
        final WebSocketFrameReader[] reader = new WebSocketFrameReader[1];
        final Recorder recorder = new Recorder() {
            @Override
            public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
                super.onMessage(text, buf, index, length);
                reader[0].stop(); // as the handler does when the text is not UTF-8
                return false;
            }
        };
        final EmbeddedChannel ch = channel(recorder, null);
        reader[0] = ch.pipeline().get(WebSocketFrameReader.class);
        final ByteBuf first = Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("bad")), frame(FIN | TEXT, ascii("next"))));
        final ByteBuf later = Unpooled.wrappedBuffer(frame(FIN | TEXT, ascii("later")));

        ch.writeInbound(first);
        ch.writeInbound(later);
        reader[0].resume();

        assertThat(recorder.events).containsExactly("text bad");
        assertThat(first.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
    }

    enum Violation {
        MASKED(1002, "masked frame", maskedFrame()),
        RESERVED_BITS(1002, "reserved bits set (RSV=2)", frame(FIN | 0x20 | TEXT, ascii("{}"))),
        RSV1_WITHOUT_DEFLATE(1002, "reserved bits set (RSV=4)", frame(FIN | RSV1 | TEXT, ascii("{}"))),
        RESERVED_DATA_OPCODE(1002, "reserved opcode 3", frame(FIN | 0x3, ascii("{}"))),
        RESERVED_CONTROL_OPCODE(1002, "reserved opcode 11", frame(FIN | 0xB, ascii("{}"))),
        FRAGMENTED_CONTROL(1002, "fragmented control frame", frame(PING, ascii("p"))),
        OVERSIZE_CONTROL(1002, "payload length > 125", frame(FIN | PING, new byte[126])),
        RESERVED_BITS_ON_CONTROL(1002, "on a control frame", frame(FIN | 0x10 | PING, ascii("p"))),
        CONTINUATION_FIRST(1002, "continuation frame without a message", frame(FIN | CONTINUATION, ascii("{}"))),
        NEW_MESSAGE_INSIDE_FRAGMENTED(1002, "before the fragmented one was finished",
                concat(frame(TEXT, ascii("{")), frame(FIN | TEXT, ascii("{}")))),
        LONG_16_BIT_LENGTH(1002, "shortest form", concat(new byte[] {(byte) (FIN | TEXT), 126, 0, 2}, ascii("{}"))),
        LONG_64_BIT_LENGTH(1002, "shortest form", concat(new byte[] {(byte) (FIN | TEXT), 127, 0, 0, 0, 0, 0, 0, 0, 2},
                ascii("{}"))),
        NEGATIVE_LENGTH(1002, "shortest form", new byte[] {(byte) (FIN | TEXT), 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 2}),
        // Only the header: the payload is refused before any of it arrives.
        FRAME_TOO_BIG(1009, "frame of 100001 bytes, more than 100000 (max_message_bytes)",
                new byte[] {(byte) (FIN | TEXT), 127, 0, 0, 0, 0, 0, 1, (byte) 0x86, (byte) 0xA1}),
        FRAGMENTS_TOO_BIG(1009, "in fragments", concat(frame(TEXT, new byte[MAX / 2]), frame(CONTINUATION, new byte[MAX / 2]),
                frame(FIN | CONTINUATION, new byte[1]))),
        // Only the fragment's header: the message it would make too big is refused before its payload arrives.
        FRAGMENT_HEADER_TOO_BIG(1009, "in fragments", concat(frame(TEXT, new byte[MAX - 10]),
                new byte[] {(byte) (FIN | CONTINUATION), 126, 0, (byte) 200})),
        ONE_BYTE_CLOSE(1002, "one-byte payload", frame(FIN | CLOSE, new byte[] {3})),
        INVALID_CLOSE_CODE(1002, "invalid close code 1005", frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xED})),
        CLOSE_REASON_NOT_UTF8(1007, "close reason is not UTF-8", frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xE8,
            (byte) 0xC3, 0x28}));

        final int code;
        final String reason;
        final byte[] bytes;

        Violation(int code, String reason, byte[] bytes) {
            this.code = code;
            this.reason = reason;
            this.bytes = bytes;
        }
    }

    @ParameterizedTest
    @EnumSource(Violation.class)
    void closesWithTheViolationsCodeAndReadsNothingAfterIt(Violation violation) {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel ch = channel(recorder, null);
        final ByteBuf read = Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("before")), violation.bytes,
                frame(FIN | TEXT, ascii("after"))));

        ch.writeInbound(read);
        ch.writeInbound(Unpooled.wrappedBuffer(frame(FIN | TEXT, ascii("next read"))));

        assertThat(recorder.events).hasSize(2).first().isEqualTo("text before");
        assertThat(recorder.events.get(1)).startsWith("error " + violation.code + " ").contains(violation.reason);
        assertThat(read.refCnt()).isZero();
    }

    @Test
    void inflatesCompressedMessagesSentWholeOrInFragmentsAndPassesPlainOnes() {
        final Recorder recorder = new Recorder();
        final EmbeddedChannel ch = channel(recorder, new PerMessageInflater(false, MAX));
        final Deflater venue = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final byte[] first = compress(venue, "{\"first\":1}");
        final byte[] second = compress(venue, "{\"second\":2,\"first\":1}");
        final int half = second.length / 2;
        venue.end();

        ch.writeInbound(Unpooled.wrappedBuffer(concat(
                frame(FIN | RSV1 | TEXT, first),
                frame(FIN | BINARY, ascii("plain")),
                frame(RSV1 | TEXT, Arrays.copyOf(second, half)),
                frame(FIN | PING, ascii("p")),
                frame(FIN | CONTINUATION, Arrays.copyOfRange(second, half, second.length)))));

        assertThat(recorder.events).containsExactly("text {\"first\":1}", "binary plain", "ping p",
                "text {\"second\":2,\"first\":1}");
    }

    @Test
    void refusesRsv1OnAContinuationDataThatDoesNotInflateAndABomb() {
        final byte[] compressed = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), "{\"a\":1}");
        final byte[] bomb = compress(new Deflater(Deflater.BEST_COMPRESSION, true), " ".repeat(MAX + 1));
        assertThat(bomb.length).isLessThan(1_000);

        assertThat(eventsOf(concat(frame(RSV1 | TEXT, Arrays.copyOf(compressed, 3)),
                frame(FIN | RSV1 | CONTINUATION, Arrays.copyOfRange(compressed, 3, compressed.length)))))
                .singleElement().asString().startsWith("error 1002 ").contains("RSV1 set on a continuation frame");
        assertThat(eventsOf(frame(FIN | RSV1 | TEXT, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01})))
                .singleElement().asString().startsWith("error 1007 ").contains("does not inflate");
        assertThat(eventsOf(frame(FIN | RSV1 | BINARY, bomb)))
                .singleElement().asString().startsWith("error 1009 ").contains("inflates past " + MAX);
        assertThat(eventsOf(frame(FIN | RSV1 | RSV1 >> 1 | TEXT, compressed)))
                .singleElement().asString().startsWith("error 1002 ").contains("reserved bits set (RSV=6)");
    }

    /**
     * With the sources' allocator (pooled, as {@code NettySource} sets it) and Netty's leak
     * detection off, as in production at its default sampling: the tests run it at {@code
     * paranoid}, which records a stack trace on every access to a tracked buffer. (Copying from
     * an unpooled into an adaptive buffer, the embedded channel's default, allocates 64 bytes per
     * copy inside Netty.)
     */
    @Test
    void releasesTheReadBufferWhenTheReceiverThrowsOnAFrameCompletedFromTheCarry() {
        final Recorder throwing = new Recorder() {
            @Override
            public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
                if (buf.toString(index, length, StandardCharsets.US_ASCII).equals("cut")) {
                    throw new IllegalStateException("decoder bug");
                }
                return super.onMessage(text, buf, index, length);
            }
        };
        final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameReader(throwing, MAX, null));
        final byte[] cut = frame(FIN | TEXT, ascii("cut"));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(FIN | TEXT, ascii("first")), Arrays.copyOf(cut, 1))));
        final ByteBuf second = Unpooled.wrappedBuffer(concat(Arrays.copyOfRange(cut, 1, cut.length),
                frame(FIN | TEXT, ascii("after"))));

        final Throwable thrown = catchThrowable(() -> ch.writeInbound(second));
        ch.finishAndReleaseAll(); // the connection is reset and closed

        assertThat(thrown).hasMessageContaining("decoder bug");
        assertThat(second.refCnt()).as("the second read's buffer once the channel closed").isZero();
    }

    @Test
    void inflatesMessagesSharingOneWindowAcrossPausesFragmentsAndEveryReadSplit() {
        final Deflater venue = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            final String text = JettyBinanceServer.trade(i);
            expected.add("text " + text);
            final byte[] compressed = compress(venue, text);
            if (i % 3 == 0) { // fragmented, with a ping in between
                final int half = compressed.length / 2;
                stream.writeBytes(frame(RSV1 | TEXT, Arrays.copyOf(compressed, half)));
                stream.writeBytes(frame(FIN | PING, ascii("p")));
                stream.writeBytes(frame(FIN | CONTINUATION, Arrays.copyOfRange(compressed, half, compressed.length)));
            } else {
                stream.writeBytes(frame(FIN | RSV1 | TEXT, compressed));
            }
        }
        venue.end();
        final byte[] bytes = stream.toByteArray();
        for (int chunk : new int[] {1, 2, 5, 13, 100, bytes.length}) {
            final Recorder recorder = new Recorder() {
                @Override
                public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
                    super.onMessage(text, buf, index, length);
                    return messages % 4 != 0; // pauses at every fourth message
                }
            };
            final EmbeddedChannel ch = channel(recorder, new PerMessageInflater(false, MAX));
            final WebSocketFrameReader reader = ch.pipeline().get(WebSocketFrameReader.class);
            for (int at = 0; at < bytes.length; at += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk))));
                reader.resume();
            }
            for (int k = 0; k < expected.size(); k++) {
                reader.resume();
            }
            assertThat(recorder.events.stream().filter(e -> e.startsWith("text")).toList()).as("chunk %d", chunk)
                    .isEqualTo(expected);
        }
    }

    @Test
    void allocatesNothingPerMessage() {
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            readTenThousandMessagesFiveTimes();
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }

    @Test
    void givesBackBuffersThatOneLargeMessageGrewOnceSmallMessagesFollow() {
        final int small = WebSocketFrameReader.SMALL_MESSAGES_BEFORE_SHRINK;
        final Recorder recorder = new Recorder();
        final Deflater venue = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final WebSocketFrameReader reader = new WebSocketFrameReader(recorder, 1_000_000, new PerMessageInflater(false, 1_000_000));
        final EmbeddedChannel ch = new EmbeddedChannel(reader);
        channels.add(ch);
        final String large = "x".repeat(300_000);
        // A large message in three fragments, a large compressed one, and a large frame split across reads.
        final byte[] largeFrame = frame(FIN | TEXT, ascii(large));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(TEXT, ascii(large.substring(0, 100_000))),
                frame(CONTINUATION, ascii(large.substring(100_000, 200_000))),
                frame(FIN | CONTINUATION, ascii(large.substring(200_000))),
                frame(FIN | RSV1 | TEXT, compress(venue, large)),
                Arrays.copyOfRange(largeFrame, 0, 150_000))));
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(largeFrame, 150_000, largeFrame.length)));
        assertThat(recorder.messages).isEqualTo(3);
        final int grown = reader.bufferCapacityBytes();
        assertThat(grown).isGreaterThan(3 * WebSocketFrameReader.RETAINED_BUFFER_BYTES);

        final java.util.function.Supplier<byte[]> smallOnes = () -> concat(java.util.stream.IntStream.range(0, small)
                .mapToObj(i -> frame(FIN | RSV1 | TEXT, compress(venue, "{\"n\":" + i + "}"))).toArray(byte[][]::new));
        // Enough small messages to give back the buffers, but a compressed message is half-way in
        // the inflater at the end of the read: that buffer stays, the idle ones go. (Compressed in
        // wire order: the venue's deflate window carries over from message to message.)
        final byte[] smallFirst = smallOnes.get();
        final String halfway = "{\"m\":\"" + "abcdefghij0123456789".repeat(20) + "\"}";
        final byte[] halfwayCompressed = compress(venue, halfway);
        final int cut = halfwayCompressed.length / 2;
        ch.writeInbound(Unpooled.wrappedBuffer(concat(smallFirst,
                frame(RSV1 | TEXT, Arrays.copyOfRange(halfwayCompressed, 0, cut)))));
        assertThat(reader.bufferCapacityBytes()).isLessThan(grown)
                .isGreaterThan(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
        ch.writeInbound(Unpooled.wrappedBuffer(frame(FIN | CONTINUATION,
                Arrays.copyOfRange(halfwayCompressed, cut, halfwayCompressed.length))));
        assertThat(reader.bufferCapacityBytes()).isLessThanOrEqualTo(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
        assertThat(recorder.events).hasSize(3 + small + 1).endsWith("text " + halfway);

        // The same with a fragmented message half-way in the joining buffer, grown again first.
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(TEXT, ascii(large)), frame(FIN | CONTINUATION, ascii("!")))));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(smallOnes.get(), frame(TEXT, ascii("{\"last\"")))));
        assertThat(reader.bufferCapacityBytes()).isGreaterThan(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
        ch.writeInbound(Unpooled.wrappedBuffer(frame(FIN | CONTINUATION, ascii(":1}"))));
        assertThat(reader.bufferCapacityBytes()).isLessThanOrEqualTo(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
        assertThat(recorder.events).hasSize(3 + 2 * small + 3).endsWith("text {\"last\":1}");
        assertThat(recorder.events.get(3 + small + 1)).isEqualTo("text " + large + "!");
        assertThat(recorder.events.get(3 + small + 2)).isEqualTo("text {\"n\":0}");
        final int before = recorder.events.size();

        // The buffers come back when needed, and a message is whole whatever was given back before it.
        ch.writeInbound(Unpooled.wrappedBuffer(concat(frame(FIN | RSV1 | TEXT, compress(venue, large)),
                Arrays.copyOfRange(largeFrame, 0, 10))));
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(largeFrame, 10, largeFrame.length)));
        assertThat(recorder.events.subList(before, recorder.events.size()))
                .containsExactly("text " + large, "text " + large);
    }

    @Test
    void keepsABufferThatMessagesUnderTheSizeGrowWithoutALargeMessage() {
        // Poorly compressible messages of 50,000 bytes: each compressed frame is over 16 KiB, so
        // the inflate buffer is sized past 64 KiB although no message is larger than that.
        final Recorder recorder = new Recorder();
        final Deflater venue = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final WebSocketFrameReader reader = new WebSocketFrameReader(recorder, 1_000_000, new PerMessageInflater(false, 1_000_000));
        final EmbeddedChannel ch = new EmbeddedChannel(reader);
        channels.add(ch);
        final java.util.Random random = new java.util.Random(7);
        final String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        int grown = -1;
        for (int i = 0; i < 2 * WebSocketFrameReader.SMALL_MESSAGES_BEFORE_SHRINK; i++) {
            final StringBuilder text = new StringBuilder(50_000);
            while (text.length() < 50_000) {
                text.append(letters.charAt(random.nextInt(letters.length())));
            }
            ch.writeInbound(Unpooled.wrappedBuffer(frame(FIN | RSV1 | TEXT, compress(venue, text.toString()))));
            assertThat(recorder.messages).isEqualTo(i + 1);
            if (i == 0) {
                grown = reader.bufferCapacityBytes();
                assertThat(grown).isGreaterThan(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
            }
        }
        assertThat(reader.bufferCapacityBytes()).as("not given back and grown again on every read").isEqualTo(grown);
    }

    @Test
    void letsTheReceiverStopItOnAnEmptyFragmentedMessageWhenTheBuffersAreDueToBeGivenBack() {
        // A large fragmented message grows the joining buffer; once SMALL_MESSAGES_BEFORE_SHRINK small
        // ones followed it is due to be given back, which stop() does too. Delivered empty, a joined
        // message leaves that buffer looking idle: the receiver's stop() during the call gave it back
        // and the reader then cleared it, a NullPointerException. (Found by WebSocketFrameReaderFuzzTest.)
        final int small = WebSocketFrameReader.SMALL_MESSAGES_BEFORE_SHRINK;
        final WebSocketFrameReader[] reader = new WebSocketFrameReader[1];
        final Recorder recorder = new Recorder() {
            @Override
            public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
                super.onMessage(text, buf, index, length);
                if (messages == 1 + small) {
                    reader[0].stop();
                    return false;
                }
                return true;
            }
        };
        reader[0] = new WebSocketFrameReader(recorder, 1_000_000, null);
        final EmbeddedChannel ch = new EmbeddedChannel(reader[0]);
        channels.add(ch);
        final byte[][] smallOnes = new byte[small - 1][];
        Arrays.fill(smallOnes, frame(FIN | TEXT, ascii("{}")));
        final ByteBuf read = Unpooled.wrappedBuffer(concat(
                frame(TEXT, new byte[50_000]), frame(FIN | CONTINUATION, new byte[50_000]),
                concat(smallOnes),
                frame(TEXT, new byte[0]), frame(FIN | CONTINUATION, new byte[0]), // the last small one
                frame(FIN | TEXT, ascii("after the stop"))));

        ch.writeInbound(read);

        assertThat(recorder.events).hasSize(1 + small).endsWith("text ");
        assertThat(read.refCnt()).isZero();
        assertThat(reader[0].bufferCapacityBytes()).as("the idle joining buffer, given back")
                .isLessThanOrEqualTo(WebSocketFrameReader.RETAINED_BUFFER_BYTES);
    }

    private void readTenThousandMessagesFiveTimes() {
        final Recorder counting = new Recorder() {
            @Override
            public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
                messages++;
                return true;
            }
        };
        final EmbeddedChannel ch = channel(counting, null);
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        final WebSocketFrameReader reader = ch.pipeline().get(WebSocketFrameReader.class);
        final ChannelHandlerContext ctx = ch.pipeline().context(reader);
        final byte[] trade = frame(FIN | TEXT, ascii(JettyBinanceServer.trade(1)));
        final byte[] fragmented = concat(frame(TEXT, ascii("{\"a\":")), frame(FIN | CONTINUATION, ascii("1}")));
        final ByteBuf stream = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < 10_000; i++) {
            stream.writeBytes(i % 10 == 0 ? fragmented : trade);
        }
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            // The last byte of the stream arrives in a read of its own, so that a partial frame is carried over.
            final ByteBuf most = stream.retainedSlice(0, stream.writerIndex() - 1);
            final ByteBuf last = stream.retainedSlice(stream.writerIndex() - 1, 1);
            final int before = counting.messages;
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            reader.channelRead(ctx, most);
            reader.channelRead(ctx, last);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            assertThat(counting.messages - before).isEqualTo(10_000);
            if (round > 0) { // the first round makes the connection's buffers
                // Under a byte per message: one object per message would be 160,000 or more. (A
                // one-off few kilobytes inside the pooled allocator show up in some rounds.)
                assertThat(allocated).as("bytes allocated reading 10,000 messages, round %d", round).isLessThan(10_000);
            }
        }
        stream.release();
    }

    private List<String> eventsOf(byte[] bytes) {
        final Recorder recorder = new Recorder();
        channel(recorder, new PerMessageInflater(false, MAX)).writeInbound(Unpooled.wrappedBuffer(bytes));
        return recorder.events;
    }

    private EmbeddedChannel channel(WebSocketFrameReader.Messages messages, PerMessageInflater inflater) {
        final EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameReader(messages, MAX, inflater));
        channels.add(ch);
        return ch;
    }

    /** One unmasked frame as a server sends it, the length in its shortest form. */
    static byte[] frame(int firstByte, byte[] payload) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65_536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] maskedFrame() {
        final byte[] masked = {(byte) (FIN | TEXT), (byte) (0x80 | 2), 1, 2, 3, 4, '{' ^ 1, '}' ^ 2};
        return masked;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One message as a permessage-deflate sender writes it: sync-flushed, the 00 00 FF FF tail cut off. */
    static byte[] compress(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] chunk = new byte[1024];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        final byte[] bytes = out.toByteArray();
        return Arrays.copyOf(bytes, bytes.length - 4);
    }
}
