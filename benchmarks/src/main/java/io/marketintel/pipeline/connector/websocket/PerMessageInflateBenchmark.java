package io.marketintel.pipeline.connector.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inflating one permessage-deflate message (a 10+10-level depth update, 707 bytes, compressed as a
 * venue sends it) into the bytes the WebSocket source decodes: ours ({@link PerMessageInflater},
 * called by the frame reader with the frame's payload, as the source does) next to Netty's {@code
 * PerMessageDeflateDecoder} (what the source used before), the only handler of an {@code
 * EmbeddedChannel} that takes a frame object and whose end releases the inflated frame.
 * The venue compresses each message on its own ({@code server_no_context_takeover}) so that every
 * operation inflates the same bytes; with context takeover the window carries over and each
 * message would depend on the ones before.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PerMessageInflateBenchmark {
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final String DEPTH_UPDATE = depthUpdate();

    private ByteBuf compressed;
    private PerMessageInflater ours;
    private EmbeddedChannel netty;
    private long inflatedBytes;

    @Setup
    public void setup() {
        compressed = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(compress(DEPTH_UPDATE));
        ours = new PerMessageInflater(true, MAX_MESSAGE_BYTES);
        final WebSocketExtensionData answer = new WebSocketExtensionData("permessage-deflate",
                Map.of("server_no_context_takeover", ""));
        netty = new EmbeddedChannel(new PerMessageDeflateClientExtensionHandshaker(6, false, 15, false, false,
                MAX_MESSAGE_BYTES).handshakeExtension(answer).newExtensionDecoder(), new Release());
        inflatedBytes = 0;
        ours();
        final long fromOurs = inflatedBytes;
        nettys();
        if (fromOurs != DEPTH_UPDATE.length() || inflatedBytes != 2L * DEPTH_UPDATE.length()) {
            throw new IllegalStateException("the inflaters disagree: " + fromOurs + " and " + (inflatedBytes - fromOurs)
                    + " bytes for " + DEPTH_UPDATE.length());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ours.release();
        netty.finishAndReleaseAll();
        compressed.release();
    }

    @Benchmark
    public long ours() {
        if (ours.inflate(PooledByteBufAllocator.DEFAULT, compressed, 0, compressed.writerIndex(), true)
                != PerMessageInflater.Outcome.OK) {
            throw new IllegalStateException("does not inflate");
        }
        inflatedBytes += ours.message().readableBytes();
        ours.nextMessage();
        return inflatedBytes;
    }

    @Benchmark
    public long nettys() {
        netty.writeInbound(new TextWebSocketFrame(true, WebSocketExtension.RSV1, compressed.retainedDuplicate()));
        return inflatedBytes;
    }

    /** The end of the channel: counts the inflated bytes and releases the frame. */
    @ChannelHandler.Sharable
    private final class Release extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            final WebSocketFrame frame = (WebSocketFrame) msg;
            inflatedBytes += frame.content().readableBytes();
            frame.release();
        }
    }

    /** Raw deflate, sync-flushed, without the 00 00 FF FF tail: one message as RFC 7692 sends it. */
    private static byte[] compress(String text) {
        final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.US_ASCII));
        final byte[] out = new byte[4 * text.length() + 64];
        final int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        final byte[] message = new byte[n - 4];
        System.arraycopy(out, 0, message, 0, message.length);
        return message;
    }

    /** The depth update of the Binance benchmark: 10 bids and 10 asks. */
    private static String depthUpdate() {
        final StringBuilder json = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\","
                + "\"U\":157,\"u\":160,\"b\":[");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("[\"").append(27000 - i).append(".01000000\",\"0.")
                    .append(String.format("%08d", 1234567 + i)).append("\"]");
        }
        json.append("],\"a\":[");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("[\"").append(27001 + i).append(".02000000\",\"1.")
                    .append(String.format("%08d", 7654321 + i)).append("\"]");
        }
        return json.append("]}").toString();
    }
}
