package io.marketintel.pipeline.connector.fix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy for tests that loses chosen messages: bytes from the initiator pass unchanged;
 * messages from the acceptor are cut at their CheckSum field and those whose MsgSeqNum is in
 * {@code dropSeqNums} are dropped once, the first time (not their PossDup resends). It can also
 * tell a test when a chosen resent copy has gone through. One connection at a time; thread-safe
 * to read {@link #dropped()}.
 */
final class LossyFixProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Long> toDrop = ConcurrentHashMap.newKeySet();
    private final Set<Long> dropped = ConcurrentHashMap.newKeySet();
    private volatile long watchedSeq = -1;
    private volatile Runnable onWatchedResent;
    private volatile Socket client;
    private volatile Socket upstream;

    LossyFixProxy(int targetPort, Set<Long> dropSeqNums) throws IOException {
        this.targetPort = targetPort;
        this.toDrop.addAll(dropSeqNums);
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::acceptLoop, "lossy-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    Set<Long> dropped() {
        return dropped;
    }

    /** Runs {@code action}, on the proxy's thread, once a resent (PossDup) copy of {@code seq} has been passed on. */
    void afterResentCopyForwarded(long seq, Runnable action) {
        onWatchedResent = action;
        watchedSeq = seq;
    }

    private void acceptLoop() {
        try {
            while (!server.isClosed()) {
                final Socket c = server.accept();
                final Socket u = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                c.setTcpNoDelay(true);
                u.setTcpNoDelay(true);
                client = c;
                upstream = u;
                pump("proxy-up", () -> copy(c.getInputStream(), u.getOutputStream()), c, u);
                pump("proxy-down", () -> filter(u.getInputStream(), c.getOutputStream()), c, u);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void pump(String name, Io io, Socket a, Socket b) {
        final Thread t = new Thread(() -> {
            try {
                io.run();
            } catch (IOException e) {
                // connection ended
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        final byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private void filter(InputStream in, OutputStream out) throws IOException {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        final StringBuilder field = new StringBuilder();
        final byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                final byte b = buffer[i];
                message.write(b);
                if (b != 1) {
                    field.append((char) b);
                    continue;
                }
                final boolean end = field.toString().startsWith("10=");
                field.setLength(0);
                if (end) {
                    final String text = message.toString(StandardCharsets.ISO_8859_1);
                    message.reset();
                    final long seq = seqOf(text);
                    final boolean possDup = text.contains("\u000143=Y\u0001");
                    if (!possDup && toDrop.remove(seq)) {
                        dropped.add(seq);
                        continue;
                    }
                    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                    if (possDup && seq == watchedSeq) {
                        out.flush();
                        watchedSeq = -1;
                        onWatchedResent.run();
                    }
                }
            }
            out.flush();
        }
    }

    private static long seqOf(String message) {
        final int at = message.indexOf("\u000134=");
        if (at < 0) {
            return -1;
        }
        final int end = message.indexOf('\u0001', at + 1);
        return Long.parseLong(message.substring(at + 4, end));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (client != null) {
            closeQuietly(client);
        }
        if (upstream != null) {
            closeQuietly(upstream);
        }
    }
}
