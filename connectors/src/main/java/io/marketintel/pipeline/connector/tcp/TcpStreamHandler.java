package io.marketintel.pipeline.connector.tcp;

import io.marketintel.pipeline.codec.framing.FrameHandler;
import io.marketintel.pipeline.codec.framing.StreamFramer;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.connector.ByteBufViews;
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
 * The hot path of a TCP connection: bytes as read → frames (views over the read buffer, copied
 * only when a frame spans reads) → {@link FrameIngest}. When the hand-off is full under the
 * {@code block} policy it stops reading ({@code autoRead} off), keeps the unread frames, and
 * resumes once the pending envelopes have drained: TCP then pushes back on the venue.
 *
 * <p>One instance per connection, on the source's event loop; the per-source state it shares
 * across connections lives in {@link Shared}.
 */
final class TcpStreamHandler extends ChannelInboundHandlerAdapter implements FrameHandler {
    private static final long RESUME_DELAY_MICROS = 200;

    private final Shared shared;
    private final TcpSource source;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private IngestAction action = IngestAction.CONTINUE;
    private final Runnable resumeTask = this::resume;

    TcpStreamHandler(Shared shared, TcpSource source) {
        this.shared = shared;
        this.source = source;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        final ByteBuf in = (ByteBuf) msg;
        final FrameIngest ingest = shared.ingest;
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
        final int consumed = shared.framer.frame(view, buf.readerIndex(), buf.readableBytes(), this);
        buf.skipBytes(consumed);
    }

    private void accumulate(ByteBuf in) {
        if (cumulation == null) {
            cumulation = ctx.alloc().directBuffer(Math.max(in.readableBytes(), 4096), shared.maxCumulationBytes);
        }
        if (cumulation.writableBytes() < in.readableBytes()) {
            cumulation.discardReadBytes();
        }
        if (cumulation.maxWritableBytes() < in.readableBytes()) {
            // Cannot happen while the framer bounds partial frames; refuse rather than grow.
            shared.metrics.onOversize();
            action = IngestAction.RESET;
            in.skipBytes(in.readableBytes());
            return;
        }
        cumulation.writeBytes(in);
    }

    @Override
    public boolean onFrame(DirectBuffer buffer, int offset, int length) {
        action = shared.ingest.onFrame(buffer, offset, length);
        return action == IngestAction.CONTINUE;
    }

    @Override
    public boolean onOversize() {
        action = shared.ingest.onOversize();
        return action == IngestAction.CONTINUE;
    }

    private void afterProcessing() {
        if (action == IngestAction.RESET) {
            source.reset(ctx.channel(), "reset after a bad message (policy reset); reconnecting");
        } else if (action == IngestAction.PAUSE && ctx.channel().config().isAutoRead()) {
            shared.metrics.onBlocked();
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    /** Retries the pending envelopes; once they are through, frames what was kept, then reads again. */
    private void resume() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!shared.publisher.drainPending()) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
            return;
        }
        action = IngestAction.CONTINUE;
        if (cumulation != null && cumulation.isReadable()) {
            shared.ingest.beginBatch();
            process(cumulation);
            shared.ingest.endBatch();
        }
        if (action == IngestAction.PAUSE) {
            ctx.executor().schedule(resumeTask, RESUME_DELAY_MICROS, TimeUnit.MICROSECONDS);
        } else if (action == IngestAction.RESET) {
            afterProcessing();
        } else {
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

    /** What a source keeps across its connections: framer, ingest, limits. Event-loop confined. */
    static final class Shared {
        final StreamFramer framer;
        final FrameIngest ingest;
        final SourcePublisher publisher;
        final SourceMetrics metrics;
        final int maxCumulationBytes;

        Shared(DataSourceConfig config, FrameIngest ingest, SourcePublisher publisher, SourceMetrics metrics) {
            this.framer = new StreamFramer(config.framing());
            this.ingest = ingest;
            this.publisher = publisher;
            this.metrics = metrics;
            this.maxCumulationBytes = config.framing().maxFrameBytes() + 4 * config.bufferSize() + 16;
        }

        void resetForConnection() {
            framer.reset();
        }
    }
}
