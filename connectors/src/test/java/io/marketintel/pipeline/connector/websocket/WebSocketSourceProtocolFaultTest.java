package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WsTestSupport.consumeUntil;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.data;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.codec.framing.ErrorPolicy;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.marketintel.pipeline.source.SourceState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Protocol faults from the server (RFC 6455): each closes the connection with the right code,
 * publishes nothing invalid (only the valid trade sent before the fault), and the source reconnects
 * per backoff. The server is hand-written, since no WebSocket library sends such frames.
 */
class WebSocketSourceProtocolFaultTest {
    private static final int MAX_MESSAGE_BYTES = 1_024;
    private static final String VALID = JettyBinanceServer.trade(1);

    enum Fault {
        MASKED_SERVER_FRAME(1002, false, "masked frame from the venue") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x81, VALID.getBytes(StandardCharsets.UTF_8), true);
            }
        },
        RESERVED_BITS(1002, false, "reserved bits") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x80 | 0x20 | 0x1, VALID.getBytes(StandardCharsets.UTF_8), false);
            }
        },
        RESERVED_OPCODE(1002, false, "reserved opcode") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x83, VALID.getBytes(StandardCharsets.UTF_8), false);
            }
        },
        OVERSIZE_CONTROL_FRAME(1002, false, "payload length > 125") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x89, new byte[126], false);
            }
        },
        INVALID_UTF8_TEXT(1007, false, "not UTF-8") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x81, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'}, false);
            }
        },
        INVALID_UTF8_IN_FRAGMENTS(1007, false, "not UTF-8") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                // A three-byte lead at the end of the first fragment, then a byte that cannot continue it.
                c.frame(0x01, new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xE2}, false);
                c.frame(0x80, new byte[] {0x41, '"', '}'}, false);
            }
        },
        INVALID_UTF8_AFTER_INFLATION(1007, true, "not UTF-8") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                // A surrogate (ED A0 80) is not UTF-8; only the inflated bytes show it.
                c.frame(0x80 | 0x40 | 0x1, deflated(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
                    (byte) 0x80, '"', '}'}), false);
            }
        },
        TOO_BIG_IN_ONE_FRAME(1009, false, "more than 1024 (max_message_bytes)") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                c.frame(0x81, padded(MAX_MESSAGE_BYTES + 1), false);
            }
        },
        TOO_BIG_IN_FRAGMENTS(1009, false, "in fragments") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                final byte[] whole = padded(MAX_MESSAGE_BYTES + 200);
                final int half = whole.length / 2;
                c.frame(0x01, Arrays.copyOfRange(whole, 0, half), false);
                c.frame(0x80, Arrays.copyOfRange(whole, half, whole.length), false);
            }
        },
        DEFLATE_BOMB(1009, true, "inflates past 1024 bytes") {
            @Override
            void send(RawWebSocketServer.Conn c) throws Exception {
                // 512 KiB of zeros compress to about 500 bytes: within the limit on the wire, 500 times it inflated.
                final byte[] compressed = deflated(new byte[512 * 1024]);
                assertThat(compressed.length).isLessThan(MAX_MESSAGE_BYTES);
                c.frame(0x80 | 0x40 | 0x2, compressed, false);
            }
        };

        final int closeCode;
        final boolean deflate;
        final String reason;

        Fault(int closeCode, boolean deflate, String reason) {
            this.closeCode = closeCode;
            this.deflate = deflate;
            this.reason = reason;
        }

        abstract void send(RawWebSocketServer.Conn c) throws Exception;
    }

    /** permessage-deflate's raw deflate of {@code bytes}. */
    private static byte[] deflated(byte[] bytes) {
        final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(bytes);
        deflater.finish();
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        final byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            compressed.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return compressed.toByteArray();
    }

    /** A JSON trade padded with spaces to the given size (valid UTF-8 and JSON). */
    private static byte[] padded(int size) {
        final byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        final byte[] json = VALID.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, bytes, 0, json.length);
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void shouldCloseWithTheRightCodePublishNothingInvalidAndReconnect(Fault fault) throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer(fault.deflate, (n, c) -> {
            c.text(VALID);
            if (n == 1) {
                fault.send(c);
            }
        })) {
            final RealTimeDataPipeline pipeline = WsTestSupport.pipeline();
            try (pipeline) {
                pipeline.addWebSocketSource(WsTestSupport.source("faulty", server.endpoint())
                        .websocket(WebSocketOptions.builder().maxMessageBytes(MAX_MESSAGE_BYTES).build()).build());
                pipeline.startAllReceivers().get();
                final List<Envelope> received = new ArrayList<>();
                consumeUntil(pipeline, received, () -> server.connections.get() >= 2 && data(received).size() >= 2
                        && pipeline.receivers().get("faulty").state() == SourceState.CONNECTED);

                assertThat(server.closeCodes).as("close code sent by the client").startsWith(fault.closeCode);
                // Only the valid trade, once per connection: nothing of the faulty frames got through.
                assertThat(data(received)).hasSize(2).allSatisfy(e -> assertThat(e.getTrade().getTradeId()).isEqualTo("1"));
                assertThat(WsTestSupport.states(received)).containsSubsequence(State.CONNECTED, State.DISCONNECTED,
                        State.BACKOFF, State.CONNECTING, State.CONNECTED, State.GAP_DETECTED);
                assertThat(statuses(received)).anySatisfy(s -> assertThat(s).startsWith("DISCONNECTED")
                        .contains("closed with " + fault.closeCode).contains(fault.reason));
                assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("faulty").malformed()).isZero();
            }
        }
    }

    /**
     * Not a fault: a text message in three fragments, with a ping between them and characters of
     * two, three and four bytes cut across the fragment boundaries, is joined, found to be UTF-8
     * and decoded once; the connection stays up.
     */
    @Test
    void shouldJoinFragmentsWhoseCharactersSpanThem() throws Exception {
        final byte[] message = VALID.replace("{\"e\":\"trade\",", "{\"e\":\"trade\",\"note\":\"\u00e9\u20ac\ud834\udd1e\",")
                .getBytes(StandardCharsets.UTF_8);
        final int euro = indexOf(message, (byte) 0xE2);
        final int clef = indexOf(message, (byte) 0xF0);
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> {
            c.frame(0x01, Arrays.copyOfRange(message, 0, euro + 1), false);
            c.frame(0x89, new byte[] {'p'}, false);
            c.frame(0x00, Arrays.copyOfRange(message, euro + 1, clef + 2), false);
            c.frame(0x80, Arrays.copyOfRange(message, clef + 2, message.length), false);
        })) {
            final RealTimeDataPipeline pipeline = WsTestSupport.pipeline();
            try (pipeline) {
                pipeline.addWebSocketSource(WsTestSupport.source("fragments", server.endpoint())
                        .websocket(WebSocketOptions.builder().maxMessageBytes(MAX_MESSAGE_BYTES).build()).build());
                pipeline.startAllReceivers().get();
                final List<Envelope> received = new ArrayList<>();
                consumeUntil(pipeline, received, () -> data(received).size() >= 1);

                assertThat(data(received)).singleElement().satisfies(e -> assertThat(e.getTrade().getTradeId()).isEqualTo("1"));
                assertThat(server.closeCodes).isEmpty();
                assertThat(server.connections.get()).isEqualTo(1);
                assertThat(pipeline.getPerformanceMetrics().sourcesPerformance().get("fragments").malformed()).isZero();
            }
        }
    }

    /**
     * Not a protocol fault but the reset policy: a message that does not decode closes the
     * connection (1007) after everything before it was published, once and in order, whether it
     * was met while reading or when reads resumed after the hand-off was full; nothing after it on
     * that connection is decoded; the close handshake completes and the source reconnects.
     */
    @Test
    void shouldResetOnAMalformedMessageUnderBackpressureAndPublishEverythingBeforeItOnce() throws Exception {
        final int before = 3_000;
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> {
            if (n == 1) {
                for (int i = 1; i <= before; i++) {
                    c.text(JettyBinanceServer.trade(i));
                }
                c.text("{\"e\":\"trade\",\"s\":");
                c.text(JettyBinanceServer.trade(before + 1)); // after the bad message: never decoded
            } else {
                c.text(JettyBinanceServer.trade(before + 2));
            }
        }).answeringClose();
                RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().metricsLogInterval(java.time.Duration.ZERO)
                        .handoffCapacityBytes(64 * 1024).consumerCapacityBytes(64 * 1024).build()) {
            pipeline.addWebSocketSource(WsTestSupport.source("strict", server.endpoint())
                    .onMalformed(ErrorPolicy.RESET).build());
            pipeline.startAllReceivers().get();
            final WebSocketSource source = WsTestSupport.wsSource(pipeline, "strict");
            // Nobody consumes yet: the hand-off fills and the source stops reading with the bad message unread.
            org.awaitility.Awaitility.await().atMost(WsTestSupport.WAIT).until(() -> source.metrics().blockedBatches() > 0);

            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= before + 1);

            final List<String> ids = data(received).stream().map(e -> e.getTrade().getTradeId()).toList();
            final List<String> expected = new ArrayList<>();
            for (int i = 1; i <= before; i++) {
                expected.add(Integer.toString(i));
            }
            expected.add(Integer.toString(before + 2));
            assertThat(ids).isEqualTo(expected);
            assertThat(server.closeCodes).startsWith(1007);
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(source.metrics().malformed()).isEqualTo(1);
            assertThat(statuses(received)).anySatisfy(s -> assertThat(s).contains("reset after a bad message"));
        }
    }

    @Test
    void shouldFailTheUpgradeWhenTheVenueAnswersWithAnExtensionThatWasNotOffered() throws Exception {
        // permessage_deflate off: nothing offered, so any extension in the answer fails the
        // connection (RFC 6455 sections 4.1 and 9.1) instead of compressed frames failing it later.
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> c.text(JettyBinanceServer.trade(n)));
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            server.extensionsAnswer = "permessage-deflate";
            pipeline.addWebSocketSource(WsTestSupport.source("plain", server.endpoint())
                    .websocket(WebSocketOptions.builder().permessageDeflate(false).build()).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> server.connections.get() >= 2 || !data(received).isEmpty());

            assertThat(WsTestSupport.states(received)).as("statuses: %s", statuses(received)).doesNotContain(State.CONNECTED);
            assertThat(statuses(received)).anySatisfy(s -> assertThat(s).contains("not offered"));
            assertThat(data(received)).isEmpty();
        }
    }

    @Test
    void shouldRefuseAPermessageDeflateAnswerItCannotHonourAndReleaseTheResponse() throws Exception {
        // Netty's extension handler threw from channelRead and leaked the upgrade response here;
        // the tests run with paranoid leak detection, which reports such a leak as an error.
        try (RawWebSocketServer server = new RawWebSocketServer(true, (n, c) -> c.text(JettyBinanceServer.trade(n)));
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            server.extensionsAnswer = "permessage-deflate; server_max_window_bits=16";
            pipeline.addWebSocketSource(WsTestSupport.source("deflate", server.endpoint()).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> server.connections.get() >= 2 || !data(received).isEmpty());

            assertThat(WsTestSupport.states(received)).doesNotContain(State.CONNECTED);
            assertThat(statuses(received)).anySatisfy(s -> assertThat(s).contains("server_max_window_bits must be 8 to 15"));
        }
    }

    @Test
    void shouldDeliverFramesThatArriveInTheSameReadAsTheUpgradeResponse() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer(false, (n, c) -> c.text(JettyBinanceServer.trade(3)));
                RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            final ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (int id = 1; id <= 2; id++) {
                frames.writeBytes(WebSocketFrameReaderTest.frame(0x81, JettyBinanceServer.trade(id).getBytes(StandardCharsets.UTF_8)));
            }
            server.withUpgrade = frames.toByteArray();
            pipeline.addWebSocketSource(WsTestSupport.source("eager", server.endpoint()).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> data(received).size() >= 3);

            assertThat(data(received).stream().map(e -> e.getTrade().getTradeId()).toList()).containsExactly("1", "2", "3");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (b & 0xFF) + " in the message");
    }
}
