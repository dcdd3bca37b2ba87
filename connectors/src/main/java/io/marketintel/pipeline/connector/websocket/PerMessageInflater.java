package io.marketintel.pipeline.connector.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692): a message whose first frame has RSV1 set
 * is inflated, all its frames together, into one final text or binary frame with RSV1 cleared;
 * uncompressed messages and control frames pass as they are. The inflated size is bounded by
 * {@code max_message_bytes}: past it the message fails with a {@link DecompressionException} (a
 * deflate bomb cannot make it allocate more), and data that does not inflate fails with 1007.
 *
 * <p>Why not Netty's {@code PerMessageDeflateDecoder}: it runs each message through an embedded
 * channel, a zlib decoder on heap arrays and a composite buffer, which took as much of the I/O
 * thread as everything else on the message together. Here one {@link Inflater} per connection
 * reads the frame's memory and writes a pooled direct buffer of the pipeline's allocator, the
 * message's own, so it can be parked under backpressure like any frame.
 *
 * <p>The LZ77 window carries over between messages unless the server said {@code
 * server_no_context_takeover}. One instance per connection, on its event loop.
 */
final class PerMessageInflater extends WebSocketExtensionDecoder {
    /** The empty stored block a sender strips from the end of each message (RFC 7692 section 7.2.1). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int MIN_INITIAL_BYTES = 1024;

    private final boolean noContextTakeover;
    private final int maxMessageBytes;
    private final Inflater inflater = new Inflater(true);
    private final ByteBuffer tail = ByteBuffer.allocateDirect(TAIL.length);
    /** The message being inflated, null between messages. */
    private ByteBuf inflated;
    private boolean compressed;
    private boolean text;

    PerMessageInflater(boolean noContextTakeover, int maxMessageBytes) {
        this.noContextTakeover = noContextTakeover;
        this.maxMessageBytes = maxMessageBytes;
        tail.put(TAIL);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        // Control frames are never compressed (RFC 7692 section 6.1).
        return msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) throws Exception {
        final boolean rsv1 = (frame.rsv() & WebSocketExtension.RSV1) != 0;
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            compressed = rsv1;
            text = frame instanceof TextWebSocketFrame;
        } else if (rsv1) {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV1 set on a continuation frame (RFC 7692 section 6.1)");
        }
        if (!compressed) {
            out.add(frame.retain());
            return;
        }
        if (inflated == null) {
            // One byte of room past the limit: a message that fills it exactly is not taken for a bomb.
            inflated = ctx.alloc().directBuffer(
                    Math.min(maxMessageBytes, Math.max(MIN_INITIAL_BYTES, 4 * frame.content().readableBytes())),
                    maxMessageBytes + 1);
        }
        final ByteBuf payload = frame.content();
        // One flat region, the usual case, is read in place; a composite one through a copy view.
        inflate(payload.nioBufferCount() == 1 ? payload.internalNioBuffer(payload.readerIndex(), payload.readableBytes())
                : payload.nioBuffer());
        if (!frame.isFinalFragment()) {
            return;
        }
        tail.clear();
        inflate(tail);
        final int rsv = frame.rsv() & ~WebSocketExtension.RSV1;
        final ByteBuf message = inflated;
        inflated = null;
        compressed = false;
        if (noContextTakeover || inflater.finished()) {
            inflater.reset(); // a final deflate block also ends the stream: the next message starts anew
        }
        out.add(text ? new TextWebSocketFrame(true, rsv, message) : new BinaryWebSocketFrame(true, rsv, message));
    }

    /** Inflates all of {@code input} onto the message, within max_message_bytes. */
    private void inflate(ByteBuffer input) throws DataFormatException {
        inflater.setInput(input);
        while (true) {
            if (!inflated.isWritable()) {
                inflated.ensureWritable(Math.min(inflated.capacity(), inflated.maxCapacity() - inflated.capacity()));
            }
            final int written;
            try {
                written = inflater.inflate(inflated.internalNioBuffer(inflated.writerIndex(), inflated.writableBytes()));
            } catch (DataFormatException e) {
                throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                        "compressed message does not inflate: " + e.getMessage());
            }
            inflated.writerIndex(inflated.writerIndex() + written);
            if (inflated.writerIndex() > maxMessageBytes) {
                throw new DecompressionException("a compressed message inflates past " + maxMessageBytes + " bytes");
            }
            if (inflater.finished()) {
                return; // a final block: whatever follows it in this message is not data
            }
            if (written == 0) {
                // Inflater returns 0 only when it needs input (done here) or a preset dictionary,
                // which permessage-deflate never has.
                if (inflater.needsDictionary()) {
                    throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                            "compressed message asks for a preset dictionary");
                }
                return;
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        if (inflated != null) {
            inflated.release();
            inflated = null;
        }
        inflater.end();
        super.handlerRemoved(ctx);
    }
}
