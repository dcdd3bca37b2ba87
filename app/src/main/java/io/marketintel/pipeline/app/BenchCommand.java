package io.marketintel.pipeline.app;

import ch.qos.logback.classic.Level;
import io.marketintel.pipeline.app.bench.BenchProtocol;
import io.marketintel.pipeline.app.bench.BenchRunner;
import io.marketintel.pipeline.app.config.ConfigUnits;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline bench}: end-to-end load on loopback with simulated venues; prints a report
 * (throughput, latency percentiles, CPU, memory, GC, allocation) as text or {@code --json}.
 */
@Command(name = "bench", description = "End-to-end load on loopback; report throughput, latency, CPU, memory, GC.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--protocol", defaultValue = "tcp",
            description = "tcp (JSON lines), websocket (Binance format) or fix (FIX 4.4) (default ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--deflate", description = "websocket: the venues offer permessage-deflate (off: plain frames)")
    boolean deflate;

    @Option(names = "--sources", defaultValue = "30", description = "sources, one simulated venue each (default ${DEFAULT-VALUE})")
    int sources;

    @Option(names = "--rate", defaultValue = "0", description = "messages per second per source; 0 = as fast as possible")
    long rate;

    @Option(names = "--warmup", defaultValue = "10s", description = "warm-up before measuring (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "measured time (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        final Duration warm = ConfigUnits.parseDuration(warmup).orElse(null);
        final Duration measured = ConfigUnits.parseDuration(duration).orElse(null);
        final BenchProtocol chosen = BenchProtocol.parse(protocol).orElse(null);
        if (deflate && chosen != BenchProtocol.WEBSOCKET) {
            System.err.println("bench: --deflate applies to --protocol websocket only");
            return PipelineCli.EXIT_INVALID;
        }
        if (warm == null || measured == null || measured.isZero() || sources < 1 || rate < 0 || chosen == null) {
            System.err.println("bench: expected --protocol tcp|websocket|fix, --warmup/--duration with units (e.g. 10s),"
                    + " --sources >= 1, --rate >= 0");
            return PipelineCli.EXIT_INVALID;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        final var report = new BenchRunner(chosen, deflate, sources, rate, warm, measured).run();
        System.out.println(json ? report.toJson() : report.toText());
        return PipelineCli.EXIT_OK;
    }
}
