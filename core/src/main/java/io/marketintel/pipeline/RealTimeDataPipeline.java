package io.marketintel.pipeline;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.handoff.Dispatcher;
import io.marketintel.pipeline.handoff.EnvelopeHandoff;
import io.marketintel.pipeline.handoff.InProcessConsumer;
import io.marketintel.pipeline.handoff.SourcePublisher;
import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.metrics.SourcePerformance;
import io.marketintel.pipeline.sink.Sink;
import io.marketintel.pipeline.source.Backoff;
import io.marketintel.pipeline.source.Decoders;
import io.marketintel.pipeline.source.Receiver;
import io.marketintel.pipeline.source.Source;
import io.marketintel.pipeline.source.SourceContext;
import io.marketintel.pipeline.source.SourceFactory;
import io.marketintel.pipeline.source.SourceFactoryProvider;
import io.marketintel.pipeline.source.SourceLifecycle;
import io.marketintel.pipeline.time.PipelineClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline (the seed's {@code RealTimeDataPipeline}): many sources in, one stream of canonical
 * protobuf envelopes out, to the sinks and to the in-process API. Add sources, call {@link
 * #startAllReceivers()}, then consume with {@link #getAggregatedData()} or {@link #poll}; {@link
 * #close()} shuts down gracefully (sources closed, hand-off drained, sinks flushed).
 *
 * <p>Thread-safe: sources may be added and metrics read from any thread; consumption may happen
 * on any thread (polls are serialised).
 */
public final class RealTimeDataPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimeDataPipeline.class);

    private final Options options;
    private final EnvelopeHandoff handoff;
    private final InProcessConsumer inProcess;
    private final Dispatcher dispatcher;
    private final List<SourceFactory> factories;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Map<String, Source> sourcesById = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ScheduledExecutorService control;
    private final MetricsSummaryLogger summaryLogger;
    private final PollAdapter pollAdapter = new PollAdapter();
    private volatile boolean started;
    private volatile boolean closed;

    private RealTimeDataPipeline(Options options) {
        this.options = options;
        this.handoff = new EnvelopeHandoff(options.handoffCapacityBytes);
        this.inProcess = options.inProcessConsumer ? new InProcessConsumer(options.consumerCapacityBytes) : null;
        this.dispatcher = new Dispatcher(handoff, options.sinks, inProcess);
        this.factories = new ArrayList<>(options.extraFactories);
        for (SourceFactoryProvider provider : ServiceLoader.load(SourceFactoryProvider.class)) {
            factories.add(provider.create(options.ioThreads));
        }
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "pipeline-control");
            t.setDaemon(true);
            return t;
        });
        this.summaryLogger = new MetricsSummaryLogger(this::getPerformanceMetrics);
    }

    /** A pipeline with default options and the in-process consumer on. */
    public static RealTimeDataPipeline create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds a source; the {@code protocol} of the config decides the transport.
     *
     * @throws IllegalArgumentException if the id is taken, or nothing supports the protocol or format
     */
    public synchronized Receiver addSource(DataSourceConfig config) {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
        if (sourcesById.containsKey(config.sourceId())) {
            throw new IllegalArgumentException("source id \"" + config.sourceId() + "\" is already in use");
        }
        final SourceFactory factory = factories.stream().filter(f -> f.supports(config.protocol())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("source " + config.sourceId() + ": no transport for protocol "
                        + config.protocol().configName() + " is available in this build"));
        final int index = sources.size();
        final SourceMetrics metrics = new SourceMetrics();
        // Room for what one message can produce while the source is paused (its frames wait unread).
        final int maxMessageBytes = config.protocol() == Protocol.WEBSOCKET
                ? config.websocket().maxMessageBytes() : config.framing().maxFrameBytes();
        final int pendingBytes = Math.max(256 * 1024, 4 * maxMessageBytes + 2 * config.bufferSize());
        final SourcePublisher publisher = new SourcePublisher(handoff, index, config.sourceId(), config.backpressure(),
                pendingBytes, options.clock, metrics);
        final SourceLifecycle lifecycle = new SourceLifecycle(config, options.clock,
                options.backoffFactory.apply(config), publisher);
        final Source source = factory.create(new SourceContext(index, config, options.clock, handoff, metrics,
                publisher, lifecycle, Decoders.forSource(config)));
        sources.add(source);
        sourcesById.put(config.sourceId(), source);
        if (started) {
            source.start();
        }
        return source;
    }

    public Receiver addWebSocketSource(DataSourceConfig config) {
        return addSource(requireProtocol(config, Protocol.WEBSOCKET));
    }

    public Receiver addFixSource(DataSourceConfig config) {
        return addSource(requireProtocol(config, Protocol.FIX));
    }

    public Receiver addTcpSource(DataSourceConfig config) {
        return addSource(requireProtocol(config, Protocol.TCP));
    }

    public Receiver addUdpSource(DataSourceConfig config) {
        return addSource(requireProtocol(config, Protocol.UDP));
    }

    public Receiver addRestSource(DataSourceConfig config) {
        return addSource(requireProtocol(config, Protocol.REST));
    }

    private static DataSourceConfig requireProtocol(DataSourceConfig config, Protocol expected) {
        if (config.protocol() != expected) {
            throw new IllegalArgumentException("source " + config.sourceId() + " has protocol "
                    + config.protocol().configName() + "; use addSource, or set protocol " + expected.configName());
        }
        return config;
    }

    /**
     * Starts the dispatcher, the control loop and every source. Completes once each source has
     * had its first connection attempt (connected, or backing off to retry).
     */
    public synchronized CompletableFuture<Void> startAllReceivers() {
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
        if (!started) {
            started = true;
            dispatcher.start();
            final long tickMs = options.tickInterval.toMillis();
            control.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
            if (!options.metricsLogInterval.isZero()) {
                final long logMs = options.metricsLogInterval.toMillis();
                control.scheduleWithFixedDelay(summaryLogger::log, logMs, logMs, TimeUnit.MILLISECONDS);
            }
            LOG.info("pipeline starting {} source(s), hand-off {} KiB, {} sink(s)", sources.size(),
                    handoff.capacityBytes() / 1024, options.sinks.size());
        }
        return CompletableFuture.allOf(sources.stream().map(Source::start).toArray(CompletableFuture[]::new));
    }

    private void tick() {
        for (Source source : sources) {
            try {
                source.tick();
            } catch (RuntimeException e) {
                LOG.error("source {}: tick failed", source.sourceId(), e);
            }
        }
    }

    /** Blocks until the next envelope of any source (the seed's {@code get_aggregated_data()}). */
    public MarketData getAggregatedData() throws InterruptedException {
        final IdleStrategy idle = new BackoffIdleStrategy();
        final MarketData[] holder = new MarketData[1];
        while (true) {
            if (poll((id, buffer, offset, length) -> {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                holder[0] = new MarketData(id, bytes);
            }, 1) > 0) {
                return holder[0];
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            idle.idle();
        }
    }

    /** The next envelope, or empty if none arrives within {@code timeout}. */
    public Optional<MarketData> getAggregatedData(Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final IdleStrategy idle = new BackoffIdleStrategy();
        final MarketData[] holder = new MarketData[1];
        do {
            if (poll((id, buffer, offset, length) -> {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                holder[0] = new MarketData(id, bytes);
            }, 1) > 0) {
                return Optional.of(holder[0]);
            }
            idle.idle();
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /**
     * Zero-copy consumption: hands up to {@code limit} envelopes to {@code handler} as buffer
     * views and returns how many. Never blocks.
     */
    public int poll(MarketDataHandler handler, int limit) {
        if (inProcess == null) {
            throw new IllegalStateException("the in-process consumer is off for this pipeline (builder.inProcessConsumer)");
        }
        // One pre-allocated adapter, so that polling allocates nothing; pollers take turns on it.
        synchronized (pollAdapter) {
            pollAdapter.target = handler;
            try {
                return inProcess.poll(pollAdapter, limit);
            } finally {
                pollAdapter.target = null;
            }
        }
    }

    /** Maps a record's source index back to its id for the application's handler. */
    private final class PollAdapter implements org.agrona.concurrent.MessageHandler {
        private MarketDataHandler target;

        @Override
        public void onMessage(int typeId, org.agrona.MutableDirectBuffer buffer, int offset, int length) {
            target.onMessage(sources.get(EnvelopeHandoff.sourceIndexOf(typeId)).sourceId(), buffer, offset, length);
        }
    }

    /** The sources by id, in the order added (the seed's {@code pipeline.receivers}). */
    public Map<String, Receiver> receivers() {
        synchronized (sourcesById) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(sourcesById));
        }
    }

    public PerformanceMetrics getPerformanceMetrics() {
        final Map<String, SourcePerformance> perSource = new LinkedHashMap<>();
        long total = 0;
        long nanos = 0;
        int active = 0;
        final Histogram overall = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (Source source : sources) {
            final SourceMetrics m = source.metrics();
            final Histogram h = m.latencySnapshot();
            overall.add(h);
            perSource.put(source.sourceId(), new SourcePerformance(source.sourceId(), source.protocol().configName(),
                    source.state(), m.processedMessages(), m.envelopesPublished(), m.bytesReceived(), m.malformed(),
                    m.unmappedSkipped(), m.rawPublished(), m.oversize(), m.dropped(), m.bookGaps(), m.uncheckedBookUpdates(),
                    source.lifecycle().reconnects(),
                    m.avgProcessingTimeMs(), micros(h, 50), micros(h, 99), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0));
            total += m.processedMessages();
            nanos += m.processingNanos();
            if (source.isRunning()) {
                active++;
            }
        }
        final double avgMs = total == 0 ? 0.0 : nanos / (double) total / 1_000_000.0;
        return new PerformanceMetrics(total, avgMs, micros(overall, 50), micros(overall, 99), active, Collections.unmodifiableMap(perSource),
                dispatcher.delivered(), handoff.usedBytes(), handoff.capacityBytes(),
                inProcess == null ? 0 : inProcess.usedBytes(), dispatcher.isRunning());
    }

    private static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * Graceful shutdown: stops every source (closing connections cleanly), hands off what they had
     * pending, drains the hand-off into the sinks, flushes and closes them. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info("pipeline shutting down");
        control.shutdownNow();
        final CompletableFuture<?>[] stops = sources.stream().map(Source::stop).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(stops).get(options.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("shutdown: not every source stopped within {} ms", options.shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("shutdown: a source failed to stop cleanly", e.getCause());
        }
        if (started) {
            dispatcher.drainAndStop(options.shutdownTimeout.toMillis());
        } else {
            options.sinks.forEach(Sink::close);
        }
        factories.forEach(SourceFactory::close);
        summaryLogger.log();
        LOG.info("pipeline stopped");
    }

    /** Options of a pipeline. Not thread-safe; used once to build. */
    public static final class Builder {
        private final Options options = new Options();

        public Builder clock(PipelineClock clock) {
            options.clock = clock;
            return this;
        }

        /** Bytes of the hand-off ring between I/O threads and sinks (a power of two). */
        public Builder handoffCapacityBytes(int bytes) {
            options.handoffCapacityBytes = bytes;
            return this;
        }

        /** Bytes of the in-process consumer's queue (a power of two). */
        public Builder consumerCapacityBytes(int bytes) {
            options.consumerCapacityBytes = bytes;
            return this;
        }

        /**
         * Whether {@code getAggregatedData}/{@code poll} are served (default true). When on, the
         * application must consume, or backpressure stops the sources; turn it off when only
         * sinks consume.
         */
        public Builder inProcessConsumer(boolean enabled) {
            options.inProcessConsumer = enabled;
            return this;
        }

        public Builder sink(Sink sink) {
            options.sinks.add(sink);
            return this;
        }

        /** How often lifecycle deadlines are evaluated (real time). */
        public Builder tickInterval(Duration interval) {
            options.tickInterval = interval;
            return this;
        }

        /** Period of the one-line metrics summary in the log; zero turns it off. */
        public Builder metricsLogInterval(Duration interval) {
            options.metricsLogInterval = interval;
            return this;
        }

        public Builder ioThreads(int threads) {
            options.ioThreads = threads;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            options.shutdownTimeout = timeout;
            return this;
        }

        /** Replaces the reconnect backoff (tests use a fixed jitter). */
        public Builder backoff(java.util.function.Function<DataSourceConfig, Backoff> factory) {
            options.backoffFactory = factory;
            return this;
        }

        /** Adds a source factory besides those found by the service loader. */
        public Builder sourceFactory(SourceFactory factory) {
            options.extraFactories.add(factory);
            return this;
        }

        public RealTimeDataPipeline build() {
            return new RealTimeDataPipeline(options);
        }
    }

    private static final class Options {
        PipelineClock clock = PipelineClock.system();
        int handoffCapacityBytes = 16 * 1024 * 1024;
        int consumerCapacityBytes = 8 * 1024 * 1024;
        boolean inProcessConsumer = true;
        final List<Sink> sinks = new ArrayList<>();
        Duration tickInterval = Duration.ofMillis(10);
        Duration metricsLogInterval = Duration.ofSeconds(10);
        Duration shutdownTimeout = Duration.ofSeconds(5);
        int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.function.Function<DataSourceConfig, Backoff> backoffFactory =
                c -> Backoff.withRandomJitter(c.reconnectInterval(), c.reconnectMaxInterval());
        final List<SourceFactory> extraFactories = new ArrayList<>();
    }
}
