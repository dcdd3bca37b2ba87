package io.marketintel.pipeline.connector;

import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The hot path of a framed byte stream, whatever the framing: bytes as read → {@link #frame}
 * (views over the read buffer, copied only when a message spans reads) → {@link FrameIngest}.
 * When the hand-off is full under the {@code block} policy it stops reading ({@code autoRead}
 * off), keeps the unread bytes, and resumes once the pending envelopes have drained: TCP then
 * pushes back on the venue. Subclasses say how bytes become messages (a line or length-prefix
 * framer, the FIX framer and session) and report each outcome through {@link #action(IngestAction)}.
 *
 * <p>One instance per connection, on the source's event loop.
 */
public abstract class FramedStreamHandler extends ChannelInboundHandlerAdapter {
    private static final long RESUME_DELAY_MICROS = 200;

    private final NettySource source;
    private final FrameIngest ingest;
    private final SourcePublisher publisher;
    private final SourceMetrics metrics;
    private final int maxCumulationBytes;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final Runnable resumeTask = this::resume;
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private IngestAction action = IngestAction.CONTINUE;

    protected FramedStreamHandler(NettySource source, FrameIngest ingest, SourcePublisher publisher,
            SourceMetrics metrics, int maxCumulationBytes) {
        this.source = source;
        this.ingest = ingest;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxCumulationBytes = maxCumulationBytes;
    }

    /**
     * Frames what it can of {@code [offset, offset + length)}, stopping early when {@link
     * #action()} is no longer CONTINUE.
     *
     * @return the bytes consumed; the rest is presented again with what arrives next
     */
    protected abstract int frame(DirectBuffer buffer, int offset, int length);

    /** Before kept bytes are framed again after a pause: a chance to finish earlier work first. */
    protected IngestAction beforeResume() {
        return IngestAction.CONTINUE;
    }

    /** Why the connection is reset after {@link IngestAction#RESET}. */
    protected String resetReason() {
        final String resync = ingest.resyncReason();
        return resync != null ? resync : "reset after a bad message (policy reset); reconnecting";
    }

    protected final IngestAction action() {
        return action;
    }

    protected final void action(IngestAction next) {
        action = next;
    }

    protected final ChannelHandlerContext context() {
        return ctx;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        final ByteBuf in = (ByteBuf) msg;
        ingest.onBytes(in.readableBytes());
        ingest.beginBatch();
        try {
            if (action == IngestAction.RESET) {
                return;
            }
            if ((cumulation == null || !cumulation.isReadable()) && action == IngestAction.CONTINUE) {
                process(in);
                if (in.isReadable() && action != IngestAction.RESET) {
                    accumulate(in);
                }
            } else {
                accumulate(in);
                if (action == IngestAction.CONTINUE) {
                    process(cumulation);
                }
            }
        } finally {
            in.release();
            ingest.endBatch();
        }
        afterProcessing();
    }

    private void process(ByteBuf buf) {
        if (!ByteBufViews.wrap(view, buf)) {
            accumulate(buf);
            buf = cumulation;
            ByteBufViews.wrap(view, buf);
        }
        action = IngestAction.CONTINUE;
        final int consumed = frame(view, buf.readerIndex(), buf.readableBytes());
        buf.skipBytes(consumed);
    }

    private void accumulate(ByteBuf in) {
        if (cumulation == null) {
            cumulation = ctx.alloc().directBuffer(Math.max(in.readableBytes(), 4096), maxCumulationBytes);
        }
        if (cumulation.writableBytes() < in.readableBytes()) {
            cumulation.discardReadBytes();
        }
        if (cumulation.maxWritableBytes() < in.readableBytes()) {
            // Cannot happen while the framer bounds partial frames; refuse rather than grow.
            metrics.onOversize();
            action = IngestAction.RESET;
            in.skipBytes(in.readableBytes());
            return;
        }
        cumulation.writeBytes(in);
    }

    private void afterProcessing() {
        if (action == IngestAction.RESET) {
            source.reset(ctx.channel(), resetReason());
        } else if (action == IngestAction.PAUSE && ctx.channel().config().isAutoRead()) {
            ingest.onReadsPaused();
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    /** Retries the pending envelopes; once they are through, frames what was kept, then reads again. */
    private void resume() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!publisher.drainPending()) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        ingest.beginBatch();
        action = beforeResume();
        if (action == IngestAction.CONTINUE && cumulation != null && cumulation.isReadable()) {
            process(cumulation);
        }
        ingest.endBatch();
        if (action == IngestAction.PAUSE) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        } else if (action == IngestAction.RESET) {
            afterProcessing();
        } else {
            ingest.onReadsResumed();
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        source.onChannelClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        final String reason = cause instanceof IOException
                ? "connection error: " + cause.getMessage()
                : "unexpected error in the stream handler: " + cause;
        source.reset(ctx.channel(), reason);
    }
}
