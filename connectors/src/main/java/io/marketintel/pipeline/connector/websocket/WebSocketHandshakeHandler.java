package io.marketintel.pipeline.connector.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Performs the HTTP upgrade of one connection: sends the request once the channel is up (after
 * TLS, which holds the write until its own handshake is done), checks the response (status,
 * accept key, subprotocol), installs UTF-8 validation of text messages in front of the frame
 * handler, and removes itself. Failures go to the source with a reason a user can act on.
 *
 * <p>One instance per connection, on the source's event loop.
 */
final class WebSocketHandshakeHandler extends ChannelInboundHandlerAdapter {
    private final WebSocketSource source;
    private final WebSocketClientHandshaker handshaker;
    private final String frameHandlerName;

    WebSocketHandshakeHandler(WebSocketSource source, WebSocketClientHandshaker handshaker, String frameHandlerName) {
        this.source = source;
        this.handshaker = handshaker;
        this.frameHandlerName = frameHandlerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshaker.handshake(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            source.handshakeFailed(ctx.channel(), "WebSocket upgrade refused: " + e.getMessage()
                    + "; check the endpoint path, websocket.headers and websocket.subprotocol");
            return;
        } finally {
            response.release();
        }
        // Text must be UTF-8 (RFC 6455 section 8.1); validated after inflation, before the decoder. The
        // frame handler sends the close (1007), as it does for every violation.
        ctx.pipeline().addBefore(frameHandlerName, "ws-utf8", new Utf8FrameValidator(false));
        ctx.pipeline().remove(this);
        source.handshakeComplete(ctx.channel(), handshaker.actualSubprotocol());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            source.handshakeFailed(ctx.channel(), source.describe(tls.cause()));
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        source.handshakeFailed(ctx.channel(), source.describe(cause));
    }
}
