package io.marketintel.pipeline.connector.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import java.util.List;
import java.util.Map;

/**
 * Offers permessage-deflate (RFC 7692) in the upgrade request and remembers whether the venue
 * accepted it, so that the connection's {@link WebSocketFrameReader} gets a {@link
 * PerMessageInflater} ({@link #newInflater()}). The reader inflates, so the extension installs
 * no handler of its own in the pipeline: no frame object passes there. We send uncompressed (our
 * messages are a few small subscriptions, and compressing is optional per message), so of the
 * venue's answer only {@code server_no_context_takeover} changes anything; the window sizes are
 * within what a 15-bit inflater reads, and the client_* parameters apply to compression we do not
 * do. An answer with any other parameter is refused, which fails the upgrade as RFC 7692 requires.
 *
 * <p>One per connection, used on its event loop.
 */
final class PerMessageDeflateOffer implements WebSocketClientExtensionHandshaker {
    static final String NAME = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private final int maxMessageBytes;
    /** The venue's accepted answer, null until (or unless) it accepted. */
    private Accepted accepted;

    PerMessageDeflateOffer(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** An inflater for the connection if the venue accepted permessage-deflate, else null. */
    PerMessageInflater newInflater() {
        return accepted == null ? null : new PerMessageInflater(accepted.noContextTakeover(), maxMessageBytes);
    }

    @Override
    public WebSocketExtensionData newRequestData() {
        return new WebSocketExtensionData(NAME, Map.of());
    }

    @Override
    public WebSocketClientExtension handshakeExtension(WebSocketExtensionData answer) {
        if (!NAME.equals(answer.name())) {
            return null;
        }
        boolean noContextTakeover = false;
        for (Map.Entry<String, String> parameter : answer.parameters().entrySet()) {
            switch (parameter.getKey()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> noContextTakeover = true;
                case SERVER_MAX_WINDOW_BITS -> {
                    if (!isWindowBits(parameter.getValue())) {
                        return null;
                    }
                }
                case CLIENT_NO_CONTEXT_TAKEOVER, CLIENT_MAX_WINDOW_BITS -> { }
                default -> {
                    return null;
                }
            }
        }
        accepted = new Accepted(noContextTakeover);
        return accepted;
    }

    private static boolean isWindowBits(String value) {
        try {
            final int bits = Integer.parseInt(value);
            return bits >= 8 && bits <= 15;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The negotiated extension: the reader inflates what comes in; what goes out is left alone. */
    private record Accepted(boolean noContextTakeover) implements WebSocketClientExtension {
        @Override
        public int rsv() {
            return RSV1;
        }

        @Override
        public WebSocketExtensionEncoder newExtensionEncoder() {
            return new Uncompressed();
        }

        @Override
        public WebSocketExtensionDecoder newExtensionDecoder() {
            return new Inflated();
        }
    }

    /** Nothing to do in the pipeline: {@link WebSocketFrameReader} hands on messages, not frames. */
    private static final class Inflated extends WebSocketExtensionDecoder {
        @Override
        public boolean acceptInboundMessage(Object msg) {
            return false;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
            out.add(msg.retain());
        }
    }

    /** Our frames go out as they are: compression is optional per message for the sender. */
    private static final class Uncompressed extends WebSocketExtensionEncoder {
        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return false;
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, WebSocketFrame msg, List<Object> out) {
            out.add(msg.retain());
        }
    }
}
