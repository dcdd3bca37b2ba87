package io.marketintel.pipeline.source;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.PipelineClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one state machine every source runs (DESIGN.md section 5): connect, detect silence, back
 * off exponentially with jitter (starting over once a connection has shown data, or logged on),
 * give up after {@code max_reconnect_attempts}. Every transition
 * is logged once, counted, and emitted downstream as a {@code StreamStatus}; a reconnect also
 * emits {@code GAP_DETECTED}, because data sent while the source was away may be missing.
 *
 * <p>Deadlines run on the injected {@link PipelineClock}'s monotonic time and are evaluated by
 * {@link #tick()}. Not thread-safe: every method must be called on the source's own thread.
 */
public final class SourceLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(SourceLifecycle.class);

    private final DataSourceConfig config;
    private final PipelineClock clock;
    private final Backoff backoff;
    private final StatusPublisher status;
    private SourceTransport transport;

    private volatile SourceState state = SourceState.IDLE;
    private int failedAttempts;
    private long nextAttemptAtNs;
    private long lastDataNs;
    private boolean dataSinceTick;
    /** Backpressure: we stopped reading the venue, so its silence means nothing until reads resume. */
    private boolean readsPaused;
    private boolean everConnected;
    private boolean logonRequired;
    private long reconnects;
    private long transitions;
    private final CompletableFuture<SourceState> firstOutcome = new CompletableFuture<>();

    public SourceLifecycle(DataSourceConfig config, PipelineClock clock, Backoff backoff, StatusPublisher status) {
        this.config = config;
        this.clock = clock;
        this.backoff = backoff;
        this.status = status;
    }

    /** Binds the transport; done once, before {@link #start()}. */
    public void transport(SourceTransport transport) {
        this.transport = transport;
    }

    /**
     * For session protocols (FIX): an attempt succeeds only at {@link #onLoggedOn}, so a venue
     * that accepts the connection but refuses the logon is backed off ever longer and {@code
     * max_reconnect_attempts} still applies. Set once, before {@link #start()}.
     */
    public void requireLogon(boolean required) {
        this.logonRequired = required;
    }

    public SourceState state() {
        return state;
    }

    /** Monotonic time of the next connect attempt while in {@link SourceState#BACKOFF}. */
    public long nextAttemptAtNs() {
        return nextAttemptAtNs;
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    public long reconnects() {
        return reconnects;
    }

    public long transitions() {
        return transitions;
    }

    /** Completes with the outcome of the first connection attempt: up, backing off, or stopped. */
    public CompletableFuture<SourceState> firstOutcome() {
        return firstOutcome;
    }

    public void start() {
        if (state == SourceState.IDLE) {
            connectNow(1);
        }
    }

    public void onConnected(String detail) {
        if (state != SourceState.CONNECTING) {
            return;
        }
        // The backoff starts over only once the connection has shown data (or, for a session
        // protocol, a logon): a venue that accepts every connection and drops it at once is backed
        // off ever longer and max_reconnect_attempts still applies.
        dataSinceTick = false;
        readsPaused = false;
        lastDataNs = clock.nanoTime();
        transition(SourceState.CONNECTED, detail, 0);
        if (everConnected) {
            reconnects++;
            status.publishStatus(StreamStatus.State.GAP_DETECTED,
                    "reconnected: data sent while the source was disconnected may be missing", 0, 0, 0);
        }
        everConnected = true;
    }

    public void onLoggedOn(String detail) {
        if (state == SourceState.CONNECTED) {
            failedAttempts = 0;
            transition(SourceState.LOGGED_ON, detail, 0);
        }
    }

    public void onSubscribed(String detail) {
        if (state == SourceState.CONNECTED || state == SourceState.LOGGED_ON) {
            transition(SourceState.SUBSCRIBED, detail, 0);
        }
    }

    public void onConnectFailed(String reason) {
        if (state == SourceState.CONNECTING) {
            transition(SourceState.DISCONNECTED, "connect to " + config.endpointForDisplay() + " failed: " + reason, 0);
            scheduleReconnect();
        }
    }

    public void onDisconnected(String reason) {
        readsPaused = false;
        if (state.isUp() || state == SourceState.STALE || state == SourceState.CONNECTING) {
            transition(SourceState.DISCONNECTED, reason, 0);
            scheduleReconnect();
        }
    }

    /**
     * Hot path, once per read batch: the source is alive (data, or a heartbeat answered). Reads no
     * clock; {@link #tick()} does.
     */
    public void onData() {
        dataSinceTick = true;
    }

    /**
     * Backpressure stopped the reads ({@code backpressure: block}): what the venue sends waits in
     * the socket, so no silence is measured until {@link #onReadsResumed()}; a slow consumer must
     * not make a venue look stale and cost a reconnect (and the data in between).
     */
    public void onReadsPaused() {
        readsPaused = true;
    }

    /** Reads are on again after {@link #onReadsPaused()}: silence is measured from now. */
    public void onReadsResumed() {
        if (readsPaused) {
            readsPaused = false;
            dataSinceTick = true;
        }
    }

    /** Evaluates deadlines: reconnect when the backoff has run out, STALE after silence. */
    public void tick() {
        final long now = clock.nanoTime();
        if (dataSinceTick || readsPaused) {
            if (dataSinceTick && state.isUp() && !logonRequired) {
                failedAttempts = 0;
            }
            dataSinceTick = false;
            lastDataNs = now;
        }
        if (state == SourceState.BACKOFF && now - nextAttemptAtNs >= 0) {
            connectNow(failedAttempts + 1);
        } else if (state.isUp() && !config.staleTimeout().isZero()
                && now - lastDataNs >= config.staleTimeout().toNanos()) {
            transition(SourceState.STALE, "no data for " + config.staleTimeout().toMillis() + " ms", 0);
            transport.disconnect("stale: no data for " + config.staleTimeout().toMillis() + " ms");
        }
    }

    /** Stops for good: closes the connection and emits STOPPED. */
    public void stop(String reason) {
        if (state == SourceState.STOPPED) {
            return;
        }
        final boolean wasConnected = state.isUp() || state == SourceState.STALE || state == SourceState.CONNECTING;
        transition(SourceState.STOPPED, reason, 0);
        if (wasConnected) {
            transport.disconnect(reason);
        }
    }

    private void connectNow(int attempt) {
        transition(SourceState.CONNECTING, "connecting to " + config.endpointForDisplay() + " (attempt " + attempt + ")", attempt);
        transport.connect();
    }

    private void scheduleReconnect() {
        failedAttempts++;
        final int max = config.maxReconnectAttempts();
        if (max > 0 && failedAttempts > max) {
            transition(SourceState.FAILED, "gave up after " + max + " reconnect attempts; check the endpoint "
                    + config.endpointForDisplay() + " and restart the source", failedAttempts - 1L);
            return;
        }
        final long delayNs = backoff.delayNanos(failedAttempts);
        nextAttemptAtNs = clock.nanoTime() + delayNs;
        transition(SourceState.BACKOFF, "reconnecting in " + TimeUnit.NANOSECONDS.toMillis(delayNs) + " ms",
                failedAttempts);
    }

    private void transition(SourceState next, String reason, long count) {
        final SourceState previous = state;
        state = next;
        transitions++;
        if (next == SourceState.DISCONNECTED || next == SourceState.FAILED || next == SourceState.STALE) {
            LOG.warn("source {}: {} -> {}: {}", config.sourceId(), previous, next, reason);
        } else {
            LOG.info("source {}: {} -> {}: {}", config.sourceId(), previous, next, reason);
        }
        status.publishStatus(next.wireState(), reason, 0, 0, count);
        if (next != SourceState.CONNECTING && next != SourceState.DISCONNECTED && !firstOutcome.isDone()) {
            firstOutcome.complete(next);
        }
    }
}
