package io.marketintel.pipeline.codec.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class StreamFramerTest {

    /** Feeds the stream in chunks, keeping unconsumed bytes like a transport's cumulation does. */
    private static final class Harness implements FrameHandler {
        final StreamFramer framer;
        final List<String> frames = new ArrayList<>();
        int oversize;
        int stopAfter = Integer.MAX_VALUE;
        byte[] pending = new byte[0];

        Harness(FramingSpec spec) {
            framer = new StreamFramer(spec);
        }

        void feed(byte[] bytes, int chunk) {
            for (int i = 0; i < bytes.length; i += chunk) {
                final int n = Math.min(chunk, bytes.length - i);
                final byte[] joined = new byte[pending.length + n];
                System.arraycopy(pending, 0, joined, 0, pending.length);
                System.arraycopy(bytes, i, joined, pending.length, n);
                final int consumed = framer.frame(new UnsafeBuffer(joined), 0, joined.length, this);
                pending = java.util.Arrays.copyOfRange(joined, consumed, joined.length);
            }
        }

        @Override
        public boolean onFrame(DirectBuffer buffer, int offset, int length) {
            frames.add(buffer.getStringWithoutLengthUtf8(offset, length));
            return frames.size() < stopAfter;
        }

        @Override
        public boolean onOversize() {
            oversize++;
            return true;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCutLinesAcrossAnyChunking() {
        final byte[] stream = ascii("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}\n{\"partial\"");
        for (int chunk = 1; chunk <= stream.length; chunk++) {
            final Harness h = new Harness(new FramingSpec(FramingType.LINE, 100, ErrorPolicy.SKIP));
            h.feed(stream, chunk);
            assertThat(h.frames).as("chunk %d", chunk).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
            assertThat(new String(h.pending, StandardCharsets.UTF_8)).isEqualTo("{\"partial\"");
        }
    }

    @Test
    void shouldSkipAnOversizeLineWithoutBufferingItAndCarryOn() {
        final String huge = "x".repeat(10_000);
        final byte[] stream = ascii("ok1\n" + huge + "\nok2\n");
        for (int chunk : new int[] {1, 7, 64, 4096, stream.length}) {
            final Harness h = new Harness(new FramingSpec(FramingType.LINE, 100, ErrorPolicy.SKIP));
            h.feed(stream, chunk);
            assertThat(h.frames).as("chunk %d", chunk).containsExactly("ok1", "ok2");
            assertThat(h.oversize).isEqualTo(1);
            assertThat(h.pending.length).isLessThanOrEqualTo(101 + chunk);
        }
    }

    @Test
    void shouldStopAfterAFrameWhenTheHandlerSaysSoAndResumeWithTheRest() {
        final Harness h = new Harness(new FramingSpec(FramingType.LINE, 100, ErrorPolicy.SKIP));
        h.stopAfter = 1;
        h.feed(ascii("a\nb\nc\n"), 6);
        assertThat(h.frames).containsExactly("a");
        assertThat(new String(h.pending, StandardCharsets.UTF_8)).isEqualTo("b\nc\n");
        h.stopAfter = Integer.MAX_VALUE;
        h.feed(new byte[0], 1);
        h.feed(ascii("d\n"), 2);
        assertThat(h.frames).containsExactly("a", "b", "c", "d");
    }

    private static byte[] prefixed(int prefixBytes, String... frames) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : frames) {
            final byte[] body = ascii(f);
            final ByteBuffer header = ByteBuffer.allocate(prefixBytes);
            if (prefixBytes == 2) {
                header.putShort((short) body.length);
            } else {
                header.putInt(body.length);
            }
            out.writeBytes(header.array());
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    @Test
    void shouldCutTwoAndFourByteLengthPrefixedFramesAcrossAnyChunking() {
        for (int prefix : new int[] {2, 4}) {
            final FramingType type = prefix == 2 ? FramingType.LENGTH_PREFIX_2 : FramingType.LENGTH_PREFIX_4;
            final byte[] stream = prefixed(prefix, "alpha", "", "beta\nwith newline", "gamma");
            for (int chunk = 1; chunk <= stream.length; chunk++) {
                final Harness h = new Harness(new FramingSpec(type, 100, ErrorPolicy.SKIP));
                h.feed(stream, chunk);
                assertThat(h.frames).as("prefix %d chunk %d", prefix, chunk)
                        .containsExactly("alpha", "beta\nwith newline", "gamma");
                assertThat(h.pending).isEmpty();
            }
        }
    }

    @Test
    void shouldSkipAnOversizeLengthPrefixedFrameByItsDeclaredLength() {
        final byte[] stream = prefixed(4, "small", "y".repeat(5_000), "after");
        for (int chunk : new int[] {1, 13, 512, stream.length}) {
            final Harness h = new Harness(new FramingSpec(FramingType.LENGTH_PREFIX_4, 1_000, ErrorPolicy.SKIP));
            h.feed(stream, chunk);
            assertThat(h.frames).as("chunk %d", chunk).containsExactly("small", "after");
            assertThat(h.oversize).isEqualTo(1);
        }
    }

    @Test
    void shouldForgetPartialStateOnReset() {
        final Harness h = new Harness(new FramingSpec(FramingType.LINE, 10, ErrorPolicy.SKIP));
        h.feed(ascii("this line is far too long"), 100);
        assertThat(h.oversize).isEqualTo(1);
        h.framer.reset();
        h.pending = new byte[0];
        h.feed(ascii("fresh\n"), 100);
        assertThat(h.frames).containsExactly("fresh");
    }
}
