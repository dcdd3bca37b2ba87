package io.marketintel.pipeline.connector.websocket;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The RFC 6455 (version 13) client handshake, Netty's, with our {@link WebSocketFrameReader} as
 * the frame decoder once the upgrade is through. The reader is made then, not before, because it
 * depends on the answer: whether the venue accepted permessage-deflate.
 *
 * <p>One instance per connection attempt, on the source's event loop.
 */
final class ClientHandshaker extends WebSocketClientHandshaker13 {
    private final Supplier<WebSocketFrameReader> readers;

    ClientHandshaker(URI uri, String subprotocol, boolean offersExtensions, HttpHeaders headers, int maxMessageBytes,
            long closeTimeoutMs, Supplier<WebSocketFrameReader> readers) {
        super(uri, WebSocketVersion.V13, subprotocol, offersExtensions, headers, maxMessageBytes, true, false,
                closeTimeoutMs);
        this.readers = readers;
    }

    @Override
    protected WebSocketFrameDecoder newWebsocketDecoder() {
        return readers.get();
    }
}
