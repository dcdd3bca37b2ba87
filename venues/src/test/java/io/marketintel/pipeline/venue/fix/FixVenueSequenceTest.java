package io.marketintel.pipeline.venue.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The venue's two sending threads (the reader answering the client, the market-data thread) never
 * put its messages on the wire out of MsgSeqNum order, which a FIX client would take for a gap
 * or, worse, a too-low number and a reason to log out.
 */
class FixVenueSequenceTest {
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(20);
    private static final int TEST_REQUESTS = 300;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldNumberEveryMessageInWireOrderWhileAnsweringTestRequestsDuringMarketData(boolean blast) throws Exception {
        final FixVenueConfig config = FixVenueConfig.of(3).withRate(blast ? 0 : 20_000, 0);
        try (FixVenue venue = blast ? FixVenue.blast(config) : new FixVenue(config);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), venue.port())) {
            socket.setSoTimeout(5_000);
            final OutputStream out = socket.getOutputStream();
            long seq = 1;
            out.write(clientMessage(seq++, "A", "98=0\u0001108=30\u0001141=Y\u0001"));
            out.write(clientMessage(seq++, "V", "262=md-1\u0001263=1\u0001264=1\u0001267=2\u0001269=0\u0001269=1\u0001"
                    + "146=1\u000155=EURUSD\u0001"));
            out.flush();

            final Reader reader = new Reader(socket.getInputStream());
            final long deadline = System.nanoTime() + DEADLINE_NS;
            int requests = 0;
            while ((requests < TEST_REQUESTS || reader.heartbeats < TEST_REQUESTS) && System.nanoTime() < deadline) {
                if (requests < TEST_REQUESTS && reader.incrementals > 0) {
                    out.write(clientMessage(seq++, "1", "112=t" + requests + "\u0001"));
                    out.flush();
                    requests++;
                }
                reader.readSome();
            }

            assertThat(reader.outOfOrder).as("messages out of MsgSeqNum order").isEmpty();
            assertThat(reader.heartbeats).isEqualTo(TEST_REQUESTS);
            assertThat(reader.incrementals).isPositive();
        }
    }

    private static byte[] clientMessage(long seq, String msgType, String body) {
        return FixVenueMessages.encode("FIX.4.4", "CLIENT1", "VENUE", seq, msgType, "", body);
    }

    /** Frames what the venue sends and checks each MsgSeqNum is one more than the last. */
    private static final class Reader implements FixFrameHandler {
        private final InputStream in;
        private final byte[] bytes = new byte[256 * 1024];
        private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        private final FixFramer framer = new FixFramer();
        private final FixMessageView view = new FixMessageView();
        private final List<String> outOfOrder = new ArrayList<>();
        private int filled;
        private long lastSeq;
        private int heartbeats;
        private long incrementals;

        Reader(InputStream in) {
            this.in = in;
        }

        void readSome() throws Exception {
            final int n = in.read(bytes, filled, bytes.length - filled);
            assertThat(n).as("venue closed the connection").isPositive();
            filled += n;
            final int consumed = framer.frame(buffer, 0, filled, this);
            System.arraycopy(bytes, consumed, bytes, 0, filled - consumed);
            filled -= consumed;
        }

        @Override
        public boolean onMessage(DirectBuffer b, int offset, int length) {
            assertThat(view.wrap(b, offset, length)).isEqualTo(FixWrapResult.OK);
            final long seq = view.msgSeqNum();
            if (lastSeq != 0 && seq != lastSeq + 1 && outOfOrder.size() < 10) {
                outOfOrder.add(seq + " after " + lastSeq);
            }
            lastSeq = seq;
            if (view.isMsgType('0') && view.indexOf(112) >= 0) {
                heartbeats++;
            } else if (view.isMsgType('X')) {
                incrementals++;
            }
            return true;
        }

        @Override
        public boolean onGarbled(FixGarbledReason reason, DirectBuffer b, int offset, int length) {
            throw new AssertionError("garbled from the venue: " + reason);
        }

        @Override
        public void onOversize(long declaredBodyLength) {
            throw new AssertionError("oversize from the venue: " + declaredBodyLength);
        }
    }
}
