package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
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
 * that folder's README). Our own initiator variants (bad Logon replies, a second connection) live
 * in this project's test resources and run through the same harness.
 */
class FixConformanceTest {
    private static final String DEFAULT_DIR = "../shared/conformance/quickfixj-acceptance/fix44";

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
