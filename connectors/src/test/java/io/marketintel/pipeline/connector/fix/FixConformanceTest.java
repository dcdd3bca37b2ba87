package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The QuickFIX/J session acceptance scripts, role-reversed: the harness ({@link FixScriptRunner})
 * is the acceptor {@code TW}, our {@link FixSource} the initiator {@code ISLD}. The script
 * directory is a parameter ({@code -Dfix.conformance.dir=…}, default {@code
 * ../shared/conformance/quickfixj-acceptance/fix44} beside the repository) and so is the list of
 * scripts that apply to an initiator ({@code -Dfix.conformance.scripts=a,b,…}, default the 25 of
 * that folder's README and three more that apply unchanged, listed in {@code
 * fix-conformance/fix44-initiator-scripts.txt}). A missing directory skips the scripts (reported
 * as skipped, not passed). Our own initiator variants (bad Logon replies, a second connection) live
 * in this project's test resources and run through the same harness.
 *
 * <p>The market-data variants ({@code fix-conformance/initiator-market-data/}, see the README
 * there) adapt the scripts whose originals rely on the acceptor echoing orders: the harness sends
 * market data instead, our source subscribes to {@value #SYMBOL} (so its MarketDataRequest is its
 * MsgSeqNum 2), and {@code pPUBLISHED} lines check the MsgSeqNums of the market-data envelopes
 * that reached the pipeline's consumer. After the script, once the session's {@code DISCONNECTED}
 * status has reached the consumer (so everything published before it has too), the final list
 * must still be what the last {@code pPUBLISHED} line said: nothing extra came later.
 */
class FixConformanceTest {
    private static final String DEFAULT_DIR = "../shared/conformance/quickfixj-acceptance/fix44";
    static final String SYMBOL = "EUR/USD";

    @TestFactory
    Stream<DynamicTest> acceptanceScriptsPassAgainstOurInitiator() throws IOException {
        final Path dir = scriptDirectory();
        assumeTrue(Files.isDirectory(dir), "FIX conformance scripts not found at " + dir
                + " (set -Dfix.conformance.dir); the QuickFIX/J acceptance suite is expected beside the repository");
        return scriptNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> run(dir.resolve(name + ".def"))));
    }

    @TestFactory
    Stream<DynamicTest> initiatorVariantsPass() throws IOException, URISyntaxException {
        final Path dir = Path.of(Objects.requireNonNull(
                getClass().getResource("/fix-conformance/initiator")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".def")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
        }
    }

    @TestFactory
    Stream<DynamicTest> marketDataInitiatorVariantsPass() throws IOException, URISyntaxException {
        final Path dir = Path.of(Objects.requireNonNull(
                getClass().getResource("/fix-conformance/initiator-market-data")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".def")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runWithMarketData(f)));
        }
    }

    /** The harness itself: a PUBLISHED line that does not match what reached the consumer must fail. */
    @Test
    void harnessFailsWhenThePublishedSequenceDiffers() throws IOException {
        final Path script = Files.createTempFile("wrong-published", ".def");
        try {
            Files.writeString(script, ("iCONNECT\nE8=FIX.4.4|35=A|34=1|49=ISLD|56=TW|98=0|108=30|\n"
                    + "I8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|\n"
                    + "E8=FIX.4.4|35=V|34=2|49=ISLD|56=TW|\n"
                    + "I8=FIX.4.4|35=X|34=2|49=TW|52=<TIME>|56=ISLD|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=100|\n"
                    + "I8=FIX.4.4|35=X|34=3|49=TW|52=<TIME>|56=ISLD|268=1|279=0|269=0|55=EUR/USD|270=1.2|271=100|\n"
                    + "pPUBLISHED 3,2\n").replace('|', '\u0001'), StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> runWithMarketData(script)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("MsgSeqNums published downstream");
        } finally {
            Files.delete(script);
        }
    }

    /** The harness itself: a script whose expectation our initiator does not meet must fail. */
    @Test
    void harnessFailsWhenAnExpectedFieldDiffers() throws IOException {
        final Path script = Files.createTempFile("wrong-expectation", ".def");
        try {
            Files.writeString(script, ("iCONNECT\nE8=FIX.4.4|35=A|34=1|49=ISLD|56=TW|98=0|108=31|\n").replace('|', '\u0001'),
                    StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> run(script, 30)).isInstanceOf(AssertionError.class).hasMessageContaining("108=31");
        } finally {
            Files.delete(script);
        }
    }

    private static void run(Path file) throws IOException {
        run(file, FixScript.read(file).initiatorHeartBtInt());
    }

    private static void run(Path file, int heartBtInt) throws IOException {
        final FixScript script = FixScript.read(file);
        try (FixScriptRunner runner = new FixScriptRunner((int) Math.max(10_000, heartBtInt * 3_000L + 5_000))) {
            final RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().inProcessConsumer(false).ioThreads(1)
                    .shutdownTimeout(Duration.ofSeconds(3)).build();
            try {
                pipeline.addFixSource(DataSourceConfig.builder("conformance", Protocol.FIX, "127.0.0.1:" + runner.port())
                        .reconnectInterval(Duration.ofMillis(100))
                        .fix(FixOptions.builder("ISLD", "TW").heartbeatInterval(Duration.ofSeconds(heartBtInt))
                                .resetOnLogon(true).logonTimeout(Duration.ofSeconds(5)).build())
                        .build());
                pipeline.startAllReceivers();
                runner.run(script);
            } finally {
                pipeline.close();
            }
        }
    }

    private static void runWithMarketData(Path file) throws Exception {
        final FixScript script = FixScript.read(file);
        final int heartBtInt = script.initiatorHeartBtInt();
        final RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().ioThreads(1)
                .shutdownTimeout(Duration.ofSeconds(3)).build();
        try (EnvelopeCollector collector = new EnvelopeCollector(pipeline);
                FixScriptRunner runner = new FixScriptRunner((int) Math.max(10_000, heartBtInt * 3_000L + 5_000),
                        collector::marketDataSeqs)) {
            pipeline.addFixSource(DataSourceConfig.builder("conformance", Protocol.FIX, "127.0.0.1:" + runner.port())
                    .reconnectInterval(Duration.ofSeconds(30))
                    .fix(FixOptions.builder("ISLD", "TW").heartbeatInterval(Duration.ofSeconds(heartBtInt))
                            .resetOnLogon(true).logonTimeout(Duration.ofSeconds(5))
                            .symbols(List.of(SYMBOL)).marketDepth(1).build())
                    .build());
            pipeline.startAllReceivers();
            runner.run(script);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !collector.statuses(StreamStatus.State.DISCONNECTED).isEmpty());
            assertThat(collector.marketDataSeqs()).as(script.name() + ": MsgSeqNums published by the end of the session")
                    .containsExactlyElementsOf(runner.lastPublished() == null ? List.of() : runner.lastPublished());
        } finally {
            pipeline.close();
        }
    }

    static Path scriptDirectory() {
        final String configured = System.getProperty("fix.conformance.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return (dir == null ? Path.of("") : dir).resolve(DEFAULT_DIR).toAbsolutePath().normalize();
    }

    private static List<String> scriptNames() throws IOException {
        final String configured = System.getProperty("fix.conformance.scripts");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.split("\\s*,\\s*"));
        }
        try (var in = FixConformanceTest.class.getResourceAsStream("/fix-conformance/fix44-initiator-scripts.txt")) {
            return new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
