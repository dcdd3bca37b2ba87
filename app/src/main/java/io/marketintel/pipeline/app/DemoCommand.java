package io.marketintel.pipeline.app;

import ch.qos.logback.classic.Level;
import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.app.config.ConfigUnits;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import io.marketintel.pipeline.sink.journal.JournalSink;
import io.marketintel.pipeline.venue.SyntheticMarket;
import io.marketintel.pipeline.venue.BinanceFormatter;
import io.marketintel.pipeline.venue.fix.FixVenue;
import io.marketintel.pipeline.venue.fix.FixVenueConfig;
import io.marketintel.pipeline.venue.tcp.TcpFeedVenue;
import io.marketintel.pipeline.venue.websocket.WebSocketVenue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline demo}: starts simulated venues on loopback and a pipeline on them, journals the
 * stream, and shows a live view until the duration ends or SIGINT. Everything stays on 127.0.0.1.
 */
@Command(name = "demo", description = "Run simulated venues on loopback and a pipeline on them, with a live view.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", description = "how long to run, e.g. 30s or 5m (default: until Ctrl-C)")
    String duration;

    @Option(names = "--tcp-sources", defaultValue = "30", description = "simulated TCP feeds (default ${DEFAULT-VALUE})")
    int tcpSources;

    @Option(names = "--ws-sources", defaultValue = "20",
            description = "simulated WebSocket venues speaking the binance dialect (default ${DEFAULT-VALUE})")
    int wsSources;

    @Option(names = "--rate", defaultValue = "500", description = "messages per second per TCP feed (default ${DEFAULT-VALUE})")
    long rate;

    @Option(names = "--ws-rate", defaultValue = "100",
            description = "messages per second per WebSocket venue (default ${DEFAULT-VALUE})")
    long wsRate;
    @Option(names = "--fix-sources", defaultValue = "10", description = "simulated FIX venues (default ${DEFAULT-VALUE})")
    int fixSources;

    @Option(names = "--fix-rate", defaultValue = "100",
            description = "incremental refreshes per second per FIX venue (default ${DEFAULT-VALUE})")
    long fixRate;

    @Option(names = "--journal", description = "journal directory (default: a new temporary directory)")
    Path journal;

    @Option(names = "--verbose", description = "show the pipeline's log (connections, metrics) under the view")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        final long runMs = parseDuration();
        if (runMs < 0) {
            return PipelineCli.EXIT_INVALID;
        }
        if (!verbose) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }
        final Path journalDir = journal != null ? journal : Files.createTempDirectory("pipeline-demo-journal-");
        final ShutdownSignal signal = ShutdownSignal.install();
        final List<AutoCloseable> venues = new ArrayList<>();
        try {
            final RealTimeDataPipeline.Builder builder = RealTimeDataPipeline.builder()
                    .inProcessConsumer(false)
                    .metricsLogInterval(Duration.ofSeconds(10))
                    .sink(JournalSink.open(JournalConfig.of(journalDir)));
            try (RealTimeDataPipeline pipeline = builder.build()) {
                for (int i = 0; i < tcpSources; i++) {
                    final TcpFeedVenue venue = new TcpFeedVenue(0, 1_000 + i, rate, 0);
                    venues.add(venue);
                    pipeline.addSource(DataSourceConfig.builder(String.format("tcp_feed_%02d", i), Protocol.TCP,
                                    venue.endpoint())
                            .jsonMapping(SyntheticMarket.JSON_MAPPING)
                            .staleTimeout(Duration.ofSeconds(5))
                            .build());
                }
                addWebSocketSources(pipeline, venues);
                addFixSources(pipeline, venues);
                System.out.printf("demo: on 127.0.0.1, %d TCP feeds at %d msg/s, %d WebSocket venues at %d msg/s and"
                        + " %d FIX venues at %d msg/s each; journal: %s%n", tcpSources, rate, wsSources, wsRate,
                        fixSources, fixRate, journalDir);
                pipeline.startAllReceivers();
                final LiveView view = new LiveView(System.out, System.console() != null);
                final long deadline = runMs == 0 ? Long.MAX_VALUE : System.nanoTime() + runMs * 1_000_000L;
                while (System.nanoTime() < deadline) {
                    if (signal.await(Math.min(1_000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)))) {
                        break;
                    }
                    view.render(pipeline.getPerformanceMetrics());
                }
                final PerformanceMetrics last = pipeline.getPerformanceMetrics();
                System.out.printf("demo: stopping after %d messages; read them with: bin/pipeline tail %s%n",
                        last.totalProcessed(), journalDir);
            }
        } finally {
            for (AutoCloseable venue : venues) {
                venue.close();
            }
        }
        return PipelineCli.EXIT_OK;
    }

    /** The seed's WebSocket sources: one simulated Binance-like venue each, subscribed to trades and depth. */
    private void addWebSocketSources(RealTimeDataPipeline pipeline, List<AutoCloseable> venues) throws Exception {
        for (int i = 0; i < wsSources; i++) {
            final WebSocketVenue venue = new WebSocketVenue(0, 2_000 + i, wsRate, 0);
            venues.add(venue);
            pipeline.addWebSocketSource(DataSourceConfig.builder(String.format("ws_source_%02d", i + 1),
                            Protocol.WEBSOCKET, venue.endpoint())
                    .format("binance")
                    .subscribe(List.of(BinanceFormatter.subscribeRequest(1, "btcusdt@trade", "btcusdt@depth")))
                    .staleTimeout(Duration.ofSeconds(5))
                    .build());
        }
    }

    /** The seed's FIX sources: each logs on to its own simulated FIX 4.4 venue with credentials. */
    private void addFixSources(RealTimeDataPipeline pipeline, List<AutoCloseable> venues) throws java.io.IOException {
        for (int i = 0; i < fixSources; i++) {
            final FixVenue venue = new FixVenue(FixVenueConfig.of(5_000 + i).withCredentials("demo", "demo-secret")
                    .withRate(fixRate, 0));
            venues.add(venue);
            pipeline.addFixSource(DataSourceConfig.builder(String.format("fix_source_%02d", i + 1), Protocol.FIX,
                            venue.endpoint())
                    .credentials("demo", "demo-secret")
                    .fix(FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EURUSD", "BTCUSDT"))
                            .resetOnLogon(true).build())
                    .build());
        }
    }

    private long parseDuration() {
        if (duration == null) {
            return 0;
        }
        final Duration d = ConfigUnits.parseDuration(duration).orElse(null);
        if (d == null || d.isNegative() || d.isZero()) {
            System.err.println("--duration: expected a positive duration with a unit, e.g. 30s or 5m, got \"" + duration + "\"");
            return -1;
        }
        return d.toMillis();
    }
}
