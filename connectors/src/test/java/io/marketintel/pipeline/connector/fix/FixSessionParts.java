package io.marketintel.pipeline.connector.fix;

import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.handoff.EnvelopeHandoff;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.source.Backoff;
import io.marketintel.pipeline.source.Decoders;
import io.marketintel.pipeline.source.FrameIngest;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.source.SourceTransport;
import io.marketintel.pipeline.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Test support for driving a {@link FixSession} without a socket: a source "s" whose lifecycle is
 * connected (no transport), its {@link FrameIngest} publishing into a hand-off, and a connection
 * that records what the session sends.
 */
final class FixSessionParts {
    final SourceMetrics sourceMetrics = new SourceMetrics();
    final FixSessionMetrics metrics = new FixSessionMetrics();
    final FrameIngest ingest;
    final FixSession session;

    /**
     * A session on {@code store} whose Logon has gone out to {@code sent} (SOH as '|'; a close as
     * "CLOSE reason"), waiting for the reply.
     */
    FixSessionParts(FixOptions options, SequenceStore store, ManualClock clock, EnvelopeHandoff handoff, List<String> sent) {
        final DataSourceConfig config = DataSourceConfig.builder("s", Protocol.FIX, "127.0.0.1:1").fix(options).build();
        final SourcePublisher publisher = new SourcePublisher(handoff, 0, "s", BackpressurePolicy.BLOCK, 1 << 20, clock,
                sourceMetrics);
        final SourceLifecycle lifecycle = new SourceLifecycle(config, clock,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0), publisher);
        lifecycle.transport(new SourceTransport() {
            @Override
            public void connect() {
            }

            @Override
            public void disconnect(String reason) {
            }
        });
        lifecycle.start();
        lifecycle.onConnected("test");
        ingest = new FrameIngest(config, Decoders.forSource(config), publisher, sourceMetrics, lifecycle, clock);
        session = new FixSession("s", "venue", options, clock, store, new FixOutbound(options, null, store), ingest,
                lifecycle, sourceMetrics, metrics);
        session.onConnected(new FixConnection() {
            @Override
            public void send(DirectBuffer buffer, int offset, int length) {
                sent.add(buffer.getStringWithoutLengthAscii(offset, length).replace('\u0001', '|'));
            }

            @Override
            public void close(String reason) {
                sent.add("CLOSE " + reason);
            }
        });
    }
}
