package io.marketintel.pipeline.connector.websocket;

import io.marketintel.pipeline.config.WebSocketOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for {@code wss://} sources, secure by default: the server's certificate must chain to a
 * trusted CA (the JDK's, or the configured trust store) and must name the host connected to
 * (endpoint identification {@code HTTPS} on every engine). Only {@code tls_insecure} turns both
 * checks off. Also turns TLS failures into messages that say what to do.
 *
 * <p>Immutable after construction; {@link #newHandler} may be called from any thread.
 */
final class WebSocketTls {
    private final SslContext context;
    private final boolean insecure;
    private final long handshakeTimeoutMs;

    /** @throws IllegalArgumentException when the trust store cannot be read (path, type or password) */
    WebSocketTls(String sourceId, WebSocketOptions options, long handshakeTimeoutMs) {
        this.insecure = options.tlsInsecure();
        this.handshakeTimeoutMs = handshakeTimeoutMs;
        try {
            final SslContextBuilder builder = SslContextBuilder.forClient();
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (options.trustStorePath().isPresent()) {
                builder.trustManager(trustManagers(sourceId, options));
            }
            this.context = builder.build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("source " + sourceId + ": websocket: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(String sourceId, WebSocketOptions options)
            throws GeneralSecurityException {
        final Path path = Path.of(options.trustStorePath().orElseThrow());
        final char[] password = options.trustStorePassword().map(String::toCharArray).orElse(null);
        final KeyStore store = KeyStore.getInstance(options.trustStoreType());
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        } catch (IOException e) {
            // The password is never part of the message: only what was read and why it failed.
            throw new IllegalArgumentException("source " + sourceId + ": websocket.trust_store: cannot read "
                    + options.trustStoreType() + " trust store " + path + " (" + e.getMessage()
                    + "); check the path, trust_store_type and trust_store_password", e);
        }
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    boolean isInsecure() {
        return insecure;
    }

    /** A handler for one connection to {@code host}: SNI set, host name verified unless insecure. */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        final SslHandler handler = context.newHandler(alloc, host, port);
        final SSLEngine engine = handler.engine();
        final SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMs);
        return handler;
    }

    /** What a failed TLS handshake means and what to do about it; null when the cause is not TLS. */
    static String describe(Throwable cause, String host) {
        String detail = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "TLS: the certificate of " + host + " is not trusted (self-signed or from an unknown CA: "
                        + t.getMessage() + "); add the venue's CA certificate to websocket.trust_store"
                        + " (or, for testing only, set websocket.tls_insecure: true)";
            }
            if (t instanceof CertificateException && t.getMessage() != null
                    && (t.getMessage().contains("No subject alternative") || t.getMessage().contains("No name matching"))) {
                return "TLS: the certificate presented does not name host " + host + " (" + t.getMessage()
                        + "); connect by a name the certificate lists, or have the venue fix its certificate";
            }
            if (t instanceof javax.net.ssl.SSLException && detail == null) {
                detail = t.getMessage();
            }
        }
        return detail == null ? null : "TLS handshake with " + host + " failed: " + detail;
    }
}
