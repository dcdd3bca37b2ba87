package io.marketintel.pipeline.connector.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of permessage-deflate (RFC 7692): the payloads of a compressed message's
 * frames are inflated, in order, onto one message buffer, which {@link WebSocketFrameReader}
 * delivers once the final frame is in. The inflated size is bounded by {@code max_message_bytes}:
 * past it {@link #inflate} answers {@link Outcome#TOO_BIG} and stops (a deflate bomb cannot make it
 * allocate more), and data that does not inflate answers {@link Outcome#CORRUPT}.
 *
 * <p>Why not Netty's {@code PerMessageDeflateDecoder}: it runs each message through an embedded
 * channel, a zlib decoder on heap arrays and a composite buffer, which took as much of the I/O
 * thread as everything else on the message together. Here one {@link Inflater} per connection
 * reads the frame's memory in place and writes one pooled direct buffer of the pipeline's
 * allocator, kept between messages and cleared for each one: nothing is allocated per message.
 * (The reader has it give the buffer back after a large message: {@link
 * WebSocketFrameReader#RETAINED_BUFFER_BYTES}.)
 *
 * <p>The LZ77 window carries over between messages unless the server said {@code
 * server_no_context_takeover}. One instance per connection, on its event loop.
 */
final class PerMessageInflater {
    /** The empty stored block a sender strips from the end of each message (RFC 7692 section 7.2.1). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int MIN_INITIAL_BYTES = 1024;

    /** What one call to {@link #inflate} found. */
    enum Outcome {
        /** Inflated; on the final frame the message is in {@link #message()}. */
        OK,
        /** The message inflates past max_message_bytes. */
        TOO_BIG,
        /** The data does not inflate ({@link #failure()} says why). */
        CORRUPT
    }

    private final boolean noContextTakeover;
    private final int maxMessageBytes;
    private final Inflater inflater = new Inflater(true);
    private final ByteBuffer tail = ByteBuffer.allocateDirect(TAIL.length);
    /** The message being inflated; kept between messages, released with the connection or by {@link #releaseIdleBufferOver}. */
    private ByteBuf message;
    private String failure;

    PerMessageInflater(boolean noContextTakeover, int maxMessageBytes) {
        this.noContextTakeover = noContextTakeover;
        this.maxMessageBytes = maxMessageBytes;
        tail.put(TAIL);
    }

    /**
     * Inflates {@code length} payload bytes at {@code index} of {@code frame} onto the current
     * message; {@code last} for the message's final frame, after which the whole message is in
     * {@link #message()} until the next call.
     */
    Outcome inflate(ByteBufAllocator alloc, ByteBuf frame, int index, int length, boolean last) {
        if (message == null) {
            // One byte of room past the limit: a message that fills it exactly is not taken for a bomb.
            message = alloc.directBuffer(Math.min(maxMessageBytes, Math.max(MIN_INITIAL_BYTES, 4 * length)),
                    maxMessageBytes + 1);
        }
        Outcome outcome = inflate(frame.nioBufferCount() == 1 ? frame.internalNioBuffer(index, length)
                : frame.nioBuffer(index, length));
        if (outcome != Outcome.OK || !last) {
            return outcome;
        }
        tail.clear();
        outcome = inflate(tail);
        if (noContextTakeover || inflater.finished()) {
            inflater.reset(); // a final deflate block also ends the stream: the next message starts anew
        }
        return outcome;
    }

    /** The inflated message, valid after the final frame's {@link #inflate} until the next call. */
    ByteBuf message() {
        return message;
    }

    /** Why the last {@link Outcome#CORRUPT} was answered. */
    String failure() {
        return failure;
    }

    /** Starts the next message: called once the message was delivered. */
    void nextMessage() {
        if (message != null) {
            message.clear();
        }
    }

    /** Inflates all of {@code input} onto the message, within max_message_bytes. */
    private Outcome inflate(ByteBuffer input) {
        inflater.setInput(input);
        while (true) {
            if (!message.isWritable()) {
                message.ensureWritable(Math.min(message.capacity(), message.maxCapacity() - message.capacity()));
            }
            final int written;
            try {
                written = inflater.inflate(message.internalNioBuffer(message.writerIndex(), message.writableBytes()));
            } catch (DataFormatException e) {
                failure = "compressed message does not inflate: " + e.getMessage();
                return Outcome.CORRUPT;
            }
            message.writerIndex(message.writerIndex() + written);
            if (message.writerIndex() > maxMessageBytes) {
                return Outcome.TOO_BIG;
            }
            if (inflater.finished()) {
                return Outcome.OK; // a final block: whatever follows it in this message is not data
            }
            if (written == 0) {
                // Inflater returns 0 only when it needs input (done here) or a preset dictionary,
                // which permessage-deflate never has.
                if (inflater.needsDictionary()) {
                    failure = "compressed message asks for a preset dictionary";
                    return Outcome.CORRUPT;
                }
                return Outcome.OK;
            }
        }
    }

    /** Releases the message buffer if it holds no message and grew past {@code bytes}; the next message allocates anew. */
    void releaseIdleBufferOver(int bytes) {
        if (message != null && !message.isReadable() && message.capacity() > bytes) {
            message.release();
            message = null;
        }
    }

    int bufferCapacityBytes() {
        return message == null ? 0 : message.capacity();
    }

    /** Frees the inflater and the message buffer; the connection is gone. */
    void release() {
        if (message != null) {
            message.release();
            message = null;
        }
        inflater.end();
    }
}
