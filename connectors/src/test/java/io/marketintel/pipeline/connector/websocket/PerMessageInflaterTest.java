package io.marketintel.pipeline.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.connector.websocket.PerMessageInflater.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PerMessageInflater} on payloads a permessage-deflate sender makes. */
class PerMessageInflaterTest {
    private static final int MAX = 4_096;

    private final List<PerMessageInflater> inflaters = new ArrayList<>();

    @AfterEach
    void release() {
        inflaters.forEach(PerMessageInflater::release);
    }

    @Test
    void inflatesMessagesThatShareTheWindowOfTheOnesBefore() {
        final PerMessageInflater inflater = inflater(false);
        final Deflater sender = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        for (int i = 0; i < 50; i++) {
            assertThat(inflateWhole(inflater, WebSocketFrameReaderTest.compress(sender, trade(i)))).isEqualTo(trade(i));
        }
        // Later messages are mostly back-references into the shared window: much smaller than the first.
        assertThat(WebSocketFrameReaderTest.compress(sender, trade(50)).length)
                .isLessThan(WebSocketFrameReaderTest.compress(new Deflater(6, true), trade(50)).length);
        sender.end();
    }

    @Test
    void startsAnewForEachMessageWhenTheServerTakesNoContextOver() {
        final PerMessageInflater inflater = inflater(true);
        for (int i = 0; i < 5; i++) {
            final Deflater fresh = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            assertThat(inflateWhole(inflater, WebSocketFrameReaderTest.compress(fresh, trade(i)))).isEqualTo(trade(i));
            fresh.end();
        }
    }

    @Test
    void joinsAMessageInflatedFrameByFrame() {
        final PerMessageInflater inflater = inflater(false);
        final byte[] compressed = WebSocketFrameReaderTest.compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                trade(7) + trade(8));
        final int third = compressed.length / 3;
        assertThat(inflate(inflater, Arrays.copyOfRange(compressed, 0, third), false)).isEqualTo(Outcome.OK);
        assertThat(inflate(inflater, Arrays.copyOfRange(compressed, third, 2 * third), false)).isEqualTo(Outcome.OK);
        assertThat(inflate(inflater, Arrays.copyOfRange(compressed, 2 * third, compressed.length), true)).isEqualTo(Outcome.OK);
        assertThat(inflater.message().toString(StandardCharsets.UTF_8)).isEqualTo(trade(7) + trade(8));
    }

    @Test
    void refusesABombPastMaxMessageBytesAndTakesExactlyTheLimit() {
        final byte[] bomb = WebSocketFrameReaderTest.compress(new Deflater(Deflater.BEST_COMPRESSION, true), " ".repeat(MAX + 1));
        assertThat(bomb.length).isLessThan(100);
        final PerMessageInflater inflater = inflater(false);
        assertThat(inflate(inflater, bomb, true)).isEqualTo(Outcome.TOO_BIG);
        assertThat(inflater.message().capacity()).as("never more than the limit and a byte").isLessThanOrEqualTo(MAX + 1);

        final PerMessageInflater fresh = inflater(false);
        assertThat(inflateWhole(fresh, WebSocketFrameReaderTest.compress(new Deflater(Deflater.BEST_COMPRESSION, true),
                " ".repeat(MAX)))).hasSize(MAX);
    }

    @Test
    void failsOnDataThatDoesNotInflate() {
        final PerMessageInflater inflater = inflater(false);
        assertThat(inflate(inflater, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01}, true)).isEqualTo(Outcome.CORRUPT);
        assertThat(inflater.failure()).startsWith("compressed message does not inflate");
    }

    private PerMessageInflater inflater(boolean noContextTakeover) {
        final PerMessageInflater inflater = new PerMessageInflater(noContextTakeover, MAX);
        inflaters.add(inflater);
        return inflater;
    }

    private static Outcome inflate(PerMessageInflater inflater, byte[] payload, boolean last) {
        // The payload in the middle of a larger buffer, as a frame's is.
        final ByteBuf frame = Unpooled.directBuffer().writeZero(3).writeBytes(payload).writeZero(5);
        try {
            return inflater.inflate(ByteBufAllocator.DEFAULT, frame, 3, payload.length, last);
        } finally {
            frame.release();
        }
    }

    private static String inflateWhole(PerMessageInflater inflater, byte[] payload) {
        assertThat(inflate(inflater, payload, true)).isEqualTo(Outcome.OK);
        final String text = inflater.message().toString(StandardCharsets.UTF_8);
        inflater.nextMessage();
        return text;
    }

    private static String trade(int id) {
        return JettyBinanceServer.trade(id + 1);
    }
}
