package io.marketintel.pipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.Quote;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.schema.v1.Trade;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import io.marketintel.pipeline.sink.journal.JournalSink;
import io.marketintel.pipeline.venue.tcp.TcpFeedVenue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code pipeline} command line as a user meets it: exit codes, output, signals. */
class CommandLineSystemTest {
    @TempDir
    Path tmp;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            final int code = PipelineCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path resource(String name) throws Exception {
        return Paths.get(CommandLineSystemTest.class.getResource(name).toURI());
    }

    @Test
    void shouldExitTwoListingEveryMistakeWithItsKeyPathWhenValidatingABrokenConfig() throws Exception {
        final Result result = execute("validate", "--config", resource("/config/broken.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("sources[0].endpoint", "sources[0].reconnect_interval", "sources[0].backpressure",
                "sources[1].source_id", "sources[1].buffer_size", "sources[1].fix", "sources[2].endpoint",
                "sinks[0].type", "monitoring.bind");
    }

    @Test
    void shouldExitZeroForAValidConfigThisBuildCanRun() throws Exception {
        final Result result = execute("validate", "--config", resource("/config/runnable.yaml").toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("valid (3 source(s), 1 journal sink(s))");
    }

    @Test
    void shouldExitTwoNamingASourceWhoseProtocolThisBuildDoesNotCarry() throws Exception {
        // valid.yaml is well-formed but has a udp source, and this build has no udp transport yet.
        final Result result = execute("validate", "--config", resource("/config/valid.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                "sources[1].protocol: protocol udp is not available in this build; available: websocket, fix, tcp");
    }

    @Test
    void shouldExitTwoWithoutARequiredOption() {
        assertThat(execute("validate").exitCode()).isEqualTo(2);
    }

    private static Envelope trade(long ingestSeq) {
        return Envelope.newBuilder().setSourceId("tcp_1").setIngestSeq(ingestSeq).setSourceSeq(ingestSeq)
                .setReceiveTimeNs(1_700_000_000_000_000_000L + ingestSeq)
                .setTrade(Trade.newBuilder().setSymbol("BTCUSDT")
                        .setPrice(Decimal.newBuilder().setMantissa(2700050).setExponent(-2))
                        .setSize(Decimal.newBuilder().setMantissa(100000).setExponent(-8))
                        .setAggressorSide(Side.SIDE_BUY).setTradeId("T" + ingestSeq))
                .build();
    }

    private Path journalWith(List<Envelope> envelopes) {
        final Path dir = tmp.resolve("journal");
        try (JournalSink sink = JournalSink.open(JournalConfig.of(dir))) {
            for (Envelope e : envelopes) {
                final byte[] bytes = e.toByteArray();
                sink.onEnvelope(new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        return dir;
    }

    @Test
    void shouldTailAJournalAsTextAndAsCanonicalJson() throws Exception {
        final List<Envelope> written = List.of(trade(1),
                Envelope.newBuilder().setSourceId("tcp_1").setIngestSeq(2).setQuote(Quote.newBuilder().setSymbol("EURUSD")
                        .setBidPrice(Decimal.newBuilder().setMantissa(108012).setExponent(-5))
                        .setBidSize(Decimal.newBuilder().setMantissa(1_000_000))).build(),
                Envelope.newBuilder().setSourceId("tcp_1").setIngestSeq(3).setStatus(StreamStatus.newBuilder()
                        .setState(StreamStatus.State.DISCONNECTED).setReason("peer closed")).build());
        final Path dir = journalWith(written);

        final Result text = execute("tail", dir.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines()).hasSize(3);
        assertThat(text.out().lines().toList().get(0)).contains("tcp_1 #1", "TRADE BTCUSDT 27000.50 x 0.00100000 BUY id=T1");
        assertThat(text.out().lines().toList().get(1)).contains("QUOTE EURUSD 1000000 @ 1.08012 / -");
        assertThat(text.out().lines().toList().get(2)).contains("STATUS DISCONNECTED \"peer closed\"");

        final Result json = execute("tail", dir.toString(), "--format", "json");
        assertThat(json.exitCode()).isZero();
        final List<Envelope> parsed = new ArrayList<>();
        for (String line : json.out().lines().toList()) {
            final Envelope.Builder b = Envelope.newBuilder();
            JsonFormat.parser().merge(line, b);
            parsed.add(b.build());
        }
        assertThat(parsed).isEqualTo(written);

        final Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        assertThat(execute("tail", segment.toString()).out().lines()).hasSize(3);
    }

    @Test
    void shouldFailClearlyWhenTailingAMissingJournal() {
        final Result result = execute("tail", tmp.resolve("nope").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("nope");
    }

    @Test
    void shouldRunUntilSigtermThenShutDownGracefullyAndExitZero() throws Exception {
        try (TcpFeedVenue venue = new TcpFeedVenue(0, 5, 2_000, 0)) {
            final Path journal = tmp.resolve("run-journal");
            final Path config = tmp.resolve("pipeline.yaml");
            Files.writeString(config, """
                    sources:
                      - source_id: feed_1
                        protocol: tcp
                        endpoint: %s
                        json:
                          discriminator: type
                          trade: { when: trade, symbol: s, price: p, size: q, side: side, trade_id: t, exchange_time: T, source_seq: seq }
                          quote: { when: quote, symbol: s, bid_price: b, bid_size: B, ask_price: a, ask_size: A, exchange_time: T, source_seq: seq }
                    sinks:
                      - type: journal
                        path: %s
                    """.formatted(venue.endpoint(), journal));
            final Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
            final Process process = new ProcessBuilder(javaBin.toString(),
                    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"),
                    PipelineCli.class.getName(), "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(journal)
                        && Envelopes.data(Envelopes.readJournal(journal)).size() >= 200);
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(Files.readString(tmp.resolve("run.log"))).isZero();
            } finally {
                process.destroyForcibly();
            }
            final List<Envelope> all = Envelopes.readJournal(journal);
            Envelopes.assertGapFreeIngestSeq(all);
            assertThat(Envelopes.states(all)).last().isEqualTo(StreamStatus.State.STOPPED);
            final List<Envelope> data = Envelopes.data(all);
            for (int i = 0; i < data.size(); i++) {
                assertThat(data.get(i).getSourceSeq()).isEqualTo(i + 1);
            }
            assertThat(Files.readString(tmp.resolve("run.log"))).contains("SIGTERM", "pipeline stopped");
        }
    }
}
