package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.UnmappedPolicy;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.PipelineClock;
import org.agrona.DirectBuffer;

/**
 * The transport-independent part of the hot path: one framed message in, decoded, normalised,
 * encoded and handed off, with the source's policies applied to what does not decode (counted,
 * kept as {@code Raw}, skipped, or a connection reset). Transports frame the bytes and call
 * {@link #beginBatch()}, {@link #onFrame} per frame, and {@link #endBatch()} once per read.
 *
 * <p>Where the venue links its book updates ({@link MessageDecoder#bookUpdateChain()}), each
 * update is checked against the one before it of its symbol ({@link BookChains}); one that does
 * not follow is published after a {@code GAP_DETECTED} status naming the symbol and the ids, and,
 * where subscribing again brings a snapshot, the connection is reset ({@link #resyncReason()}) so
 * that the lifecycle reconnects and subscribes again.
 *
 * <p>The clock is read once at the start of a batch and once at its end (for the processing
 * time metric); nothing is allocated and nothing is logged per message. Not thread-safe: one
 * instance per source, on its I/O thread.
 */
public final class FrameIngest implements CanonicalEventHandler {
    private final MessageDecoder decoder;
    private final SourcePublisher publisher;
    private final SourceMetrics metrics;
    private final SourceLifecycle lifecycle;
    private final PipelineClock clock;
    private final UnmappedPolicy onUnmapped;
    private final ErrorPolicy onMalformed;
    private final ErrorPolicy onOversize;
    private final ByteSlice formatName;
    private final CanonicalEvent event;
    /** Null when the venue's book updates are not linked. */
    private final BookChains bookChains;
    /** The lifecycle's reconnect count when the chains were last started over. */
    private long chainsConnection;
    private String resyncReason;
    private boolean resyncedBefore;
    /** When the last resync was asked for (epoch ns of its batch); meaningful once {@link #resyncedBefore}. */
    private long lastResyncNs;
    /** A resync a break asked for within the interval of the last one: due once the interval is over; null for none. */
    private String deferredResyncReason;
    /** At most one reconnect for a broken book chain per this interval. */
    static final long RESYNC_INTERVAL_NS = 30_000_000_000L;

    private long batchStartNs;
    private int batchFrames;
    private boolean paused;

    public FrameIngest(
            DataSourceConfig config,
            MessageDecoder decoder,
            SourcePublisher publisher,
            SourceMetrics metrics,
            SourceLifecycle lifecycle,
            PipelineClock clock) {
        this.decoder = decoder;
        this.publisher = publisher;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.onUnmapped = config.onUnmapped();
        this.onMalformed = config.onMalformed();
        this.onOversize = config.framing().onOversize();
        this.formatName = ByteSlice.of(config.format());
        this.event = new CanonicalEvent(BookFields.DEFAULT_MAX_LEVELS, Decoders.maxFixFields(config));
        final BookUpdateChain chain = decoder.bookUpdateChain();
        this.bookChains = chain == BookUpdateChain.NONE ? null : new BookChains(chain);
    }

    public void beginBatch() {
        batchStartNs = clock.epochNanos();
        batchFrames = 0;
        publisher.beginBatch(batchStartNs);
        lifecycle.onData();
        if (bookChains != null && chainsConnection != lifecycle.reconnects()) {
            // A new connection: what the venue numbered on the old one does not continue here.
            chainsConnection = lifecycle.reconnects();
            bookChains.clear();
            resyncReason = null;
            deferredResyncReason = null; // the new connection's subscription brings the snapshots
        }
        if (deferredResyncReason != null && resyncReason == null && batchStartNs - lastResyncNs >= RESYNC_INTERVAL_NS) {
            resync(deferredResyncReason);
            deferredResyncReason = null;
        }
    }

    public void endBatch() {
        if (batchFrames > 0) {
            metrics.onBatch(clock.epochNanos() - batchStartNs, batchFrames);
        }
    }

    /** The venue answered the application heartbeat: alive, though it sent no data. */
    public void onVenueAlive() {
        lifecycle.onData();
    }

    /** Backpressure: the transport stopped reading; counted, and silence is not measured meanwhile. */
    public void onReadsPaused() {
        metrics.onBlocked();
        lifecycle.onReadsPaused();
    }

    /** The transport reads again after {@link #onReadsPaused()}. */
    public void onReadsResumed() {
        lifecycle.onReadsResumed();
    }

    public void onBytes(int bytes) {
        metrics.onBytes(bytes);
    }

