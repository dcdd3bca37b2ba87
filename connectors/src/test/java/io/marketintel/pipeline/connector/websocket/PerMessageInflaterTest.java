package io.marketintel.pipeline.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PerMessageInflater} and {@link PerMessageDeflateOffer} on frames a permessage-deflate sender makes. */
class PerMessageInflaterTest {
    private static final int MAX = 4_096;
    private static final int RSV1 = WebSocketExtension.RSV1;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void inflatesMessagesThatShareTheWindowOfTheOnesBefore() {
        final EmbeddedChannel ch = channel(false);
        final Deflater sender = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        for (int i = 0; i < 50; i++) {
            final String json = trade(i);
            ch.writeInbound(new TextWebSocketFrame(true, RSV1, Unpooled.wrappedBuffer(compress(sender, json))));
            assertThat(readText(ch)).isEqualTo(json);
        }
        // Later messages are mostly back-references into the shared window: much smaller than the first.
        assertThat(compress(sender, trade(50)).length).isLessThan(compress(new Deflater(6, true), trade(50)).length);
        sender.end();
    }

    @Test
    void startsAnewForEachMessageWhenTheServerTakesNoContextOver() {
        final EmbeddedChannel ch = channel(true);
        for (int i = 0; i < 5; i++) {
            final Deflater fresh = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            ch.writeInbound(new TextWebSocketFrame(true, RSV1, Unpooled.wrappedBuffer(compress(fresh, trade(i)))));
            fresh.end();
            assertThat(readText(ch)).isEqualTo(trade(i));
        }
    }

    @Test
    void joinsACompressedMessageSentInFragmentsWithAPingBetween() {
        final EmbeddedChannel ch = channel(false);
        final byte[] compressed = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), trade(7) + trade(8));
        final int third = compressed.length / 3;
        ch.writeInbound(new TextWebSocketFrame(false, RSV1, Unpooled.wrappedBuffer(Arrays.copyOfRange(compressed, 0, third))));
        ch.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1})));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(compressed, third, 2 * third))));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(compressed, 2 * third, compressed.length))));

        final WebSocketFrame ping = ch.readInbound();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ping.release();
        assertThat(readText(ch)).isEqualTo(trade(7) + trade(8));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void passesUncompressedMessagesAsTheyAre() {
        final EmbeddedChannel ch = channel(false);
        final BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ch.writeInbound(binary);
        final WebSocketFrame out = ch.readInbound();
        assertThat(out).isSameAs(binary);
        out.release();
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("{\"a\":", StandardCharsets.UTF_8)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("1}", StandardCharsets.UTF_8)));
        final WebSocketFrame first = ch.readInbound();
        assertThat(first).isInstanceOf(TextWebSocketFrame.class);
        assertThat(first.isFinalFragment()).isFalse();
        assertThat(first.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":");
        first.release();
        final WebSocketFrame rest = ch.readInbound();
        assertThat(rest).isInstanceOf(ContinuationWebSocketFrame.class);
        rest.release();
    }

    @Test
    void refusesABombPastMaxMessageBytes() {
        final EmbeddedChannel ch = channel(false);
        final byte[] bomb = compress(new Deflater(Deflater.BEST_COMPRESSION, true), " ".repeat(MAX + 1));
        assertThat(bomb.length).isLessThan(100);
        assertThatThrownBy(() -> ch.writeInbound(new BinaryWebSocketFrame(true, RSV1, Unpooled.wrappedBuffer(bomb))))
                .isInstanceOf(DecompressionException.class).hasMessageContaining("inflates past " + MAX);
        // Exactly the limit is fine on a fresh connection.
        final EmbeddedChannel fresh = channel(false);
        fresh.writeInbound(new TextWebSocketFrame(true, RSV1, Unpooled.wrappedBuffer(
                compress(new Deflater(Deflater.BEST_COMPRESSION, true), " ".repeat(MAX)))));
        assertThat(readText(fresh)).hasSize(MAX);
    }

    @Test
    void failsOnDataThatDoesNotInflateAndOnRsv1InAContinuation() {
        final EmbeddedChannel garbage = channel(false);
        assertThatThrownBy(() -> garbage.writeInbound(new TextWebSocketFrame(true, RSV1,
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00, 0x01}))))
                .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.INVALID_PAYLOAD_DATA));
        final EmbeddedChannel ch = channel(false);
        final byte[] compressed = compress(new Deflater(Deflater.DEFAULT_COMPRESSION, true), trade(1));
        ch.writeInbound(new TextWebSocketFrame(false, RSV1, Unpooled.wrappedBuffer(Arrays.copyOf(compressed, 5))));
        assertThatThrownBy(() -> ch.writeInbound(new ContinuationWebSocketFrame(true, RSV1,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(compressed, 5, compressed.length)))))
                .isInstanceOfSatisfying(CorruptedWebSocketFrameException.class,
                        e -> assertThat(e.closeStatus()).isEqualTo(WebSocketCloseStatus.PROTOCOL_ERROR));
    }

    @Test
    void acceptsOnlyAnswersItCanHonour() {
        final PerMessageDeflateOffer offer = new PerMessageDeflateOffer(MAX);
        assertThat(offer.newRequestData().name()).isEqualTo("permessage-deflate");
        assertThat(offer.handshakeExtension(data(Map.of()))).isNotNull();
        assertThat(offer.handshakeExtension(data(Map.of("server_no_context_takeover", "", "client_max_window_bits", "10",
                "server_max_window_bits", "12", "client_no_context_takeover", "")))).isNotNull()
                .satisfies(e -> assertThat(e.rsv()).isEqualTo(RSV1));
        assertThat(offer.handshakeExtension(data(Map.of("server_max_window_bits", "16")))).isNull();
        assertThat(offer.handshakeExtension(data(Map.of("server_max_window_bits", "x")))).isNull();
        assertThat(offer.handshakeExtension(data(Map.of("something_else", "1")))).isNull();
        assertThat(offer.handshakeExtension(new WebSocketExtensionData("x-webkit-deflate-frame", Map.of()))).isNull();
    }

    private static WebSocketExtensionData data(Map<String, String> parameters) {
        return new WebSocketExtensionData("permessage-deflate", parameters);
    }

    private EmbeddedChannel channel(boolean noContextTakeover) {
        final EmbeddedChannel ch = new EmbeddedChannel(new PerMessageInflater(noContextTakeover, MAX));
        channels.add(ch);
        return ch;
    }

    private static String readText(EmbeddedChannel ch) {
        final WebSocketFrame frame = ch.readInbound();
        try {
            assertThat(frame).isInstanceOf(TextWebSocketFrame.class);
            assertThat(frame.isFinalFragment()).isTrue();
            assertThat(frame.rsv()).isZero();
            return frame.content().toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    /** One message as a permessage-deflate sender writes it: sync-flushed, the 00 00 FF FF tail cut off. */
    private static byte[] compress(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        final ByteBuf out = Unpooled.buffer();
        final byte[] chunk = new byte[1024];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.writeBytes(chunk, 0, n);
        } while (n == chunk.length);
        final byte[] bytes = new byte[out.readableBytes() - 4];
        out.readBytes(bytes);
        return bytes;
    }

    private static String trade(int id) {
        return JettyBinanceServer.trade(id + 1);
    }
}
