package io.marketintel.pipeline.app.bench;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.metrics.SourcePerformance;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.source.Source;
import io.marketintel.pipeline.time.PipelineClock;
import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.SharedPacer;
import io.marketintel.pipeline.venue.SyntheticMarket;
import io.marketintel.pipeline.venue.fix.FixVenue;
import io.marketintel.pipeline.venue.fix.FixVenueConfig;
import io.marketintel.pipeline.venue.tcp.BlastVenue;
import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one end-to-end benchmark on loopback: simulated venues, one per source, feed the pipeline
 * over the chosen {@link BenchProtocol} (blast venues replaying pre-rendered messages: newline-
 * delimited JSON for TCP, Binance format for WebSocket, 35=X incremental refreshes for FIX); the
 * pipeline decodes, encodes and hands off, and a consumer thread drains the in-process API as
 * fast as it can. After a warm-up, it measures throughput, processing time per message (read to
 * hand-off, from the pipeline's own histograms), read-to-consumer latency, CPU (the process's,
 * and the pipeline threads' alone), GC, memory and bytes allocated per message on the I/O
 * threads. Single use, driven from one thread.
 */
public final class BenchRunner {
    private final BenchProtocol protocol;
    private final boolean deflate;
    private final int sources;
    private final long ratePerSource;
    private final Duration warmup;
    private final Duration duration;
    /** Credentials the simulated FIX venues check at logon (loopback only). */
    private static final String FIX_USER = "bench";
    private static final String FIX_SECRET = "bench-secret";

    private final PipelineClock clock = PipelineClock.system();
    private final Histogram endToEnd = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final AtomicLong consumed = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean running = true;
    private SharedPacer pacer;
    private EventLoopGroup venueLoops;

    public BenchRunner(int sources, long ratePerSource, Duration warmup, Duration duration) {
        this(BenchProtocol.TCP, false, sources, ratePerSource, warmup, duration);
    }

    /** @param deflate for WebSocket: whether the venues offer permessage-deflate (the client accepts it) */
    public BenchRunner(BenchProtocol protocol, boolean deflate, int sources, long ratePerSource, Duration warmup,
            Duration duration) {
        this.protocol = protocol;
        this.deflate = deflate && protocol == BenchProtocol.WEBSOCKET;
        this.sources = sources;
        this.ratePerSource = ratePerSource;
        this.warmup = warmup;
        this.duration = duration;
    }

    public BenchReport run() throws Exception {
        final List<AutoCloseable> started = new ArrayList<>();
        Thread consumer = null;
        try (RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().metricsLogInterval(Duration.ZERO).build()) {
            // Each venue is in the list to close before its source is added, which may fail. The
            // first venue's message size stands for all: they send the same kind of messages.
            final DoubleSupplier averageMessageBytes = addSource(pipeline, 0, started);
            for (int i = 1; i < sources; i++) {
                addSource(pipeline, i, started);
            }
            consumer = new Thread(() -> consume(pipeline), "bench-consumer");
            consumer.start();
            pipeline.startAllReceivers().get(30, TimeUnit.SECONDS);
            LockSupport.parkNanos(warmup.toNanos());

            final Snapshot start = Snapshot.take(pipeline);
            measuring = true;
            final long startNs = System.nanoTime();
            LockSupport.parkNanos(duration.toNanos());
            final Snapshot end = Snapshot.take(pipeline);
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            measuring = false;
            return report(start, end, seconds, averageMessageBytes.getAsDouble());
        } finally {
            // Whatever failed, the consumer stops (it is not a daemon: a spinning one would keep
            // the command from exiting) and every venue started is closed.
            running = false;
            if (consumer != null) {
                consumer.join(5_000);
            }
            closeAll(started);
        }
    }

    private static void closeAll(List<AutoCloseable> venues) throws Exception {
        Exception failure = null;
        // Last started, first closed: the venues before the pacer and event loop they share.
        for (int i = venues.size() - 1; i >= 0; i--) {
            final AutoCloseable venue = venues.get(i);
            try {
                venue.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Starts source {@code i}'s venue, puts it in {@code started} and adds the source, per the
     * protocol; returns the average size of the messages the venue sends.
     */
    private DoubleSupplier addSource(RealTimeDataPipeline pipeline, int i, List<AutoCloseable> started)
            throws Exception {
        final String id = String.format("bench_%03d", i);
        final long seed = 100 + i;
        switch (protocol) {
            case WEBSOCKET -> {
                final WebSocketVenue venue = WebSocketVenue.blast(seed, ratePerSource, deflate, venueLoops(started));
                started.add(venue);
                pipeline.addWebSocketSource(DataSourceConfig.builder(id, Protocol.WEBSOCKET, venue.endpoint())
                        .format("binance")
                        .subscribe(List.of(BinanceFormatter.subscribeRequest(1, "btcusdt@trade", "btcusdt@depth")))
                        .build());
                return () -> average(venue.textBytesSent(), venue.messagesSent());
            }
            case FIX -> {
                final FixVenue venue = FixVenue.blast(FixVenueConfig.of(seed).withCredentials(FIX_USER, FIX_SECRET)
                        .withRate(ratePerSource, 0), pacer(started));
                started.add(venue);
                pipeline.addFixSource(DataSourceConfig.builder(id, Protocol.FIX, venue.endpoint())
                        .credentials(FIX_USER, FIX_SECRET)
                        .fix(FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD", "BTCUSDT"))
                                .resetOnLogon(true).build())
                        .build());
                return () -> average(venue.incrementalBytesSent(), venue.incrementalsSent());
            }
            default -> {
                final BlastVenue venue = new BlastVenue(seed, ratePerSource, pacer(started));
                started.add(venue);
                pipeline.addTcpSource(DataSourceConfig.builder(id, Protocol.TCP, venue.endpoint())
                        .jsonMapping(SyntheticMarket.JSON_MAPPING).bufferSize(64 * 1024).build());
                return venue::averageMessageBytes;
            }
        }
    }

    /**
     * The one thread that paces every venue at a given rate (null at rate 0, where each venue
     * writes as fast as its client reads), started on first use and closed with the venues.
     */
    private SharedPacer pacer(List<AutoCloseable> started) {
        if (ratePerSource == 0) {
            return null;
        }
        if (pacer == null) {
            pacer = new SharedPacer();
            started.add(pacer);
        }
        return pacer;
    }

    /**
     * One event loop for every paced WebSocket venue (null at rate 0, where each venue has its own
     * and writes as fast as its client reads), started on first use and shut down with the venues.
     */
    private EventLoopGroup venueLoops(List<AutoCloseable> started) {
        if (ratePerSource == 0) {
            return null;
        }
        if (venueLoops == null) {
            final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ws-venues", true),
                    NioIoHandler.newFactory());
            venueLoops = loops;
            started.add(() -> loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        }
        return venueLoops;
    }

    private static double average(long bytes, long messages) {
        return messages == 0 ? 0 : bytes / (double) messages;
    }

    private void consume(RealTimeDataPipeline pipeline) {
        final TimingConsumer timing = new TimingConsumer();
        // Spinning would take a whole core from the pipeline on small machines: back off to a park.
        final org.agrona.concurrent.IdleStrategy idle = new org.agrona.concurrent.BackoffIdleStrategy(
                50, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(50));
        while (running) {
            timing.nowNs = clock.epochNanos();
            final int n = pipeline.poll(timing, 256);
            consumed.addAndGet(n);
            idle.idle(n);
        }
    }

    /** Records read-to-consumer latency of each envelope against the poll's clock reading. */
    private final class TimingConsumer implements io.marketintel.pipeline.MarketDataHandler {
        long nowNs;

        @Override
        public void onMessage(String sourceId, org.agrona.DirectBuffer buffer, int offset, int length) {
            if (measuring) {
                final long received = EnvelopeFields.int64(buffer, offset, length, Envelope.RECEIVE_TIME_NS_FIELD_NUMBER);
                if (received > 0 && nowNs > received) {
                    endToEnd.recordValue(Math.min(nowNs - received, endToEnd.getHighestTrackableValue()));
                }
            }
        }
    }

    private BenchReport report(Snapshot start, Snapshot end, double seconds, double avgBytes) throws IOException {
        final long messages = end.processed - start.processed;
        final Histogram processing = end.processing.copy();
        processing.subtract(start.processing);
        final int cores = Runtime.getRuntime().availableProcessors();
        final double cpuNanos = end.cpuNanos - start.cpuNanos;
        final long ioBytes = end.ioThreadBytes - start.ioThreadBytes;
        final var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new BenchReport(protocol.label() + (deflate ? "+deflate" : ""), sources, ratePerSource, seconds, cores, Runtime.version().toString(), messages,
                messages / seconds, avgBytes,
                us(processing, 50), us(processing, 99), us(processing, 99.9), processing.getMaxValue() / 1000.0,
                us(endToEnd, 50), us(endToEnd, 99), us(endToEnd, 99.9), endToEnd.getMaxValue() / 1000.0,
                100.0 * cpuNanos / (seconds * 1e9 * cores), messages == 0 ? 0 : cpuNanos / 1000.0 / messages,
                messages == 0 ? 0 : (end.pipelineCpuNanos - start.pipelineCpuNanos) / 1000.0 / messages,
                messages == 0 ? 0 : ioBytes / (double) messages,
                end.gcCount - start.gcCount, end.gcMillis - start.gcMillis,
                memory.getUsed() >> 20, rssMb(), end.dropped - start.dropped, end.malformed - start.malformed,
                end.bookGaps - start.bookGaps);
    }

    private static double us(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static long rssMb() throws IOException {
        final Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Counters at one instant, to be subtracted. */
    private record Snapshot(long processed, Histogram processing, long cpuNanos, long pipelineCpuNanos,
            long ioThreadBytes, long gcCount, long gcMillis, long dropped, long malformed, long bookGaps) {

        static Snapshot take(RealTimeDataPipeline pipeline) {
            final Histogram processing = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (var receiver : pipeline.receivers().values()) {
                processing.add(((Source) receiver).metrics().latencySnapshot());
            }
            final PerformanceMetrics m = pipeline.getPerformanceMetrics();
            long dropped = 0;
            long malformed = 0;
            long bookGaps = 0;
            for (SourcePerformance p : m.sourcesPerformance().values()) {
                dropped += p.dropped();
                malformed += p.malformed();
                bookGaps += p.bookGaps();
            }
            long gcCount = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            final var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(m.totalProcessed(), processing, os.getProcessCpuTime(), pipelineThreadCpuNanos(),
                    ioThreadAllocatedBytes(), gcCount, gcMillis, dropped, malformed, bookGaps);
        }

        /**
         * CPU time of the pipeline's own threads ({@code pipeline-io-*}, {@code pipeline-dispatcher},
         * {@code pipeline-control}), which live for the whole run: what the pipeline costs apart from
         * the in-process venues and the bench's consumer.
         */
        private static long pipelineThreadCpuNanos() {
            return sumOverThreads("pipeline-", ManagementFactory.getThreadMXBean()::getThreadCpuTime);
        }

        private static long ioThreadAllocatedBytes() {
            final var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            return sumOverThreads("pipeline-io", threads::getThreadAllocatedBytes);
        }

        /** {@code perThreadId} summed over the live threads named {@code prefix}…; -1 (unsupported) counts as 0. */
        private static long sumOverThreads(String prefix, java.util.function.LongUnaryOperator perThreadId) {
            long total = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(prefix)) {
                    total += Math.max(0, perThreadId.applyAsLong(t.getId()));
                }
            }
            return total;
        }
    }
}
