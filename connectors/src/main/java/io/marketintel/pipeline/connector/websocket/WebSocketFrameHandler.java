package io.marketintel.pipeline.connector.websocket;

import io.marketintel.pipeline.codec.Utf8Text;
import io.marketintel.pipeline.connector.ByteBufViews;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The hot path of one WebSocket connection, after the upgrade: whole messages from {@link
 * WebSocketFrameReader}, views of the bytes they arrived in, → {@link FrameIngest}, one ingest
 * batch per socket read; a payload is copied only when it has no flat memory. Text must be UTF-8.
 * Pings are answered, the venue's heartbeat reply is recognised and kept from the decoder, and
 * the close handshake is done both ways; a protocol violation the reader finds closes the
 * connection with its code.
 *
 * <p>Under backpressure ({@link IngestAction#PAUSE}) it stops the reader and the socket reads, and
 * resumes once the publisher has drained, as the TCP path does; the bytes not yet framed wait in
 * the reader. One instance per connection, on the source's event loop.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter implements WebSocketFrameReader.Messages {
    private static final long RESUME_DELAY_MICROS = 200;

    private final WebSocketSource source;
    private final FrameIngest ingest;
    private final int maxMessageBytes;
    private final byte[] heartbeatReply;
    private final long closeTimeoutMs;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final Runnable resumeTask = this::resume;
    private ChannelHandlerContext ctx;
    private WebSocketFrameReader reader;
    /** What we send on this connection (subscriptions, heartbeat); stopped once our close is out. */
    private WebSocketSession session;
    /** A flat copy of a payload that has no flat memory; bounded by maxMessageBytes. */
    private ByteBuf flatCopy;
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

    /** The session of this connection, once the upgrade is through. */
    void session(WebSocketSession session) {
        this.session = session;
    }

    /** The reader of this connection's frames, made at the end of the upgrade. */
    WebSocketFrameReader newReader(PerMessageInflater inflater) {
        reader = new WebSocketFrameReader(this, maxMessageBytes, inflater);
        return reader;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        endBatch();
        afterProcessing();
        ctx.fireChannelReadComplete();
    }

    private void endBatch() {
        if (inBatch) {
            inBatch = false;
            ingest.endBatch();
        }
    }

    /**
     * One complete message to the decoder (unless it is the venue's heartbeat reply). Text must be
     * UTF-8 (RFC 6455 section 8.1): checked here, on the whole message after inflation and
     * reassembly, which bounds what is checked by max_message_bytes; a message that is not closes
     * the connection with 1007 and nothing of it is decoded.
     */
    @Override
    public boolean onMessage(boolean text, ByteBuf buf, int index, int length) {
        if (closing) {
            return true; // read on, to the venue's answer to our close
        }
        if (heartbeatReply != null && isHeartbeatReply(buf, index, length)) {
            source.onHeartbeatReply();
            ingest.onVenueAlive();
            return true;
        }
        if (!inBatch) {
            inBatch = true;
            ingest.beginBatch();
        }
        int offset = index;
        if (!ByteBufViews.wrap(view, buf)) {
            if (flatCopy == null) {
                flatCopy = ctx.alloc().directBuffer(Math.min(maxMessageBytes, 16 * 1024), maxMessageBytes);
            }
            flatCopy.clear().writeBytes(buf, index, length);
            ByteBufViews.wrap(view, flatCopy);
            offset = 0;
        }
        if (text && !Utf8Text.isValid(view, offset, length)) {
            protocolError(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text message is not UTF-8");
            return false;
        }
        action = ingest.onFrame(view, offset, length);
        return action == IngestAction.CONTINUE;
    }

    @Override
    public void onPing(ByteBuf buf, int index, int length) {
        if (!closing) {
            ctx.writeAndFlush(new PongWebSocketFrame(ctx.alloc().buffer(length).writeBytes(buf, index, length)));
        }
    }

    @Override
    public void onClose(int code, String reason) {
        if (closeSent) {
            // The venue answered our close: the handshake is complete, TCP can go.
            ctx.channel().close();
            return;
        }
        source.noteCloseReason(ctx.channel(), "venue closed the WebSocket (code " + code
                + (reason.isEmpty() ? "" : ", \"" + reason + "\"") + ")");
        closing = true;
        closeSent = true;
        stopSending();
        // Echo the code (RFC 6455 section 5.5.1), then close TCP: the venue is gone either way.
        final CloseWebSocketFrame echo = code > 0 ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame();
        ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void onProtocolError(WebSocketCloseStatus status, String reason) {
        if (status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            source.metrics().onOversize();
        }
        protocolError(status, (status.code() == WebSocketCloseStatus.PROTOCOL_ERROR.code()
                ? "protocol error from the venue: " : "") + reason);
    }

    private boolean isHeartbeatReply(ByteBuf buf, int index, int length) {
        if (length != heartbeatReply.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.getByte(index + i) != heartbeatReply[i]) {
                return false;
            }
        }
        return true;
    }

    /** Closes with this status and reason, without reading anything more. */
    void protocolError(WebSocketCloseStatus status, String reason) {
        source.noteCloseReason(ctx.channel(), "closed with " + status.code() + ": " + reason);
        closing = true;
        action = IngestAction.CONTINUE;
        if (reader != null) {
            reader.stop(); // nothing after the fault is framed or kept, however long TCP takes to close
        }
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            stopSending();
            ctx.writeAndFlush(new CloseWebSocketFrame(status, truncate(reason)))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.channel().close();
        }
    }

    /**
     * Starts the close handshake (code 1000 on shutdown): nothing more is sent after our close
     * (RFC 6455 section 5.5.1) and nothing more is decoded (the source is stopping, or going to
     * reconnect after a gap), the reads go on, even if backpressure had paused them, to the
     * venue's close; after a brief wait TCP is closed anyway.
     */
    void closeGracefully(WebSocketCloseStatus status) {
        closing = true;
        action = IngestAction.CONTINUE; // a pause no longer applies: nothing more is decoded
        if (closeSent || !ctx.channel().isActive()) {
            ctx.channel().close();
            return;
        }
        closeSent = true;
        stopSending();
        ctx.writeAndFlush(new CloseWebSocketFrame(status));
        ctx.channel().config().setAutoRead(true);
        if (reader != null) {
            reader.resume();
        }
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
            final String resync = ingest.resyncReason();
            if (resync != null) {
                // Nothing was wrong with the bytes: a normal close, and the reconnect subscribes again.
                source.noteCloseReason(ctx.channel(), resync);
                closeGracefully(WebSocketCloseStatus.NORMAL_CLOSURE);
                return;
            }
            source.noteCloseReason(ctx.channel(), "reset after a bad message (policy reset); reconnecting");
            closeGracefully(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
        } else if (action == IngestAction.PAUSE && !closing && ctx.channel().config().isAutoRead()) {
            ingest.onReadsPaused();
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    /** Retries the pending envelopes; once through, frames what was read before the pause, then reads again. */
    private void resume() {
        if (!ctx.channel().isActive() || closing) {
            return;
        }
        if (!ingest.publisher().drainPending()) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        action = IngestAction.CONTINUE;
        reader.resume();
        endBatch();
        if (action == IngestAction.PAUSE) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        } else if (action == IngestAction.RESET) {
            afterProcessing();
        } else if (!closing) {
            ingest.onReadsResumed();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void stopSending() {
        if (session != null) {
            session.stop();
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
        if (flatCopy != null) {
            flatCopy.release();
            flatCopy = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        source.onConnectionError(ctx.channel(), cause);
    }
}
