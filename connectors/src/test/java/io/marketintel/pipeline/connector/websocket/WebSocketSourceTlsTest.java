package io.marketintel.pipeline.connector.websocket;

import static io.marketintel.pipeline.connector.websocket.WsTestSupport.consumeUntil;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.data;
import static io.marketintel.pipeline.connector.websocket.WsTestSupport.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.WebSocketOptions;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus.State;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// is verified by default: a self-signed certificate and a certificate for another host
 * are refused with a reason that says what to do; the venue's certificate in a configured trust
 * store connects. Certificates and stores are made by the JDK's keytool at test time.
 */
class WebSocketSourceTlsTest {
    private static final String STORE_PASSWORD = "test-store-pass";
    private static final String TRUST_PASSWORD = "trust-pass-1234";
    private static final String SUBSCRIBE = "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}";

    @TempDir
    static Path dir;
    private static EventLoopGroup group;

    @BeforeAll
    static void makeCertificates() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        keytool("-genkeypair", "-alias", "venue", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", path("venue.p12"),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other.example",
                "-ext", "SAN=dns:other.example", "-validity", "2", "-keystore", path("other.p12"),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        for (String name : List.of("venue", "other")) {
            keytool("-exportcert", "-alias", name, "-keystore", path(name + ".p12"), "-storepass", STORE_PASSWORD,
                    "-file", path(name + ".cer"));
            keytool("-importcert", "-noprompt", "-alias", name, "-file", path(name + ".cer"), "-keystore",
                    path("trust.p12"), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);
        }
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    /** A wss:// server with the certificate of {@code keyStore}; sends one trade per SUBSCRIBE. */
    private static Channel server(String keyStore) throws Exception {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(keyStore))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD.toCharArray());
        final SslContext tls = SslContextBuilder.forServer(keys).build();
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new HttpServerCodec(),
                                new HttpObjectAggregator(65_536), new WebSocketServerProtocolHandler("/ws"),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                        ctx.writeAndFlush(new TextWebSocketFrame(JettyBinanceServer.trade(42)));
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    private static String wss(Channel server) {
        return "wss://localhost:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ws";
    }

    /** Runs a source until {@code until} holds and returns what it published. */
    private static List<Envelope> run(String endpoint, WebSocketOptions options, State until) throws Exception {
        try (RealTimeDataPipeline pipeline = WsTestSupport.pipeline()) {
            pipeline.addWebSocketSource(WsTestSupport.source("tls", endpoint).subscribe(List.of(SUBSCRIBE))
                    .websocket(options).build());
            pipeline.startAllReceivers().get();
            final List<Envelope> received = new ArrayList<>();
            consumeUntil(pipeline, received, () -> WsTestSupport.states(received).contains(until)
                    && (until != State.SUBSCRIBED || !data(received).isEmpty()));
            return received;
        }
    }

    @Test
    void shouldRefuseASelfSignedCertificateByDefaultSayingWhatToDo() throws Exception {
        final Channel server = server("venue.p12");
        try {
            final List<Envelope> received = run(wss(server), WebSocketOptions.DEFAULTS, State.BACKOFF);
            assertThat(data(received)).isEmpty();
            assertThat(statuses(received)).anySatisfy(s -> assertThat(s).startsWith("DISCONNECTED")
                    .contains("TLS: the certificate of localhost is not trusted")
                    .contains("websocket.trust_store"));
        } finally {
            server.close().sync();
        }
    }

    @Test
    void shouldRefuseACertificateForAnotherHostEvenWhenItsIssuerIsTrusted() throws Exception {
        final Channel server = server("other.p12");
        try {
            final List<Envelope> received = run(wss(server), trusting(), State.BACKOFF);
            assertThat(data(received)).isEmpty();
            assertThat(statuses(received)).anySatisfy(s -> assertThat(s).startsWith("DISCONNECTED")
                    .contains("does not name host localhost"));
        } finally {
            server.close().sync();
        }
    }

    @Test
    void shouldConnectWhenTheTrustStoreHoldsTheVenueCertificate() throws Exception {
        final Channel server = server("venue.p12");
        try {
            final List<Envelope> received = run(wss(server), trusting(), State.SUBSCRIBED);
            assertThat(data(received)).first().satisfies(e -> assertThat(e.getTrade().getTradeId()).isEqualTo("42"));
            assertThat(statuses(received)).noneMatch(s -> s.contains(TRUST_PASSWORD));
        } finally {
            server.close().sync();
        }
    }

    @Test
    void shouldConnectToASelfSignedVenueOnlyWithTlsInsecure() throws Exception {
        final Channel server = server("other.p12");
        try {
            final List<Envelope> received = run(wss(server), WebSocketOptions.builder().tlsInsecure(true).build(),
                    State.SUBSCRIBED);
            assertThat(data(received)).isNotEmpty();
        } finally {
            server.close().sync();
        }
    }

    private static WebSocketOptions trusting() {
        return WebSocketOptions.builder().trustStore(path("trust.p12"), TRUST_PASSWORD, "PKCS12").build();
    }
}
