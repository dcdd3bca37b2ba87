package io.marketintel.pipeline.connector.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Performs the HTTP upgrade of one connection: sends the request once the channel is up (after
 * TLS, which holds the write until its own handshake is done), checks the response (status,
 * accept key, subprotocol) and removes itself, leaving the frames to the frame handler. Failures go to the source with a reason a user can act on.
 *
 * <p>One instance per connection, on the source's event loop.
 */
final class WebSocketHandshakeHandler extends ChannelInboundHandlerAdapter {
    private final WebSocketSource source;
    private final WebSocketClientHandshaker handshaker;

    WebSocketHandshakeHandler(WebSocketSource source, WebSocketClientHandshaker handshaker) {
        this.source = source;
        this.handshaker = handshaker;
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
