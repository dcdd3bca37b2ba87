package io.marketintel.pipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.codec.framing.FramingSpec;
import io.marketintel.pipeline.codec.framing.FramingType;
import io.marketintel.pipeline.codec.json.JsonMapping;
import io.marketintel.pipeline.codec.json.QuoteMapping;
import io.marketintel.pipeline.codec.json.TimestampUnit;
import io.marketintel.pipeline.codec.json.TradeMapping;
import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.config.Credentials;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Endpoint;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.config.UnmappedPolicy;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.sink.journal.FsyncPolicy;
import io.marketintel.pipeline.sink.journal.JournalConfig;
import io.marketintel.pipeline.source.Decoders;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    private static final String SECRET = "S3cr3t-Pa55word";
    /** A valid first source, so that a test's YAML only carries what it is about. */
    private static final String WS_SOURCE = """
            sources:
              - source_id: ws_1
                protocol: websocket
                endpoint: wss://stream.example.com/ws
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void shouldLoadEveryFieldOfAFullValidConfig() throws Exception {
        final PipelineConfig config = loader.load(resource("config/valid.yaml"), Map.of());

        assertThat(config.sources()).extracting(DataSourceConfig::sourceId)
                .containsExactly("tcp_1", "udp_1", "ws_source_1", "fix_source_1");
        final DataSourceConfig tcp = config.sources().get(0);
        assertThat(tcp.protocol()).isEqualTo(Protocol.TCP);
        assertThat(tcp.endpoint()).isEqualTo("127.0.0.1:9001");
        assertThat(tcp.format()).isEqualTo("json");
        assertThat(tcp.bufferSize()).isEqualTo(32 * 1024);
        assertThat(tcp.reconnectInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(tcp.reconnectMaxInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(tcp.maxReconnectAttempts()).isEqualTo(5);
        assertThat(tcp.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tcp.staleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tcp.backpressure()).isEqualTo(BackpressurePolicy.DROP);
        assertThat(tcp.onUnmapped()).isEqualTo(UnmappedPolicy.SKIP);
        assertThat(tcp.onMalformed()).isEqualTo(ErrorPolicy.RESET);
        assertThat(tcp.framing()).isEqualTo(new FramingSpec(FramingType.LENGTH_PREFIX_4, 1024 * 1024, ErrorPolicy.RESET));
        assertThat(tcp.jsonMapping()).contains(new JsonMapping("type",
                new TradeMapping("trade", "s", "p", "q", "side", "t", "T", "seq"),
                new QuoteMapping("quote", "s", "b", "B", "a", "A", "T", "seq"),
                TimestampUnit.MICROSECONDS));

        final DataSourceConfig udp = config.sources().get(1);
        assertThat(udp.jsonMapping()).contains(new JsonMapping(null,
                new TradeMapping(null, "data.s", "data.p", "data.q", null, null, null, null), null,
                TimestampUnit.MILLISECONDS));
        assertThat(udp.framing()).isEqualTo(FramingSpec.lines());

        final DataSourceConfig ws = config.sources().get(2);
        assertThat(ws.format()).isEqualTo("binance");
        assertThat(ws.subscribe()).containsExactly("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}");
        assertThat(ws.jsonMapping()).isEmpty();
        assertThat(ws.reconnectMaxInterval()).isEqualTo(DataSourceConfig.DEFAULT_RECONNECT_MAX_INTERVAL);

        final DataSourceConfig fix = config.sources().get(3);
        assertThat(fix.credentials()).contains(new Credentials("user123", "pass123"));
        assertThat(fix.format()).isEqualTo("fix");
        assertThat(fix.fix()).contains(FixOptions.builder("CLIENT1", "VENUE").beginString("FIX.4.4")
                .heartbeatInterval(Duration.ofSeconds(30)).symbols(List.of("EUR/USD", "GBP/USD")).marketDepth(10)
                .entryTypes(List.of("bid", "offer")).resetOnLogon(false).storeDir("data/fix")
                .logonTimeout(Duration.ofSeconds(5)).sendingTimeTolerance(Duration.ofMinutes(1)).resendChunkSize(500)
                .maxQueuedMessages(2000).emitRawMessages(true).build());
        assertThat(config.journals()).containsExactly(
                new JournalConfig(Path.of("data/journal"), 64L * 1024 * 1024, FsyncPolicy.INTERVAL, Duration.ofSeconds(1)));
        assertThat(config.monitoring()).isEqualTo(new MonitoringConfig(new Endpoint("127.0.0.1", 8080), Duration.ofSeconds(10)));
    }

    @Test
    void shouldApplyDefaultsWhenOptionalBlocksAreAbsent() {
        final PipelineConfig config = loader.parse(WS_SOURCE, "test.yaml", Map.of());

        final DataSourceConfig ws = config.sources().get(0);
        assertThat(ws.bufferSize()).isEqualTo(DataSourceConfig.DEFAULT_BUFFER_SIZE);
        assertThat(ws.backpressure()).isEqualTo(BackpressurePolicy.BLOCK);
        assertThat(ws.credentials()).isEmpty();
        assertThat(config.journals()).isEmpty();
        assertThat(config.monitoring()).isEqualTo(MonitoringConfig.defaults());
        assertThat(config.monitoring().bindAddress()).isEmpty();
    }

    @Nested
    class FixBlock {
        private static final String FIX_SOURCE = """
                sources:
                  - source_id: fix_1
                    protocol: fix
                    endpoint: 127.0.0.1:8193
                """;

        @Test
        void shouldDefaultEveryFixOptionWhenTheBlockIsAbsent() {
            final DataSourceConfig fix = loader.parse(FIX_SOURCE, "test.yaml", Map.of()).sources().get(0);

            assertThat(fix.format()).isEqualTo("fix");
            assertThat(fix.fix()).contains(FixOptions.defaults());
        }

        @Test
        void shouldReportEveryBadFixKeyWithItsPath() {
            final String yaml = FIX_SOURCE + """
                        fix: { begin_string: FIX.9.9, heartbeat_interval: 30,
                               entry_types: [bid, quote], reset_on_logon: maybe, market_depth: -1,
                               max_queued_messages: 0, resend_chunk_size: x, colour: red }
                    """;

            assertThat(errors(yaml, Map.of())).containsExactly(
                    new ConfigError("sources[0].fix.colour", "unknown key \"colour\", expected one of: "
                            + String.join(", ", FixOptionsReader.KEYS)),
                    new ConfigError("sources[0].fix.begin_string",
                            "expected one of FIX.4.2, FIX.4.4, FIXT.1.1, got \"FIX.9.9\""),
                    new ConfigError("sources[0].fix.heartbeat_interval",
                            "expected a duration with a unit, e.g. 500ms or 5s, got 30"),
                    new ConfigError("sources[0].fix.market_depth", "expected a whole number, 0 (full book) or more, got -1"),
                    new ConfigError("sources[0].fix.entry_types", "expected a non-empty list of bid, offer, trade, got [bid, quote]"),
                    new ConfigError("sources[0].fix.reset_on_logon", "expected true or false, got \"maybe\""),
                    new ConfigError("sources[0].fix.resend_chunk_size",
                            "expected a whole number, 0 (everything at once) or more, got \"x\""),
                    new ConfigError("sources[0].fix.max_queued_messages", "expected a whole number, 1 or more, got 0"));
        }

        @Test
        void shouldCheckCompIdsAfterTheTypes() {
            final String yaml = FIX_SOURCE + "    fix: { sender_comp_id: \"has space\", target_comp_id: VENUE }\n";

            assertThat(errors(yaml, Map.of())).containsExactly(new ConfigError("sources[0].fix.sender_comp_id",
                    "expected 1-64 printable ASCII characters without spaces, got \"has space\""));
        }

        @Test
        void shouldReadTheApplicationVersionOfAFixtSessionByNameOrCode() {
            final String byName = FIX_SOURCE + "    fix: { begin_string: FIXT.1.1, default_appl_ver_id: FIX.5.0SP1 }\n";
            final String byCode = FIX_SOURCE + "    fix: { begin_string: FIXT.1.1, default_appl_ver_id: \"7\" }\n";
            final String byNumber = FIX_SOURCE + "    fix: { begin_string: FIXT.1.1, default_appl_ver_id: 6 }\n";
            final String unset = FIX_SOURCE + "    fix: { begin_string: FIXT.1.1 }\n";

            assertThat(fixOf(byName).applVerIdCode()).isEqualTo("8");
            assertThat(fixOf(byCode).applVerIdCode()).isEqualTo("7");
            assertThat(fixOf(byNumber).applVerIdCode()).isEqualTo("6");
            assertThat(fixOf(unset).applVerIdCode()).isEqualTo("9");
            assertThat(fixOf(FIX_SOURCE).applVerIdCode()).isNull();
        }

        @Test
        void shouldRefuseAnUnknownApplicationVersionOrOneOutsideFixt() {
            final String unknown = FIX_SOURCE + "    fix: { begin_string: FIXT.1.1, default_appl_ver_id: FIX.5.0SP3 }\n";
            final String onFix44 = FIX_SOURCE + "    fix: { begin_string: FIX.4.4, default_appl_ver_id: FIX.4.4 }\n";

            assertThat(errors(unknown, Map.of())).containsExactly(new ConfigError("sources[0].fix.default_appl_ver_id",
                    "expected one of [FIX.4.0, FIX.4.1, FIX.4.2, FIX.4.3, FIX.4.4, FIX.5.0, FIX.5.0SP1, FIX.5.0SP2]"
                            + " (or its ApplVerID code 2 to 9), got \"FIX.5.0SP3\""));
            assertThat(errors(onFix44, Map.of())).containsExactly(new ConfigError("sources[0].fix.default_appl_ver_id",
                    "only FIXT.1.1 sessions carry an application version (begin_string is FIX.4.4),"
                            + " remove the key or use begin_string FIXT.1.1"));
        }

        private FixOptions fixOf(String yaml) {
            return loader.parse(yaml, "test.yaml", Map.of()).sources().get(0).fix().orElseThrow();
        }

        @Test
        void shouldRefuseAFixBlockOnAnotherProtocol() {
            final String yaml = WS_SOURCE + "    fix: { sender_comp_id: A, target_comp_id: B }\n";

            assertThat(errors(yaml, Map.of())).containsExactly(
                    new ConfigError("sources[0].fix", "applies only to protocol fix, got protocol websocket"));
        }
    }

    @Nested
    class EnvironmentSubstitution {
        private static final String TEMPLATE = """
                sources:
                  - source_id: tcp_${SUFFIX:-a}
                    protocol: tcp
                    endpoint: ${HOST:-127.0.0.1}:${PORT}
                    max_reconnect_attempts: ${ATTEMPTS:-3}
                    subscribe: ['$${NOT_A_VARIABLE}', '${GREETING}']
                    json: { trade: { price: p, size: q } }
                """;

        @Test
        void shouldUseTheVariableWhenSetAndTheDefaultOtherwise() {
            final DataSourceConfig source = only(Map.of("PORT", "9100", "GREETING", "hello"));

            assertThat(source.sourceId()).isEqualTo("tcp_a");
            assertThat(source.endpoint()).isEqualTo("127.0.0.1:9100");
            assertThat(source.maxReconnectAttempts()).isEqualTo(3);
            assertThat(source.subscribe()).containsExactly("${NOT_A_VARIABLE}", "hello");
        }

        @Test
        void shouldPreferASetVariableOverTheDefault() {
            final DataSourceConfig source =
                    only(Map.of("SUFFIX", "b", "HOST", "10.0.0.7", "PORT", "9100", "ATTEMPTS", "7", "GREETING", "hi"));

            assertThat(source.sourceId()).isEqualTo("tcp_b");
            assertThat(source.endpoint()).isEqualTo("10.0.0.7:9100");
            assertThat(source.maxReconnectAttempts()).isEqualTo(7);
        }

        @Test
        void shouldUseTheDefaultWhenTheVariableIsEmpty() {
            assertThat(only(Map.of("HOST", "", "PORT", "1", "GREETING", "x")).endpoint()).isEqualTo("127.0.0.1:1");
        }

        @Test
        void shouldReportEveryMissingVariableWithItsPath() {
            assertThat(errors(TEMPLATE, Map.of())).containsExactly(
                    new ConfigError("sources[0].endpoint",
                            "environment variable PORT is not set (use ${PORT:-default} to give a default)"),
                    new ConfigError("sources[0].subscribe[1]",
                            "environment variable GREETING is not set (use ${GREETING:-default} to give a default)"));
        }

        @Test
        void shouldNotLetAValueInjectYamlStructure() {
            final DataSourceConfig source =
                    only(Map.of("PORT", "9100", "GREETING", "x\n  evil: [1, 2]\nsinks: oops"));

            assertThat(source.subscribe()).containsExactly("${NOT_A_VARIABLE}", "x\n  evil: [1, 2]\nsinks: oops");
        }

        @Test
        void shouldRefuseMalformedReferences() {
            final String yaml = WS_SOURCE + "    subscribe: ['${1BAD}', '${UNCLOSED']\n";

            assertThat(errors(yaml, Map.of())).containsExactly(
                    new ConfigError("sources[0].subscribe[0]",
                            "invalid environment variable reference, expected ${NAME} or ${NAME:-default}"),
                    new ConfigError("sources[0].subscribe[1]", "unterminated ${, expected ${NAME} or ${NAME:-default}"));
        }

        private DataSourceConfig only(Map<String, String> env) {
            return loader.parse(TEMPLATE, "test.yaml", env).sources().get(0);
        }
    }

    @Nested
    class DurationsAndSizes {
        @ParameterizedTest
        @CsvSource({"250us, PT0.00025S", "500ms, PT0.5S", "5s, PT5S", "1m, PT1M", "2h, PT2H", "1.5s, PT1.5S",
                "0.5ms, PT0.0005S", "10ns, PT0.00000001S", "0s, PT0S"})
        void shouldParseDurationsWithUnits(String text, Duration expected) {
            assertThat(ConfigUnits.parseDuration(text)).contains(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "1.5", "5 sec", "-1s", "s", "", "1e3s", "1.5ns", "PT5S", "9999999999h"})
        void shouldRefuseDurationsThatAreNotANumberAndAUnit(String text) {
            assertThat(ConfigUnits.parseDuration(text)).isEmpty();
        }

        @ParameterizedTest
        @CsvSource({"65536, 65536", "512B, 512", "64KiB, 65536", "16MiB, 16777216", "1GiB, 1073741824"})
        void shouldParseSizes(String text, long expected) {
            assertThat(ConfigUnits.parseSize(text)).contains(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"64MB", "1.5MiB", "-1", "lots", "", "99999999999999999999"})
        void shouldRefuseSizesThatAreNotBytesOrBinaryUnits(String text) {
            assertThat(ConfigUnits.parseSize(text)).isEmpty();
        }

        @Test
        void shouldReadDurationsAndSizesFromTheFile() {
            final String yaml = WS_SOURCE + """
                        buffer_size: 64KiB
                        reconnect_interval: 1.5s
                        reconnect_max_interval: 2h
                        connect_timeout: 250us
                        stale_timeout: 0s
                    """;
            final DataSourceConfig source = loader.parse(yaml, "test.yaml", Map.of()).sources().get(0);

            assertThat(source.bufferSize()).isEqualTo(65_536);
            assertThat(source.reconnectInterval()).isEqualTo(Duration.ofMillis(1500));
            assertThat(source.reconnectMaxInterval()).isEqualTo(Duration.ofHours(2));
            assertThat(source.connectTimeout()).isEqualTo(Duration.ofNanos(250_000));
            assertThat(source.staleTimeout()).isZero();
        }

        @Test
        void shouldSayAUnitIsNeededAndCheckRanges() {
            final String yaml = WS_SOURCE + """
                        buffer_size: 100
                        reconnect_interval: 5
                        connect_timeout: 0s
                        stale_timeout: soon
                    sinks:
                      - { type: journal, path: j, segment_bytes: 1KiB, fsync_interval: 1 }
                    monitoring: { log_interval: 10 }
                    """;

            assertThat(errors(yaml, Map.of())).containsExactly(
                    new ConfigError("sources[0].buffer_size", "expected 256 to 64MiB bytes, got 100"),
                    new ConfigError("sources[0].reconnect_interval",
                            "expected a duration with a unit, e.g. 500ms or 5s, got 5"),
                    new ConfigError("sources[0].connect_timeout", "expected a positive duration, got \"0s\""),
                    new ConfigError("sources[0].stale_timeout",
                            "expected a duration such as 250us, 500ms, 1.5s, 1m or 2h, got \"soon\""),
                    new ConfigError("sinks[0].segment_bytes", "expected 4KiB to 1GiB bytes, got \"1KiB\""),
                    new ConfigError("sinks[0].fsync_interval",
                            "expected a duration with a unit, e.g. 500ms or 5s, got 1"),
                    new ConfigError("monitoring.log_interval",
                            "expected a duration with a unit, e.g. 500ms or 5s, got 10"));
        }

        @Test
        void shouldRefuseAReconnectCapBelowTheFirstInterval() {
            final String yaml = WS_SOURCE + "    reconnect_interval: 2s\n    reconnect_max_interval: 1s\n";

            assertThat(errors(yaml, Map.of())).containsExactly(new ConfigError("sources[0].reconnect_max_interval",
                    "expected at least reconnect_interval (2s), got 1s"));
        }
    }

    @Test
    void shouldReportEveryMistakeOfAFileWithItsExactPath() {
        final String yaml = """
                sources:
                  - source_id: tcp_1
                    protocol: tcp
                    endpoint: localhost
                    reconnect_interval: 500
                    backpressure: conflate
                    fix: { begin_string: FIX.4.4 }
                    json:
                      discriminator: type
                      trade: { when: trade, symbol: s, size: q }
                  - source_id: tcp_1
                    protocol: udp
                    endpoint: 127.0.0.1:9001
                    buffer_size: [16384]
                    max_reconnect_attempts: -1
                  - source_id: ws_2
                    protocol: http
                    subscribe: hello
                sinks:
                  - type: kafka
                    topic: market-data
                  - type: journal
                    fsync: sometimes
                monitoring:
                  bind: 8080
                  log_intervall: 5s
                """;

        final ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader.parse(yaml, "pipeline.yaml", Map.of()));

        final String sourceKeys = String.join(", ", SourceConfigReader.KEYS);
        assertThat(e.errors()).containsExactly(
                new ConfigError("sources[0].endpoint", "expected host:port, got \"localhost\""),
                new ConfigError("sources[0].fix", "applies only to protocol fix, got protocol tcp"),
                new ConfigError("sources[0].reconnect_interval", "expected a duration with a unit, e.g. 500ms or 5s, got 500"),
                new ConfigError("sources[0].backpressure", "expected one of block, drop, got \"conflate\""),
                new ConfigError("sources[0].json.trade.price", "required, got nothing"),
                new ConfigError("sources[1].buffer_size",
                        "expected a size in bytes such as 65536, 64KiB, 16MiB or 1GiB, got a list"),
                new ConfigError("sources[1].max_reconnect_attempts", "expected a whole number, 0 (forever) or more, got -1"),
                new ConfigError("sources[1].json", "required for format json over udp: "
                        + "expected a mapping with trade and/or quote, got nothing"),
                new ConfigError("sources[1].source_id",
                        "expected a unique source_id, got \"tcp_1\" again (already used by sources[0])"),
                new ConfigError("sources[2].protocol",
                        "expected one of websocket, fix, tcp, udp, rest, mqtt, grpc, got \"http\""),
                new ConfigError("sources[2].endpoint", "required, got nothing"),
                new ConfigError("sources[2].subscribe", "expected a list, got \"hello\""),
                new ConfigError("sinks[0].type", "expected one of journal, got \"kafka\""),
                new ConfigError("sinks[1].path", "required, got nothing"),
                new ConfigError("sinks[1].fsync", "expected one of none, interval, always, got \"sometimes\""),
                new ConfigError("monitoring.log_intervall", "unknown key \"log_intervall\", expected one of: bind, log_interval"),
                new ConfigError("monitoring.bind",
                        "expected a string, got a number 8080 (quote it: YAML reads 0123 as 83 and yes as true)"));
        assertThat(e.getMessage()).startsWith("pipeline.yaml: 17 errors" + System.lineSeparator())
                .contains(System.lineSeparator() + "  sources[0].endpoint: expected host:port, got \"localhost\"")
                .hasLineCount(18);
    }

    @Test
    void shouldCheckTheShapeOfJsonMappingsAndTransportBlocks() {
        final String yaml = WS_SOURCE + """
                  - source_id: tcp_2
                    protocol: tcp
                    endpoint: 127.0.0.1:9001
                    tcp: { framing: varint, max_frame_bytes: 0 }
                    json:
                      time_unit: minutes
                      trade: { when: trade, price: data..p, size: q }
                      quote: { bid_price: b, ask_price: a, bid_qty: B }
                  - source_id: udp_2
                    protocol: udp
                    endpoint: 127.0.0.1:9002
                    tcp: { framing: line }
                    json: {}
                """;

        assertThat(errors(yaml, Map.of())).containsExactly(
                new ConfigError("sources[1].tcp.framing", "expected one of line, length_u16, length_u32, got \"varint\""),
                new ConfigError("sources[1].tcp.max_frame_bytes", "expected 1 to 64MiB bytes, got 0"),
                new ConfigError("sources[1].json.time_unit", "expected one of s, ms, us, ns, got \"minutes\""),
                new ConfigError("sources[1].json.trade.when", "applies only when json.discriminator is set, which it is not"),
                new ConfigError("sources[1].json.trade.price", "expected a dot-separated key path such as data.p, got \"data..p\""),
                new ConfigError("sources[1].json.quote.bid_qty", "unknown key \"bid_qty\", expected one of: "
                        + "when, symbol, bid_price, bid_size, ask_price, ask_size, exchange_time, source_seq"),
                new ConfigError("sources[1].json.discriminator",
                        "required when both trade and quote are mapped (it says which one a message is), got nothing"),
                new ConfigError("sources[2].tcp", "applies only to protocol tcp, got protocol udp"),
                new ConfigError("sources[2].json", "expected a trade or a quote mapping (or both), got neither"));
    }

    @Test
    void shouldRefuseAFormatThisBuildCannotDecodeListingTheOnesItCan() {
        // A typo in a dialect name used to pass validation and fail only when run started the source.
        final String yaml = """
                sources:
                  - source_id: ws_1
                    protocol: websocket
                    endpoint: wss://stream.example.com/ws
                    format: binanse
                """;
        assertThat(errors(yaml, Map.of())).containsExactly(new ConfigError("sources[0].format",
                "expected one of " + String.join(", ", Decoders.FORMATS) + ", got \"binanse\""));
    }

    @Test
    void shouldRefuseATopLevelThatIsNotAMappingOrHasNoSources() {
        assertThat(errors("- a\n- b\n", Map.of())).containsExactly(new ConfigError("", "expected a mapping, got a list"));
        assertThat(errors("sinks: []\nsourcez: []\n", Map.of())).containsExactly(
                new ConfigError("sourcez", "unknown key \"sourcez\", expected one of: sources, sinks, monitoring"),
                new ConfigError("sources", "required, got nothing"));
        assertThat(errors("sources: []\n", Map.of()))
                .containsExactly(new ConfigError("sources", "expected at least one source, got an empty list"));
        assertThat(errors("# nothing here\n", Map.of()))
                .containsExactly(new ConfigError("", "expected a mapping with a sources list, got an empty document"));
    }

    @Test
    void shouldReportAYamlSyntaxErrorWithItsLineAndColumn() {
        final String yaml = WS_SOURCE + "    subscribe: [a, b\n    buffer_size: 1\n";

        final ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "bad.yaml", Map.of()));

        assertThat(e.errors()).containsExactly(new ConfigError("",
                "YAML syntax error at line 6, column 16: expected ',' or ']', but got : (while parsing a flow sequence)"));
        assertThat(e.getMessage()).startsWith("bad.yaml: 1 error");
    }

    @Test
    void shouldReportADuplicateKeyRatherThanKeepTheLastOne() {
        final String yaml = WS_SOURCE + "    buffer_size: 1024\n    buffer_size: 2048\n";

        assertThat(errors(yaml, Map.of()))
                .containsExactly(new ConfigError("", "YAML syntax error at line 6, column 18: duplicate key 'buffer_size'"));
    }

    @Test
    void shouldRefuseMoreThanOneDocument() {
        assertThat(errors(WS_SOURCE + "---\n" + WS_SOURCE, Map.of())).containsExactly(
                new ConfigError("", "expected one YAML document, got more than one (a second '---')"));
    }

    @Nested
    class Passwords {
        @Test
        void shouldNotShowAPasswordOfTheWrongType() {
            assertHidden(fix("{ username: u, password: 12345678 }"), Map.of(), "12345678",
                    new ConfigError("sources[1].credentials.password", "expected a string, got a number <hidden> "
                            + "(quote it: YAML reads 0123 as 83 and yes as true)"));
        }

        @Test
        void shouldNotShowCredentialsWrittenAsOneString() {
            assertHidden(fix("\"u:" + SECRET + "\""), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials", "expected a mapping, got <hidden>"));
        }

        @Test
        void shouldNotShowAnEmptyOrMissingPassword() {
            assertHidden(fix("{ username: u, password: '' }"), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials.password", "expected a non-empty string, got <hidden>"));
            assertHidden(fix("{ username: u }"), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials.password", "required, got nothing"));
        }

        @Test
        void shouldNotShowAPasswordWrittenAsAKey() {
            assertHidden(fix("{ username: u, " + SECRET + " }"), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials", "unknown key <hidden>, expected one of: username, password"),
                    new ConfigError("sources[1].credentials.password", "required, got nothing"));
        }

        @Test
        void shouldNotShowASubstitutedPasswordEvenWhereAnotherValueIsQuoted() {
            // The password ends up in the endpoint too (a copy-paste slip): it is masked there as well.
            final String yaml = WS_SOURCE + """
                      - source_id: fix_1
                        protocol: fix
                        endpoint: ${FIX_PASSWORD}
                        credentials: { username: "${FIX_PASSWORD}", password: "${FIX_PASSWORD}" }
                    """;
            assertHidden(yaml, Map.of("FIX_PASSWORD", SECRET), SECRET,
                    new ConfigError("sources[1].endpoint", "expected host:port, got \"<hidden>\""));
        }

        @Test
        void shouldNotShowAPasswordWrittenIntoAnEndpointThatDoesNotParse() {
            // An unencoded / ? or # ends the user info early: the URL is invalid and shown as its scheme only.
            for (String password : new String[] {"pa/" + SECRET, "pa?" + SECRET, "pa#" + SECRET}) {
                final String yaml = """
                        sources:
                          - source_id: ws_1
                            protocol: websocket
                            endpoint: "wss://trader:%s@stream.example.com/ws"
                        """.formatted(password);
                assertHidden(yaml, Map.of(), SECRET, new ConfigError("sources[0].endpoint",
                        "expected a ws:// or wss:// URL, got \"wss://***\" (the rest is hidden as it may hold a password:"
                                + " percent-encode reserved characters such as / ? # @ in the user name or password,"
                                + " / as %2F, ? as %3F, # as %23, @ as %40)"));
            }
        }

        @Test
        void shouldNotShowTheUserInfoOfAUrlGivenForAHostPortEndpoint() {
            final String yaml = WS_SOURCE + """
                      - source_id: tcp_1
                        protocol: fix
                        endpoint: "tcp://trader:%s@feed.example.com:9001"
                    """.formatted(SECRET);
            assertHidden(yaml, Map.of(), SECRET,
                    new ConfigError("sources[1].endpoint", "expected host:port, got \"tcp://feed.example.com:9001\""));
        }

        @Test
        void shouldNameTheMissingVariableButNoValue() {
            assertHidden(fix("{ username: u, password: \"${FIX_PASSWORD}\" }"), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials.password",
                            "environment variable FIX_PASSWORD is not set (use ${FIX_PASSWORD:-default} to give a default)"));
            assertHidden(fix("{ username: u, password: \"" + SECRET + "${\" }"), Map.of(), SECRET,
                    new ConfigError("sources[1].credentials.password", "unterminated ${, expected ${NAME} or ${NAME:-default}"));
        }

        @Test
        void shouldNotQuoteThePasswordLineOfASyntaxError() {
            final String yaml = fix("{ username: u, password: " + SECRET + "\n");

            final ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "x.yaml", Map.of()));

            assertThat(e.getMessage()).doesNotContain(SECRET).contains("YAML syntax error at line 10, column 1");
        }

        private String fix(String credentials) {
            return WS_SOURCE + """
                      - source_id: fix_1
                        protocol: fix
                        endpoint: 127.0.0.1:8193
                        credentials: %s
                    """.formatted(credentials);
        }

        private void assertHidden(String yaml, Map<String, String> env, String secret, ConfigError... expected) {
            final ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "x.yaml", env));

            assertThat(e.errors()).containsExactly(expected);
            assertThat(e.getMessage()).doesNotContain(secret);
        }
    }

    @Test
    void shouldTurnWhatTheBuilderStillRefusesIntoErrorsUnderTheSource() {
        final String message = "invalid source \"s1\": endpoint: expected host:port, got \"x\"; "
                + "policies and framing must not be null";

        assertThat(SourceConfigReader.errorsFromBuilder(message, "sources[4]")).containsExactly(
                new ConfigError("sources[4].endpoint", "expected host:port, got \"x\""),
                new ConfigError("sources[4]", "policies and framing must not be null"));
    }

    @Test
    void shouldRefuseTheBrokenSampleWithEveryError() throws Exception {
        final Path broken = resource("config/broken.yaml");

        final ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(broken, Map.of()));

        assertThat(e.origin()).isEqualTo(broken.toString());
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly(
                "sources[0].endpoint", "sources[0].reconnect_interval", "sources[0].backpressure",
                "sources[1].fix", "sources[1].buffer_size", "sources[1].json", "sources[1].source_id",
                "sources[2].endpoint", "sinks[0].type", "monitoring.bind");
    }

    @Test
    void shouldReportAMissingFile() {
        final Path missing = Path.of("no/such/pipeline.yaml");

        final ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(missing, Map.of()));

        assertThat(e.errors()).containsExactly(new ConfigError("", "cannot read the file: no such file"));
        assertThat(e.getMessage()).startsWith(missing.toString());
    }

    @Nested
    class WebSocketBlock {
        @Test
        void shouldReadEveryWebSocketOption() {
            final String yaml = """
                    sources:
                      - source_id: ws_1
                        protocol: websocket
                        endpoint: wss://stream.example.com/ws
                        format: binance
                        websocket:
                          headers: { X-MBX-APIKEY: key-1, User-Agent: pipeline }
                          subprotocol: binance.v1
                          trust_store: /etc/pipeline/venue-ca.p12
                          trust_store_password: "${TRUST_PASSWORD}"
                          trust_store_type: JKS
                          max_message_bytes: 256KiB
                          permessage_deflate: false
                          subscribe_rate: 5
                          heartbeat: { text: ping, interval: 30s, reply: pong }
                    """;
            final WebSocketOptions ws = loader.parse(yaml, "test.yaml", Map.of("TRUST_PASSWORD", SECRET))
                    .sources().get(0).websocket();

            assertThat(ws.headers()).containsExactly(Map.entry("X-MBX-APIKEY", "key-1"), Map.entry("User-Agent", "pipeline"));
            assertThat(ws.subprotocol()).contains("binance.v1");
            assertThat(ws.tlsInsecure()).isFalse();
            assertThat(ws.trustStorePath()).contains("/etc/pipeline/venue-ca.p12");
            assertThat(ws.trustStorePassword()).contains(SECRET);
            assertThat(ws.trustStoreType()).isEqualTo("JKS");
            assertThat(ws.maxMessageBytes()).isEqualTo(256 * 1024);
            assertThat(ws.permessageDeflate()).isFalse();
            assertThat(ws.subscribeRatePerSecond()).isEqualTo(5);
            assertThat(ws.heartbeatText()).contains("ping");
            assertThat(ws.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(ws.heartbeatReply()).contains("pong");
            assertThat(ws.toString()).doesNotContain(SECRET);
        }

        @Test
        void shouldDefaultToVerifiedTlsDeflateAndOneMebibyteMessages() {
            final WebSocketOptions ws = loader.parse(WS_SOURCE, "test.yaml", Map.of()).sources().get(0).websocket();

            assertThat(ws).isEqualTo(WebSocketOptions.DEFAULTS);
            assertThat(ws.tlsInsecure()).isFalse();
            assertThat(ws.permessageDeflate()).isTrue();
            assertThat(ws.maxMessageBytes()).isEqualTo(1024 * 1024);
            assertThat(ws.subscribeRatePerSecond()).isZero();
            assertThat(ws.hasHeartbeat()).isFalse();
        }

        @Test
        void shouldReportEveryMistakeOfTheBlockWithItsPath() {
            final String yaml = WS_SOURCE + """
                        websocket:
                          headers: { X-Key: [1, 2] }
                          tls_insecure: yes please
                          trust_store_type: JKS
                          max_message_bytes: 0
                          permessage_deflate: 1
                          subscribe_rate: -2
                          heartbeat: { text: ping }
                          compression: on
                      - source_id: tcp_9
                        protocol: tcp
                        endpoint: 127.0.0.1:9009
                        json: { trade: { price: p, size: q } }
                        websocket: { subprotocol: x }
                    """;

            assertThat(errors(yaml, Map.of())).containsExactly(
                    new ConfigError("sources[0].websocket.compression", "unknown key \"compression\", expected one of: "
                            + String.join(", ", WebSocketOptionsReader.KEYS)),
                    new ConfigError("sources[0].websocket.headers.X-Key", "expected a string, got a list"),
                    new ConfigError("sources[0].websocket.tls_insecure", "expected true or false, got \"yes please\""),
                    new ConfigError("sources[0].websocket.trust_store",
                            "required when trust_store_password or trust_store_type is set, got nothing"),
                    new ConfigError("sources[0].websocket.max_message_bytes", "expected 1 to 64MiB bytes, got 0"),
                    new ConfigError("sources[0].websocket.permessage_deflate", "expected true or false, got 1"),
                    new ConfigError("sources[0].websocket.subscribe_rate",
                            "expected a whole number, 0 (no limit) or more requests per second, got -2"),
                    new ConfigError("sources[0].websocket.heartbeat.interval", "required, got nothing"),
                    new ConfigError("sources[1].websocket", "applies only to protocol websocket, got protocol tcp"));
        }

        @Test
        void shouldRefuseHeadersThatTheHandshakeSetsItself() {
            final String yaml = WS_SOURCE + """
                        websocket:
                          headers: { X-Api-Key: k1, Sec-WebSocket-Extensions: permessage-deflate }
                    """;

            assertThat(errors(yaml, Map.of())).containsExactly(new ConfigError("sources[0].websocket.headers",
                    "\"Sec-WebSocket-Extensions\" is set by the WebSocket handshake itself: remove it (use subprotocol"
                            + " for Sec-WebSocket-Protocol, permessage_deflate for Sec-WebSocket-Extensions)"));
        }

        @Test
        void shouldNeverShowTheTrustStorePassword() {
            final String yaml = WS_SOURCE + """
                        websocket: { trust_store: ca.p12, trust_store_password: "${TP}", tls_insecure: true }
                    """;
            final ConfigException e = catchThrowableOfType(ConfigException.class,
                    () -> loader.parse(yaml, "x.yaml", Map.of("TP", SECRET)));

            assertThat(e.errors()).containsExactly(new ConfigError("sources[0].websocket.tls_insecure",
                    "a trust_store and tls_insecure exclude each other: remove tls_insecure to verify with the trust store"));
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
    }

    private List<ConfigError> errors(String yaml, Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "test.yaml", env)).errors();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getClassLoader().getResource(name).toURI());
    }
}
