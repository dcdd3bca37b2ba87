package io.marketintel.pipeline.app.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of one {@code pipeline bench} run: what was offered, what went through, how long it
 * took per message, and what it cost (CPU, memory, GC, allocation). Immutable; renders as text or
 * as one JSON object.
 */
public record BenchReport(
        String protocol,
        int sources,
        long ratePerSource,
        double seconds,
        int cores,
        String jvm,
        long messages,
        double messagesPerSecond,
        double avgMessageBytes,
        double processingP50Us,
        double processingP99Us,
        double processingP999Us,
        double processingMaxUs,
        double endToEndP50Us,
        double endToEndP99Us,
        double endToEndP999Us,
        double endToEndMaxUs,
        double cpuPercentOfMachine,
        double cpuMicrosPerMessage,
        double pipelineCpuMicrosPerMessage,
        double ioThreadBytesPerMessage,
        long gcCount,
        long gcMillis,
        long heapUsedMb,
        long rssMb,
        long dropped,
        long malformed,
        long bookGaps) {

    public Map<String, Object> asMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        for (var component : BenchReport.class.getRecordComponents()) {
            try {
                m.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    public String toJson() {
        final StringBuilder b = new StringBuilder("{");
        asMap().forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(k).append("\":");
            if (v instanceof String s) {
                b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Double d) {
                b.append(String.format(java.util.Locale.ROOT, "%.3f", d));
            } else {
                b.append(v);
            }
        });
        return b.append('}').toString();
    }

    public String toText() {
        return String.format(java.util.Locale.ROOT, """
                pipeline bench: %d %s sources, %s per source, %.1f s measured, %d cores, %s
                  throughput       %,.0f msg/s  (%,d messages, %.0f bytes of payload each)
                  read→hand-off    p50 %.2f us   p99 %.2f us   p99.9 %.2f us   max %.1f us
                  read→consumer    p50 %.2f us   p99 %.2f us   p99.9 %.2f us   max %.1f us
                  CPU              %.1f %% of the machine, %.2f us per message (process, venues included)
                                   %.2f us per message on the pipeline's own threads (I/O, dispatcher, control)
                  allocation       %.1f bytes per message on the I/O threads
                  GC               %d collections, %d ms
                  memory           heap used %d MiB, RSS %d MiB
                  lost             dropped %d, malformed %d, book gaps %d
                """, sources, protocol.toUpperCase(java.util.Locale.ROOT),
                ratePerSource == 0 ? "unthrottled" : String.format("%,d msg/s", ratePerSource), seconds,
                cores, jvm, messagesPerSecond, messages, avgMessageBytes, processingP50Us, processingP99Us,
                processingP999Us, processingMaxUs, endToEndP50Us, endToEndP99Us, endToEndP999Us, endToEndMaxUs,
                cpuPercentOfMachine, cpuMicrosPerMessage, pipelineCpuMicrosPerMessage, ioThreadBytesPerMessage, gcCount,
                gcMillis, heapUsedMb, rssMb, dropped, malformed, bookGaps);
    }
}
