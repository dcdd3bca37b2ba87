package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.Utf8Text;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The UTF-8 check every WebSocket text message needs (RFC 6455 section 8.1), on a venue-sized
 * JSON message in a direct buffer as Netty hands it over: ours ({@link Utf8Text} over the bytes
 * in place, as the WebSocket source runs it) next to Netty's {@code Utf8FrameValidator} (what the
 * source used before). Netty's validator is a pipeline handler, so it is measured in an {@code
 * EmbeddedChannel} ({@code netty}), with the same channel minus the validator ({@code
 * nettyChannelOnly}) to subtract: the validator's own cost is the difference.
 *
 * <p>JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class Utf8ValidationBenchmark {
    /** A trade (126 bytes) and a 10+10-level depth update (707 bytes), as in the Binance benchmark. */
    @Param({"trade", "depthUpdate"})
    public String message;

    private ByteBuf payload;
    private UnsafeBuffer view;
    private EmbeddedChannel withValidator;
    private EmbeddedChannel withoutValidator;
    private long bytesSeen;

    @Setup
    public void setup() {
        final byte[] bytes = message.equals("trade") ? BinanceSamples.TRADE : BinanceSamples.DEPTH_UPDATE;
        payload = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        view = new UnsafeBuffer(payload.memoryAddress(), bytes.length);
        withValidator = new EmbeddedChannel(new Utf8FrameValidator(false), new Release());
        withoutValidator = new EmbeddedChannel(new Release());
        if (!Utf8Text.isValid(view, 0, bytes.length) || !new String(bytes, StandardCharsets.UTF_8).startsWith("{")) {
            throw new IllegalStateException("the sample is not UTF-8 JSON");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        withValidator.finishAndReleaseAll();
        withoutValidator.finishAndReleaseAll();
        payload.release();
    }

    @Benchmark
    public boolean ours() {
        return Utf8Text.isValid(view, 0, payload.readableBytes());
    }

    @Benchmark
    public long netty() {
        withValidator.writeInbound(new TextWebSocketFrame(payload.retainedDuplicate()));
        return bytesSeen;
    }

    @Benchmark
    public long nettyChannelOnly() {
        withoutValidator.writeInbound(new TextWebSocketFrame(payload.retainedDuplicate()));
        return bytesSeen;
    }

    /** The end of the channel: counts and releases each frame. */
    private final class Release extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            final WebSocketFrame frame = (WebSocketFrame) msg;
            bytesSeen += frame.content().readableBytes();
            frame.release();
        }
    }
}
