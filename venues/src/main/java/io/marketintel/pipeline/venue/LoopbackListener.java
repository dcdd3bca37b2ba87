package io.marketintel.pipeline.venue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * What every simulated venue on plain sockets shares: a server socket bound to 127.0.0.1 (port 0
 * for any free one) and the daemon thread that serves it. Thread-safe: {@link #accept()} from the
 * serving thread, the rest from any thread.
 */
public final class LoopbackListener implements AutoCloseable {
    private final ServerSocket server;
    private volatile Thread thread;

    /** Binds; {@link #start} then serves (separately, so the venue's fields are set before its thread runs). */
    public LoopbackListener(int port) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Runs {@code serve} on a daemon thread named {@code name-port}; once. */
    public void start(String name, Runnable serve) {
        final Thread t = new Thread(serve, name + "-" + server.getLocalPort());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    public Socket accept() throws IOException {
        return server.accept();
    }

    /** Closes the server socket and waits (bounded) for the serving thread to end. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            final Thread t = thread;
            if (t != null) {
                t.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
