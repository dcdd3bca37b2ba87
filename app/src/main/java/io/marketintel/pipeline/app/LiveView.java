package io.marketintel.pipeline.app;

import io.marketintel.pipeline.metrics.PerformanceMetrics;
import io.marketintel.pipeline.metrics.SourcePerformance;
import java.io.PrintStream;

/**
 * The demo's live view: on a terminal, a table redrawn in place every second (totals, rate,
 * processing time, and every source); otherwise one summary line per second. Called from one
 * thread.
 */
final class LiveView {
    private final PrintStream out;
    private final boolean terminal;
    private long lastTotal;
    private long lastNanos = System.nanoTime();

    LiveView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void render(PerformanceMetrics m) {
        final long now = System.nanoTime();
        final double rate = (m.totalProcessed() - lastTotal) / Math.max((now - lastNanos) / 1e9, 1e-9);
        lastTotal = m.totalProcessed();
        lastNanos = now;
        final String summary = String.format("sources %d/%d up | %,d msgs | %,.0f msg/s | per msg: p50 %.1f us, p99 %.1f us, avg %.1f us"
                        + " | hand-off %d%% full",
                m.activeSources(), m.sourcesPerformance().size(), m.totalProcessed(), rate,
                m.p50Micros(), m.p99Micros(), m.avgProcessingTimeMs() * 1000, 100L * m.handoffUsedBytes() / Math.max(1, m.handoffCapacityBytes()));
        if (!terminal) {
            out.println(summary);
            return;
        }
        final StringBuilder screen = new StringBuilder("\033[H\033[2J").append(summary).append('\n')
                .append(String.format("%-14s %-10s %10s %9s %9s %9s %6s %6s %6s%n",
                        "source", "state", "messages", "avg us", "p50 us", "p99 us", "errors", "gaps", "reconn"));
        for (SourcePerformance p : m.sourcesPerformance().values()) {
            screen.append(String.format("%-14s %-10s %,10d %9.2f %9.2f %9.2f %6d %6d %6d%n", p.sourceId(), p.state(),
                    p.messages(), p.avgTimeMs() * 1000, p.p50Micros(), p.p99Micros(),
                    p.malformed() + p.oversize() + p.dropped(), p.bookGaps(), p.reconnects()));
        }
        out.print(screen);
        out.flush();
    }
}
