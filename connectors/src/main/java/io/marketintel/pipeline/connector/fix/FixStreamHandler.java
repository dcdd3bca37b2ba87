package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.connector.FramedStreamHandler;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import org.agrona.DirectBuffer;

/**
 * The hot path of a FIX connection: bytes → {@link FixFramer} (validated messages as views, garbled
 * input reported and skipped) → {@link FixSession}, which hands in-sequence application messages
 * to {@link FrameIngest}. It is also the session's {@link FixConnection}: outgoing messages are
 * copied into pooled buffers and flushed, and a close waits for them to be flushed first.
 *
 * <p>One instance per connection, on the source's event loop.
 */
final class FixStreamHandler extends FramedStreamHandler implements FixFrameHandler, FixConnection {
    private final FixSource source;
    private final FixFramer framer;
    private final FixSession session;
    private final FrameIngest ingest;

    FixStreamHandler(FixSource source, FixFramer framer, FixSession session, FrameIngest ingest, int maxCumulationBytes) {
        super(source, ingest, ingest.publisher(), source.metrics(), maxCumulationBytes);
        this.source = source;
        this.framer = framer;
        this.session = session;
        this.ingest = ingest;
    }

    @Override
    protected int frame(DirectBuffer buffer, int offset, int length) {
        return framer.frame(buffer, offset, length, this);
    }

    @Override
    protected IngestAction beforeResume() {
        return session.resume();
    }

    @Override
    protected String resetReason() {
        return "FIX session closed";
    }

    @Override
    public boolean onMessage(DirectBuffer buffer, int offset, int length) {
        action(session.onMessage(buffer, offset, length));
        return action() == IngestAction.CONTINUE;
    }

    @Override
    public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
        action(session.onGarbled(reason));
        return action() == IngestAction.CONTINUE;
    }

    @Override
    public void onOversize(long declaredBodyLength) {
        ingest.onOversize();
        close("a FIX message announced BodyLength " + declaredBodyLength + ", over the limit of "
                + framer.maxMessageBytes() + " bytes; the stream cannot be trusted, reconnecting");
        action(IngestAction.RESET);
    }

    @Override
    public void send(DirectBuffer buffer, int offset, int length) {
        final ByteBuf out = context().alloc().directBuffer(length);
        if (buffer.byteArray() != null) {
            out.writeBytes(buffer.byteArray(), buffer.wrapAdjustment() + offset, length);
        } else {
            for (int i = 0; i < length; i++) {
                out.writeByte(buffer.getByte(offset + i));
            }
        }
        context().writeAndFlush(out, context().voidPromise());
    }

    @Override
    public void close(String reason) {
        source.closing(context().channel(), reason);
        context().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
