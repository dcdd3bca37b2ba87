package io.marketintel.pipeline.connector.websocket;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * The RFC 6455 (version 13) client handshake, Netty's, with the extension negotiation done here
 * ({@link PerMessageDeflateOffer}: the offer in the request, the answer checked with the rest of
 * the response) and our {@link WebSocketFrameReader} as the frame decoder once the upgrade is
 * through. The reader is made then, not before, because it depends on the answer: whether the
 * venue accepted permessage-deflate.
 *
 * <p>One instance per connection attempt, on the source's event loop.
 */
final class ClientHandshaker extends WebSocketClientHandshaker13 {
    private final PerMessageDeflateOffer extensions;
    private final Function<PerMessageInflater, WebSocketFrameReader> readers;

    /**
     * @param maxFramePayloadBytes only for Netty's own decoder, which {@link #newWebsocketDecoder()} replaces
     * @param readers the reader for the connection, given the inflater (null when uncompressed)
     */
    ClientHandshaker(URI uri, String subprotocol, HttpHeaders headers, int maxFramePayloadBytes, long closeTimeoutMs,
            PerMessageDeflateOffer extensions, Function<PerMessageInflater, WebSocketFrameReader> readers) {
        super(uri, WebSocketVersion.V13, subprotocol, false, headers, maxFramePayloadBytes, true, false,
                closeTimeoutMs);
        this.extensions = extensions;
        this.readers = readers;
    }

    @Override
    protected FullHttpRequest newHandshakeRequest() {
        final FullHttpRequest request = super.newHandshakeRequest();
        final String offer = extensions.offer();
        if (offer != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, offer);
        }
        return request;
    }

    @Override
    protected void verify(FullHttpResponse response) {
        super.verify(response);
        final List<String> answers = response.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        final String refused = extensions.check(answers.isEmpty() ? null : String.join(",", answers));
        if (refused != null) {
            throw new WebSocketHandshakeException(refused);
        }
    }

    @Override
    protected WebSocketFrameDecoder newWebsocketDecoder() {
        return readers.apply(extensions.newInflater());
    }
}
