package io.marketintel.pipeline.venue.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.venue.Pacing;
import io.marketintel.pipeline.venue.SharedPacer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Several paced venues on one {@link SharedPacer}: each client gets whole messages, and no venue
 * sends ahead of its rate (what it has sent never exceeds what was due since its client came).
 */
class BlastVenuePacerTest {
    private static final long RATE = 2_000;

    @Test
    void venuesSharingAPacerEachSendTheirMessagesAtTheirRate() throws Exception {
        try (SharedPacer pacer = new SharedPacer();
                BlastVenue first = new BlastVenue(1, RATE, pacer);
                BlastVenue second = new BlastVenue(2, RATE, pacer)) {
            // Before the connections: each venue's pacing starts when it accepts its client.
            final long connectingNs = System.nanoTime();
            try (Socket a = connect(first); Socket b = connect(second)) {
                readAndCheck(first, second, a, b, connectingNs);
            }
        }
    }

    private static void readAndCheck(BlastVenue first, BlastVenue second, Socket a, Socket b, long connectingNs)
            throws Exception {
        final BufferedReader readA = reader(a);
        final BufferedReader readB = reader(b);
        for (int i = 0; i < 600; i++) {
            assertThat(readA.readLine()).startsWith("{\"type\":").endsWith("}");
            assertThat(readB.readLine()).startsWith("{\"type\":").endsWith("}");
        }
        // 600 read each; the counts, taken after each write, may trail what was read.
        final long dueNow = Pacing.messagesDue(System.nanoTime() - connectingNs, RATE);
        assertThat(first.messagesSent()).isLessThanOrEqualTo(dueNow);
        assertThat(second.messagesSent()).isLessThanOrEqualTo(dueNow);
    }

    private static Socket connect(BlastVenue venue) throws Exception {
        final String[] hostPort = venue.endpoint().split(":");
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort[1]));
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }
}
