package io.marketintel.pipeline.connector.websocket;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;

/**
 * The RFC 6455 (version 13) client handshake with a strict frame decoder that leaves the close
 * frame on a protocol violation to the {@link WebSocketFrameHandler}. Netty's decoder sits in front
 * of the frame encoder in a client pipeline, so a close frame it wrote itself would never be
 * encoded; the frame handler, behind the encoder, sends it with the violation's code instead.
 *
 * <p>One instance per connection attempt, on the source's event loop.
 */
final class ClientHandshaker extends WebSocketClientHandshaker13 {
    private final WebSocketDecoderConfig decoderConfig;

    ClientHandshaker(URI uri, String subprotocol, boolean allowExtensions, HttpHeaders headers, int maxFramePayloadLength,
            long closeTimeoutMs) {
        super(uri, WebSocketVersion.V13, subprotocol, allowExtensions, headers, maxFramePayloadLength, true, false,
                closeTimeoutMs);
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .allowMaskMismatch(false)
                .allowExtensions(allowExtensions)
                .maxFramePayloadLength(maxFramePayloadLength)
                .closeOnProtocolViolation(false)
                .build();
    }

    @Override
    protected WebSocketFrameDecoder newWebsocketDecoder() {
        return new WebSocket13FrameDecoder(decoderConfig);
    }
}
