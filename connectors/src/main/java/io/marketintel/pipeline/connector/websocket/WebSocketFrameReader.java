package io.marketintel.pipeline.connector.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The receiving side of RFC 6455 on a client connection, after the upgrade: frames the bytes
 * read off the socket, checks each frame header, joins fragments, inflates permessage-deflate
 * (RFC 7692) messages and hands whole messages to {@link Messages} as views of the bytes they
 * arrived in. A message in one uncompressed frame, the usual case, is neither copied nor wrapped
 * in an object: nothing is allocated per message. Joined fragments and inflated messages are
 * written to buffers kept between messages (given back after a large message, see {@link
 * #RETAINED_BUFFER_BYTES}).
 *
 * <p>Why not Netty's {@code WebSocket08FrameDecoder}: it copies each payload into a new buffer
 * and makes a frame object per message, 36-50 bytes allocated per message on the I/O thread (83
 * with Netty's inflater), which the pipeline's hot path must not do.
 *
 * <p>Every violation closes the connection through {@link Messages#onProtocolError} with the code
 * RFC 6455 gives it, before any more of the connection is read: a masked frame, reserved bits no
 * extension uses, a reserved opcode, a fragmented or oversize control frame, a continuation
 * without a message or a new message inside a fragmented one, a length not in its shortest form,
 * a frame, or a fragment that takes the joined message, past {@code max_message_bytes} (1009,
 * found from the header: that payload is never buffered), a message that inflates past it (1009)
 * or does not inflate (1007), a bad close frame. UTF-8 of text messages is the receiver's check,
 * on the whole message; it stops the reader with {@link #stop()} when it fails.
 *
 * <p>A frame cut across two socket reads is completed in a carry buffer with only the bytes it
 * lacks; the frames after it are read in place in the new read's buffer.
 *
 * <p>Under backpressure the receiver answers {@code false}; reading stops at that frame, the
 * bytes after it are kept (what was read until the socket reads stopped) and {@link #resume()}
 * goes on from there. One instance per connection, on its event loop.
 */
final class WebSocketFrameReader extends ChannelInboundHandlerAdapter implements WebSocketFrameDecoder {
    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int RSV1 = 0x4;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MAX_HEADER_BYTES = 10; // a client never receives a masking key
    private static final int INITIAL_CARRY_BYTES = 4 * 1024;
    /**
     * A connection keeps its carry, joining and inflating buffers between messages, at the size
     * the largest message so far made them. Past this size they are given back to the allocator
     * once {@link #SMALL_MESSAGES_BEFORE_SHRINK} messages in a row have fitted in it: one rare
     * large message (a snapshot, a burst) then does not keep up to max_message_bytes per buffer
     * for the connection's life, and a venue whose messages are regularly large does not make
     * them grow again for each one.
     */
    static final int RETAINED_BUFFER_BYTES = 64 * 1024;
    static final int SMALL_MESSAGES_BEFORE_SHRINK = 64;

    /** Where whole messages go. Called on the connection's event loop, from {@link #channelRead} or {@link #resume()}. */
    interface Messages {
        /**
         * One whole data message: {@code length} bytes at {@code index} of {@code buf}, valid during
         * the call only. @return false to stop reading (backpressure) until {@link #resume()}
         */
        boolean onMessage(boolean text, ByteBuf buf, int index, int length);

        /** A ping; its payload (at most 125 bytes) is valid during the call only. */
        void onPing(ByteBuf buf, int index, int length);

        /** The venue's close frame ({@code code} -1 when it gave none); nothing after it is read. */
        void onClose(int code, String reason);

        /** A protocol violation: the connection must close with {@code status}; nothing more is read. */
        void onProtocolError(WebSocketCloseStatus status, String reason);
    }

    private final Messages messages;
    private final int maxMessageBytes;
    /** Null unless permessage-deflate was negotiated. */
    private final PerMessageInflater inflater;
    private final int allowedRsv;
    private ChannelHandlerContext ctx;
    /** Data messages in a row that fitted in {@link #RETAINED_BUFFER_BYTES}. */
    private int smallMessagesInARow;
    /**
     * A message larger than {@link #RETAINED_BUFFER_BYTES} came since the buffers were last all
     * within it. Only then are buffers given back: one that the usual traffic grows past the size
     * (a compressed frame's inflate buffer is sized from the frame, a paused read carries several
     * reads) would otherwise be freed and grown again on every read.
     */
    private boolean largeMessageSeen;
    /** Bytes read but not framed yet (a partial frame, or frames left under backpressure); null when none. */
    private ByteBuf held;
    /** Where a partial frame is carried to the next read; kept between reads (see {@link #shrinkIdleBuffers}). */
    private ByteBuf carry;
    /** Fragments of an uncompressed message being joined; kept for the connection. */
    private ByteBuf joined;
    private boolean inMessage;
    private boolean messageText;
    private boolean messageCompressed;
    private boolean paused;
    /** After a violation or the venue's close: nothing more is read. */
    private boolean done;

    WebSocketFrameReader(Messages messages, int maxMessageBytes, PerMessageInflater inflater) {
        this.messages = messages;
        this.maxMessageBytes = maxMessageBytes;
        this.inflater = inflater;
        this.allowedRsv = inflater == null ? 0 : RSV1;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        // Until the read buffer is held (or copied and released by carryOver) it is ours to release,
        // also when the receiver throws while the cut frame is completed.
        boolean handedOver = false;
        try {
            // A frame cut by the last read: complete it with the bytes it lacks, not the whole read.
            while (!done && held != null && held == carry && !paused && in.isReadable()) {
                carry.writeBytes(in, Math.min(missingBytes(carry), in.readableBytes()));
                read();
            }
            if (done || !in.isReadable()) {
                return;
            }
            handedOver = true;
            if (held == null) {
                held = in; // framed in place: the usual case, no copy
            } else {
                carryOver(in); // only while paused: the frames read before wait with it
            }
        } finally {
            if (!handedOver) {
                in.release();
            }
        }
        read();
    }

    /** Goes on reading what was held back when the receiver answered false. */
    void resume() {
        paused = false;
        read();
    }

    /** Stops reading for good and lets go of what is held: the receiver is closing the connection. */
    void stop() {
        done = true;
        if (held != null) {
            releaseHeld();
        }
    }

    /**
     * How many more bytes the frame at the reader index needs to be whole: what its header lacks
     * while that is incomplete (its length is not known yet), then what its payload lacks; 0 when
     * it is all there.
     */
    private static int missingBytes(ByteBuf buf) {
        final int start = buf.readerIndex();
        final int available = buf.writerIndex() - start;
        if (available < 2) {
            return 2 - available;
        }
        final int length7 = buf.getByte(start + 1) & 0x7F;
        final int headerBytes = headerBytes(length7);
        if (available < headerBytes) {
            return headerBytes - available;
        }
        // The header was checked when it became whole (a bad length ends the connection), so this fits.
        return (int) Math.max(0, headerBytes + payloadLength(buf, start, length7) - available);
    }

    private static int headerBytes(int length7) {
        return length7 < 126 ? 2 : length7 == 126 ? 4 : MAX_HEADER_BYTES;
    }

    private static long payloadLength(ByteBuf buf, int start, int length7) {
        return length7 < 126 ? length7 : length7 == 126 ? buf.getUnsignedShort(start + 2) : buf.getLong(start + 2);
    }

    /** Frames what is held until it runs out, the receiver stops, or the connection is done. */
    private void read() {
        while (!paused && !done && held != null && readFrame(held)) {
            // one frame per pass
        }
        if (held == null) {
            return;
        }
        if (done || !held.isReadable()) {
            releaseHeld();
        } else if (held != carry && !paused) {
            // A partial frame: keep its bytes, not the whole read buffer, until the rest arrives.
            final ByteBuf rest = held;
            held = null;
            carryOver(rest);
        }
    }

    /** Appends {@code in} (released here) to what is held, in the carry buffer. */
    private void carryOver(ByteBuf in) {
        if (carry == null) {
            carry = ctx.alloc().directBuffer(Math.max(INITIAL_CARRY_BYTES, in.readableBytes()));
        }
        if (held != null && held != carry) {
            final ByteBuf first = held;
            carry.clear().writeBytes(first);
            first.release();
        } else if (held == null) {
            carry.clear();
        } else {
            carry.discardReadBytes();
        }
        carry.writeBytes(in);
        in.release();
        held = carry;
    }

    private void releaseHeld() {
        if (held != carry) {
            held.release();
        } else {
            carry.clear();
        }
        held = null;
        if (largeMessageSeen && smallMessagesInARow >= SMALL_MESSAGES_BEFORE_SHRINK) {
            shrinkIdleBuffers();
        }
    }

    /**
     * Gives back the buffers grown past {@link #RETAINED_BUFFER_BYTES} that hold nothing now
     * (the read is all framed, no fragmented or compressed message is half-way); the next
     * message that needs one allocates it anew at its initial size.
     */
    private void shrinkIdleBuffers() {
        // The count is not reset here: a buffer still in use now is given back after a later read,
        // and the flag stays up until every buffer is within the size again.
        if (carry != null && carry.capacity() > RETAINED_BUFFER_BYTES) {
            carry.release();
            carry = null;
        }
        if (joined != null && !joined.isReadable() && joined.capacity() > RETAINED_BUFFER_BYTES) {
            joined.release();
            joined = null;
        }
        if (inflater != null) {
            inflater.releaseIdleBufferOver(RETAINED_BUFFER_BYTES);
        }
        largeMessageSeen = (carry != null && carry.capacity() > RETAINED_BUFFER_BYTES)
                || (joined != null && joined.capacity() > RETAINED_BUFFER_BYTES)
                || (inflater != null && inflater.bufferCapacityBytes() > RETAINED_BUFFER_BYTES);
    }

    /** Bytes held by this connection's carry, joining and inflating buffers, for tests. */
    int bufferCapacityBytes() {
        return (carry == null ? 0 : carry.capacity()) + (joined == null ? 0 : joined.capacity())
                + (inflater == null ? 0 : inflater.bufferCapacityBytes());
    }

    /** Reads one frame at the buffer's reader index. @return false if it is not all there yet or the connection is done */
    private boolean readFrame(ByteBuf buf) {
        final int start = buf.readerIndex();
        final int available = buf.writerIndex() - start;
        if (available < 2) {
            return false;
        }
        final int first = buf.getByte(start) & 0xFF;
        final int second = buf.getByte(start + 1) & 0xFF;
        final boolean fin = (first & 0x80) != 0;
        final int rsv = (first >> 4) & 0x7;
        final int opcode = first & 0xF;
        final int length7 = second & 0x7F;
        if (!headerIsValid(fin, rsv, opcode, (second & 0x80) != 0, length7)) {
            return false;
        }
        final int headerBytes = headerBytes(length7);
        if (available < headerBytes) {
            return false;
        }
        final long length = payloadLength(buf, start, length7);
        if ((length7 == 126 && length < 126) || (length7 == 127 && length < 65_536)) {
            // Negative (the top bit set) included: RFC 6455 section 5.2 forbids both.
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "payload length not in its shortest form (RFC 6455 section 5.2)");
        }
        if (length > maxMessageBytes) {
            return fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "frame of " + length + " bytes, more than "
                    + maxMessageBytes + " (max_message_bytes)");
        }
        if (opcode == OPCODE_CONTINUATION && !messageCompressed && joinedBytes() + length > maxMessageBytes) {
            // Refused from the header, like a frame too big: the fragment is not buffered first.
            return fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message of more than " + maxMessageBytes
                    + " bytes (max_message_bytes) in fragments");
        }
        if (available - headerBytes < length) {
            return false;
        }
        final int payload = start + headerBytes;
        buf.readerIndex(payload + (int) length);
        if (opcode >= OPCODE_CLOSE) {
            onControl(opcode, buf, payload, (int) length);
        } else {
            onData(opcode, fin, rsv, buf, payload, (int) length);
        }
        return !done;
    }

    private boolean headerIsValid(boolean fin, int rsv, int opcode, boolean masked, int length7) {
        if (masked) {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "masked frame from the venue (RFC 6455 section 5.1: a server"
                    + " must not mask)");
        }
        if (opcode > OPCODE_PONG || (opcode > OPCODE_BINARY && opcode < OPCODE_CLOSE)) {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (opcode >= OPCODE_CLOSE) {
            if (!fin) {
                return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "fragmented control frame (opcode " + opcode + ")");
            }
            if (length7 > MAX_CONTROL_PAYLOAD) {
                return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "control frame with payload length > 125");
            }
            if (rsv != 0) {
                return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set (RSV=" + rsv + ") on a control frame");
            }
            return true;
        }
        if ((rsv & ~allowedRsv) != 0) {
            // The frame decoder lets RSV bits through when extensions are allowed; what no
            // negotiated extension consumes is a protocol error (RFC 6455 section 5.2).
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "reserved bits set (RSV=" + rsv
                    + ") without a negotiated extension that uses them");
        }
        if (opcode == OPCODE_CONTINUATION) {
            if (!inMessage) {
                return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
            if (rsv != 0) {
                return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "RSV1 set on a continuation frame (RFC 7692 section 6.1)");
            }
        } else if (inMessage) {
            return fail(WebSocketCloseStatus.PROTOCOL_ERROR, "a new data message before the fragmented one was finished");
        }
        return true;
    }

    private void onData(int opcode, boolean fin, int rsv, ByteBuf buf, int index, int length) {
        if (opcode != OPCODE_CONTINUATION) {
            messageText = opcode == OPCODE_TEXT;
            messageCompressed = (rsv & RSV1) != 0;
        }
        inMessage = !fin;
        if (messageCompressed) {
            onCompressed(fin, buf, index, length);
        } else if (fin && opcode != OPCODE_CONTINUATION) {
            deliver(buf, index, length); // the usual case: in place
        } else {
            onFragment(fin, buf, index, length);
        }
    }

    private void onCompressed(boolean fin, ByteBuf buf, int index, int length) {
        switch (inflater.inflate(ctx.alloc(), buf, index, length, fin)) {
            case TOO_BIG -> fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "a compressed message inflates past "
                    + maxMessageBytes + " bytes (max_message_bytes)");
            case CORRUPT -> fail(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, inflater.failure());
            case OK -> {
                if (fin) {
                    final ByteBuf message = inflater.message();
                    deliver(message, message.readerIndex(), message.readableBytes());
                    inflater.nextMessage();
                }
            }
        }
    }

    private int joinedBytes() {
        return joined == null ? 0 : joined.readableBytes();
    }

    /** A fragment of an uncompressed message, within max_message_bytes as its header was checked. */
    private void onFragment(boolean fin, ByteBuf buf, int index, int length) {
        if (joined == null) {
            joined = ctx.alloc().directBuffer(Math.min(maxMessageBytes, 16 * 1024), maxMessageBytes);
        }
        joined.writeBytes(buf, index, length);
        if (fin) {
            deliver(joined, joined.readerIndex(), joined.readableBytes());
            if (joined != null) { // a stop() in the call may have given it back: empty, it looks idle
                joined.clear();
            }
        }
    }

    private void deliver(ByteBuf buf, int index, int length) {
        if (length <= RETAINED_BUFFER_BYTES) {
            // Capped: counting further changes nothing and would wrap on a long-lived connection.
            smallMessagesInARow = Math.min(smallMessagesInARow + 1, SMALL_MESSAGES_BEFORE_SHRINK);
        } else {
            smallMessagesInARow = 0;
            largeMessageSeen = true;
        }
        if (!messages.onMessage(messageText, buf, index, length)) {
            paused = true;
        }
    }

    private void onControl(int opcode, ByteBuf buf, int index, int length) {
        if (opcode == OPCODE_PING) {
            messages.onPing(buf, index, length);
        } else if (opcode == OPCODE_CLOSE) {
            onClose(buf, index, length);
        }
        // A pong answers nothing we asked: ignored (RFC 6455 section 5.5.3).
    }

    private void onClose(ByteBuf buf, int index, int length) {
        if (length == 1) {
            fail(WebSocketCloseStatus.PROTOCOL_ERROR, "close frame with a one-byte payload");
            return;
        }
        final int code = length == 0 ? -1 : buf.getUnsignedShort(index);
        // Netty's check lets 5000 and above through; RFC 6455 section 7.4.2 defines codes up to 4999.
        if (length > 0 && (!WebSocketCloseStatus.isValidStatusCode(code) || code > 4999)) {
            fail(WebSocketCloseStatus.PROTOCOL_ERROR, "invalid close code " + code);
            return;
        }
        final String reason;
        try {
            reason = length <= 2 ? "" : StandardCharsets.UTF_8.newDecoder()
                    .decode(buf.nioBuffer(index + 2, length - 2)).toString();
        } catch (CharacterCodingException e) {
            fail(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "close reason is not UTF-8");
            return;
        }
        done = true;
        messages.onClose(code, reason);
    }

    /** Stops reading for good and reports the violation. @return false, for the callers' convenience */
    private boolean fail(WebSocketCloseStatus status, String reason) {
        done = true;
        messages.onProtocolError(status, reason);
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        done = true;
        if (held != null) {
            releaseHeld();
        }
        if (carry != null) {
            carry.release();
            carry = null;
        }
        if (joined != null) {
            joined.release();
            joined = null;
        }
        if (inflater != null) {
            inflater.release();
        }
    }
}