    public IngestAction onFrame(DirectBuffer buffer, int offset, int length) {
        batchFrames++;
        metrics.onFrame();
        paused = false;
        final DecodeOutcome outcome = decoder.decode(buffer, offset, length, event, this);
        switch (outcome) {
            case MALFORMED -> {
                metrics.onMalformed();
                if (onMalformed == ErrorPolicy.RESET) {
                    return IngestAction.RESET;
                }
            }
            case UNMAPPED -> {
                if (onUnmapped == UnmappedPolicy.RAW) {
                    event.begin(EventKind.RAW);
                    event.raw.format.wrap(formatName);
                    event.raw.data.wrap(buffer, offset, length);
                    metrics.onRaw();
                    onEvent(event);
                } else {
                    metrics.onUnmappedSkipped();
                }
            }
            case DATA, CONTROL -> { }
        }
        if (resyncReason != null) {
            return IngestAction.RESET;
        }
        return paused ? IngestAction.PAUSE : IngestAction.CONTINUE;
    }

    /**
     * Why {@link #onFrame} asked for the connection to be reset when it was to take a fresh
     * snapshot after a broken book chain, rather than for a bad message; null otherwise. Kept
     * until the next connection.
     */
    public String resyncReason() {
        return resyncReason;
    }

    /** Book updates that did not follow the previous update of their symbol (each announced by a GAP_DETECTED). */
    private void checkChain(BookFields book) {
        final long expectedFirstId = bookChains.check(book);
        if (expectedFirstId == BookChains.FOLLOWS) {
            return;
        }
        if (expectedFirstId == BookChains.UNTRACKED) {
            metrics.onUncheckedBookUpdate();
            return;
        }
        metrics.onBookGap();
        final BookUpdateChain rule = bookChains.rule();
        // Consecutive ids tell how many updates were skipped; linked ids (OKX seqId) do not.
        final long missing = rule == BookUpdateChain.CONSECUTIVE ? Math.max(0, book.firstUpdateId - expectedFirstId) : 0;
        // A venue whose chains keep breaking must not keep the source reconnecting: one resync per
        // interval, the breaks in between reported only.
        final boolean resyncNow = rule.resubscribeHeals()
                && (!resyncedBefore || batchStartNs - lastResyncNs >= RESYNC_INTERVAL_NS);
        final String heal = resyncNow ? "reconnecting to subscribe again and take a fresh snapshot"
                : rule.resubscribeHeals() ? "reconnecting for a fresh snapshot once " + RESYNC_INTERVAL_NS / 1_000_000_000L
                        + " s have passed since the last resync; a book kept from this feed is wrong until then"
                : "a book kept from this feed is wrong until it is rebuilt from a snapshot";
        final String where = book.channel.length() > 0 ? book.symbol + " on " + book.channel : book.symbol.toString();
        final String reason = "book " + where + ": update " + book.firstUpdateId + ".." + book.lastUpdateId
                + " does not follow the previous one (expected first update id " + expectedFirstId + ")"
                + (missing > 0 ? ", " + missing + " update id(s) missing" : "") + "; " + heal;
        publisher.publishStatus(StreamStatus.State.GAP_DETECTED, reason, expectedFirstId, book.firstUpdateId, missing);
        final String reconnectReason = "book " + where + " broke its update chain; reconnecting for a fresh snapshot";
        if (resyncNow && resyncReason == null) {
            resync(reconnectReason);
        } else if (!resyncNow && rule.resubscribeHeals() && deferredResyncReason == null) {
            // The chain goes on from the broken update, so nothing later would ask again: remember it.
            deferredResyncReason = reconnectReason;
        }
    }

    private void resync(String reason) {
        resyncReason = reason;
        resyncedBefore = true;
        lastResyncNs = batchStartNs;
    }

    /** A frame longer than the source's limit was cut off by the framer. */
    public IngestAction onOversize() {
        metrics.onOversize();
        return onOversize == ErrorPolicy.RESET ? IngestAction.RESET : IngestAction.CONTINUE;
    }

    /** Called by the decoder for each event of the current frame. */
    @Override
    public void onEvent(CanonicalEvent decoded) {
        if (bookChains != null && decoded.kind() == EventKind.BOOK_UPDATE) {
            checkChain(decoded.book);
        }
        switch (publisher.publish(decoded)) {
            case QUEUED -> paused = true;
            case PUBLISHED, DROPPED -> { }
        }
    }

    /** The source's decoder, for a transport that reports more about a frame than the outcome (FIX Rejects). */
    public MessageDecoder decoder() {
        return decoder;
    }

    public SourcePublisher publisher() {
        return publisher;
    }
}
