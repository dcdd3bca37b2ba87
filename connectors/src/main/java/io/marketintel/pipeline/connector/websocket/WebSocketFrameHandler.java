package io.marketintel.pipeline.connector.websocket;

import io.marketintel.pipeline.codec.Utf8Text;
import io.marketintel.pipeline.connector.ByteBufViews;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The hot path of one WebSocket connection, after the upgrade: data messages → {@link
 * FrameIngest} as views over the received payload (copied only when fragments must be joined or
 * the payload has no flat memory, e.g. after inflation), one ingest batch per socket read.
 * Fragments are joined within {@code max_message_bytes}; past it the connection is closed with
 * 1009 and nothing more is buffered. Pings are answered, the venue's heartbeat reply is recognised
 * and kept from the decoder, and the close handshake is done both ways.
 *
 * <p>Under backpressure ({@link IngestAction#PAUSE}) it stops reading, parks the frames already
 * decoded from the last read (bounded by one read), and resumes once the publisher has drained,
 * as the TCP path does. One instance per connection, on the source's event loop.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
    private static final long RESUME_DELAY_MICROS = 200;

    private final WebSocketSource source;
    private final FrameIngest ingest;
    private final int maxMessageBytes;
    private final byte[] heartbeatReply;
    private final long closeTimeoutMs;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final ArrayDeque<WebSocketFrame> parked = new ArrayDeque<>();
    private final Runnable resumeTask = this::resume;
    private ChannelHandlerContext ctx;
    /** Joined fragments, or a flat copy of a payload that has no flat memory; bounded by maxMessageBytes. */
    private ByteBuf message;
    private boolean assembling;
    /** Whether the message being assembled is text (checked as UTF-8 once whole) rather than binary. */
    private boolean assemblingText;
    private boolean inBatch;
    private boolean closing;
    private boolean closeSent;
    private IngestAction action = IngestAction.CONTINUE;

    WebSocketFrameHandler(WebSocketSource source, FrameIngest ingest, int maxMessageBytes, byte[] heartbeatReply,
            long closeTimeoutMs) {
        this.source = source;
        this.ingest = ingest;
        this.maxMessageBytes = maxMessageBytes;
        this.heartbeatReply = heartbeatReply;
        this.closeTimeoutMs = closeTimeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            // After our close (1009, a protocol error): nothing more is decoded or buffered.
            if (frame instanceof CloseWebSocketFrame) {
                ctx.channel().close();
            }
            frame.release();
            return;
        }
        if (action != IngestAction.CONTINUE || !parked.isEmpty()) {
            parked.add(frame);
            return;
        }
        if (!inBatch) {
            inBatch = true;
            ingest.beginBatch();
        }
        process(frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (inBatch) {
            inBatch = false;
            ingest.endBatch();
        }
        afterProcessing();
        ctx.fireChannelReadComplete();
    }

    /** Handles one frame and releases it. */
    private void process(WebSocketFrame frame) {
        try {
            if (frame.rsv() != 0) {
                // The frame decoder lets RSV bits through when extensions are allowed; what no
                // negotiated extension consumed is a protocol error (RFC 6455 section 5.2).
                protocolError(WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set (RSV=" + frame.rsv()
                        + ") without a negotiated extension that uses them");
            } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                onDataFrame(frame);
            } else if (frame instanceof ContinuationWebSocketFrame) {
                onContinuation(frame);
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                onClose(close);
            }
        } finally {
            frame.release();
        }
    }

    private void onDataFrame(WebSocketFrame frame) {
        final ByteBuf payload = frame.content();
        final boolean text = frame instanceof TextWebSocketFrame;
        if (frame.isFinalFragment()) {
            deliver(payload, text);
            return;
        }
        assembling = true;
        assemblingText = text;
        append(payload);
    }

    private void onContinuation(WebSocketFrame frame) {
        if (!assembling) {
            return;
        }
        if (!append(frame.content())) {
            return;
        }
        if (frame.isFinalFragment()) {
            assembling = false;
            deliver(message, assemblingText);
            message.clear();
        }
    }

    /** @return false when the message would pass max_message_bytes (the connection is then closing) */
    private boolean append(ByteBuf fragment) {
        final int held = message == null ? 0 : message.readableBytes();
        if ((long) held + fragment.readableBytes() > maxMessageBytes) {
            source.metrics().onOversize();
            protocolError(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message of more than " + maxMessageBytes
                    + " bytes (max_message_bytes) in fragments");
            return false;
        }
        ensureMessageBuffer();
        message.writeBytes(fragment);
        return true;
    }

    private void ensureMessageBuffer() {
        if (message == null) {
            message = ctx.alloc().directBuffer(Math.min(maxMessageBytes, 16 * 1024), maxMessageBytes);
        }
    }

    /**
     * One complete message to the decoder (unless it is the venue's heartbeat reply). Text must be
     * UTF-8 (RFC 6455 section 8.1): checked here, on the whole message after inflation and
     * reassembly, which bounds what is checked by max_message_bytes; a message that is not closes
     * the connection with 1007 and nothing of it is decoded.
     */
    private void deliver(ByteBuf payload, boolean text) {
        if (heartbeatReply != null && isHeartbeatReply(payload)) {
            source.onHeartbeatReply();
            return;
        }
        ByteBuf flat = payload;
        if (!ByteBufViews.wrap(view, payload)) {
            ensureMessageBuffer();
            message.clear().writeBytes(payload, payload.readerIndex(), payload.readableBytes());
            flat = message;
            ByteBufViews.wrap(view, flat);
        }
        if (text && !Utf8Text.isValid(view, flat.readerIndex(), flat.readableBytes())) {
            protocolError(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text message is not UTF-8");
        } else {
            action = ingest.onFrame(view, flat.readerIndex(), flat.readableBytes());
        }
        if (flat == message) {
            message.clear();
        }
    }

    private boolean isHeartbeatReply(ByteBuf payload) {
        if (payload.readableBytes() != heartbeatReply.length) {
            return false;
        }
        final int start = payload.readerIndex();
        for (int i = 0; i < heartbeatReply.length; i++) {
            if (payload.getByte(start + i) != heartbeatReply[i]) {
                return false;
            }
        }
        return true;
    }

    private void onClose(CloseWebSocketFrame close) {
        if (closeSent) {
            // The venue answered our close: the handshake is complete, TCP can go.
            ctx.channel().close();
            return;
        }
        final int code = close.statusCode();
        source.noteCloseReason(ctx.channel(), "venue closed the WebSocket (code " + code
                + (close.reasonText().isEmpty() ? "" : ", \"" + close.reasonText() + "\"") + ")");
        closing = true;
        closeSent = true;
        // Echo the code (RFC 6455 section 5.5.1), then close TCP: the venue is gone either way.
        final CloseWebSocketFrame echo = code > 0 ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame();
        ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes with this status and reason, without reading anything more. */
    void protocolError(WebSocketCloseStatus status, String reason) {
        source.noteCloseReason(ctx.channel(), "closed with " + status.code() + ": " + reason);
        closing = true;
        action = IngestAction.CONTINUE;
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(status, truncate(reason)))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.channel().close();
        }
    }

    /** Starts the close handshake (code 1000 on shutdown): waits briefly for the venue's close, then closes TCP. */
    void closeGracefully(WebSocketCloseStatus status) {
        if (closeSent || !ctx.channel().isActive()) {
            ctx.channel().close();
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status));
        final ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, closeTimeoutMs, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> timeout.cancel(false));
    }

    private static String truncate(String reason) {
        // A close frame's reason must fit the 125-byte control frame with its 2-byte code.
        return reason.length() > 120 ? reason.substring(0, 120) : reason;
    }

    private void afterProcessing() {
        if (action == IngestAction.RESET) {
            action = IngestAction.CONTINUE;
            source.noteCloseReason(ctx.channel(), "reset after a bad message (policy reset); reconnecting");
            closeGracefully(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
            closing = true;
        } else if (action == IngestAction.PAUSE && ctx.channel().config().isAutoRead()) {
            source.metrics().onBlocked();
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    /** Retries the pending envelopes; once through, handles the parked frames, then reads again. */
    private void resume() {
        if (!ctx.channel().isActive() || closing) {
            return;
        }
        if (!ingest.publisher().drainPending()) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        action = IngestAction.CONTINUE;
        if (!parked.isEmpty()) {
            ingest.beginBatch();
            WebSocketFrame frame;
            while (action == IngestAction.CONTINUE && !closing && (frame = parked.poll()) != null) {
                process(frame);
            }
            ingest.endBatch();
        }
        if (action == IngestAction.PAUSE) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        } else if (action == IngestAction.RESET) {
            afterProcessing();
        } else if (!closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        source.onChannelClosed(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (message != null) {
            message.release();
            message = null;
        }
        WebSocketFrame frame;
        while ((frame = parked.poll()) != null) {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        source.onConnectionError(ctx.channel(), cause, this);
    }
}
