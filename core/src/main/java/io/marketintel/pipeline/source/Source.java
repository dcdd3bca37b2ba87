package io.marketintel.pipeline.source;

import io.marketintel.pipeline.metrics.SourceMetrics;
import java.util.concurrent.CompletableFuture;

/**
 * A running source as the pipeline manages it. Implementations (one per transport) run all their
 * work on one thread of their own (an I/O event loop); the methods here may be called from any
 * thread and hand the work over to it.
 */
public interface Source extends Receiver {

    /** Begins connecting; completes with the outcome of the first attempt. */
    CompletableFuture<SourceState> start();

    /** Evaluates the lifecycle's deadlines (backoff, silence) and drains pending envelopes. */
    void tick();

    /** Stops for good: closes the connection gracefully, hands off what is pending. */
    CompletableFuture<Void> stop();

    SourceMetrics metrics();

    SourceLifecycle lifecycle();
}
