package io.marketintel.pipeline.connector.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written WebSocket server for fault injection: it answers the HTTP upgrade (optionally
 * accepting permessage-deflate), then runs a script that writes whatever bytes a test crafts,
 * frames that a real server library would refuse to send included. A reader per connection
 * records what the client sends (text messages, close codes). Thread-safe; one thread per
 * connection.
 */
final class RawWebSocketServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the server does on one connection after the upgrade. */
    @FunctionalInterface
    interface Script {
        void run(int connection, Conn conn) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final boolean acceptDeflate;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final List<String> textsReceived = new CopyOnWriteArrayList<>();
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    /** Every frame the client sent, in order ("text:..." or "close:CODE"). */
    final List<String> clientFrames = new CopyOnWriteArrayList<>();
    /** When set, the Sec-WebSocket-Extensions answer, whatever acceptDeflate says. */
    volatile String extensionsAnswer;
    /** Bytes written in the same write as the 101 response (frames sent at once). */
    volatile byte[] withUpgrade = new byte[0];
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;
    /** Whether the server answers the client's close frame with its own, as RFC 6455 asks. */
    private volatile boolean answerClose;

    RawWebSocketServer(boolean acceptDeflate, Script script) throws IOException {
        this.acceptDeflate = acceptDeflate;
        this.script = script;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::acceptLoop, "raw-ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers the client's close frames from now on (by default they are only recorded). */
    RawWebSocketServer answeringClose() {
        answerClose = true;
        return this;
    }

    String endpoint() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/ws";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                final Socket socket = server.accept();
                sockets.add(socket);
                final int n = connections.incrementAndGet();
                final Thread t = new Thread(() -> serve(n, socket), "raw-ws-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(int n, Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            final String request = readRequest(in);
            final byte[] head = upgradeResponse(request).getBytes(StandardCharsets.US_ASCII);
            final byte[] tail = withUpgrade;
            final byte[] both = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, both, head.length, tail.length);
            out.write(both);
            out.flush();
            final Conn conn = new Conn(out);
            final Thread reader = new Thread(() -> readClientFrames(in, conn), "raw-ws-read-" + n);
            reader.setDaemon(true);
            reader.start();
            script.run(n, conn);
            hold();
        } catch (Exception e) {
            // the client went away or the test ended
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private String upgradeResponse(String request) throws NoSuchAlgorithmException {
        String key = "";
        for (String line : request.split("\r\n")) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        final byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n"
                + (extensionsAnswer != null ? "Sec-WebSocket-Extensions: " + extensionsAnswer + "\r\n"
                        : acceptDeflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n";
    }

    /** Records the client's frames (masked, as RFC 6455 requires of clients). */
    private void readClientFrames(InputStream raw, Conn conn) {
        final DataInputStream in = new DataInputStream(raw);
        try {
            while (true) {
                final int b0 = in.readUnsignedByte();
                final int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                final byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                final byte[] payload = new byte[(int) len];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                final int opcode = b0 & 0x0F;
                if (opcode == 1) {
                    textsReceived.add(new String(payload, StandardCharsets.UTF_8));
                    clientFrames.add("text:" + new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    closeCodes.add(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
                    clientFrames.add("close:" + closeCodes.get(closeCodes.size() - 1));
                    if (answerClose) {
                        conn.frame(0x88, Arrays.copyOf(payload, Math.min(payload.length, 2)), false);
                    }
                }
            }
        } catch (IOException e) {
            // connection closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        stopped.countDown();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Keeps a connection open after its script until the client closes it or the server stops. */
    private void hold() throws InterruptedException {
        stopped.await();
    }

    /** The server side of one connection, for scripts. */
    static final class Conn {
        private final OutputStream out;

        Conn(OutputStream out) {
            this.out = out;
        }

        /** Writes one frame (the script and the close answer may both write: one frame at a time): first byte as given (FIN, RSV, opcode), payload length encoded minimally. */
        synchronized Conn frame(int firstByte, byte[] payload, boolean masked) throws IOException {
            out.write(firstByte);
            final int maskBit = masked ? 0x80 : 0;
            if (payload.length < 126) {
                out.write(maskBit | payload.length);
            } else if (payload.length < 65_536) {
                out.write(maskBit | 126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xFF);
            } else {
                out.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) ((long) payload.length >>> shift) & 0xFF);
                }
            }
            if (masked) {
                final byte[] key = {1, 2, 3, 4};
                out.write(key);
                final byte[] copy = payload.clone();
                for (int i = 0; i < copy.length; i++) {
                    copy[i] ^= key[i & 3];
                }
                out.write(copy);
            } else {
                out.write(payload);
            }
            out.flush();
            return this;
        }

        Conn text(String text) throws IOException {
            return frame(0x81, text.getBytes(StandardCharsets.UTF_8), false);
        }
    }
}
