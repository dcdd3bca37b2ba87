package io.marketintel.pipeline.connector.tcp;

import io.marketintel.pipeline.codec.framing.FrameHandler;
import io.marketintel.pipeline.codec.framing.StreamFramer;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.connector.FramedStreamHandler;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.IngestAction;
import org.agrona.DirectBuffer;

/**
 * The hot path of a TCP connection: a {@link FramedStreamHandler} whose frames are lines or
 * length-prefixed records cut by the source's {@link StreamFramer}, each handed to {@link
 * FrameIngest}.
 *
 * <p>One instance per connection, on the source's event loop; the per-source state it shares
 * across connections lives in {@link Shared}.
 */
final class TcpStreamHandler extends FramedStreamHandler implements FrameHandler {
    private final Shared shared;

    TcpStreamHandler(Shared shared, TcpSource source) {
        super(source, shared.ingest, shared.publisher, shared.metrics, shared.maxCumulationBytes);
        this.shared = shared;
    }

    @Override
    protected int frame(DirectBuffer buffer, int offset, int length) {
        return shared.framer.frame(buffer, offset, length, this);
    }

    @Override
    public boolean onFrame(DirectBuffer buffer, int offset, int length) {
        action(shared.ingest.onFrame(buffer, offset, length));
        return action() == IngestAction.CONTINUE;
    }

    @Override
    public boolean onOversize() {
        action(shared.ingest.onOversize());
        return action() == IngestAction.CONTINUE;
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
