package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.message;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.readable;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.withChecksum;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FixFramerTest {
    private static final String HEARTBEAT = message("35=0|34=7|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|");
    private static final String REFRESH = message(
            "35=X|34=8|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|268=1|279=0|269=0|55=EUR/USD|270=1.1|271=5|");
    private static final String TEXT_WITH_FIX = message("35=3|34=9|58=8=FIX.4.4 is not a message start|");

    /** Feeds a stream in chunks, keeping unconsumed bytes as a transport's cumulation does. */
    private static final class Harness implements FixFrameHandler {
        final FixFramer framer;
        final List<String> messages = new ArrayList<>();
        final List<FixGarbledReason> garbled = new ArrayList<>();
        final List<Long> oversize = new ArrayList<>();
        byte[] pending = new byte[0];
        int maxPending;

        Harness(FixFramer framer) {
            this.framer = framer;
        }

        Harness() {
            this(new FixFramer());
        }

        Harness feed(String text, int chunk) {
            final byte[] stream = bytes(text);
            for (int i = 0; i < stream.length; i += chunk) {
                final int n = Math.min(chunk, stream.length - i);
                final byte[] joined = Arrays.copyOf(pending, pending.length + n);
                System.arraycopy(stream, i, joined, pending.length, n);
                // A non-zero offset checks that the framer honours it.
                final byte[] shifted = new byte[joined.length + 3];
                System.arraycopy(joined, 0, shifted, 3, joined.length);
                final int consumed = framer.frame(new UnsafeBuffer(shifted), 3, joined.length, this);
                pending = Arrays.copyOfRange(joined, consumed, joined.length);
                maxPending = Math.max(maxPending, pending.length);
            }
            return this;
        }

        @Override
        public boolean onMessage(DirectBuffer buffer, int offset, int length) {
            messages.add(readable(buffer.getStringWithoutLengthAscii(offset, length)));
            return true;
        }

        @Override
        public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
            garbled.add(reason);
            return true;
        }

        @Override
        public void onOversize(long declaredBodyLength) {
            oversize.add(declaredBodyLength);
        }
    }

    private static final int[] CHUNKS = {1, 2, 7, 64, Integer.MAX_VALUE};

    @Test
    void shouldDeliverMessagesAcrossEveryChunking() {
        final String stream = HEARTBEAT + REFRESH + TEXT_WITH_FIX + HEARTBEAT.substring(0, 20);
        for (int chunk = 1; chunk <= stream.length(); chunk++) {
            final Harness h = new Harness().feed(stream, chunk);
            assertThat(h.messages).as("chunk %d", chunk)
                    .containsExactly(readable(HEARTBEAT), readable(REFRESH), readable(TEXT_WITH_FIX));
            assertThat(h.garbled).isEmpty();
            assertThat(new String(h.pending)).isEqualTo(HEARTBEAT.substring(0, 20));
        }
    }

    @Test
    void shouldAcceptFix42Fix44AndFixt11() {
        final String fix42 = message("FIX.4.2", "35=0|34=1|");
        final String fix44 = message("FIX.4.4", "35=0|34=2|");
        final String fixt = message("FIXT.1.1", "35=0|34=3|1128=9|");
        final Harness h = new Harness().feed(fix42 + fix44 + fixt, 7);
        assertThat(h.messages).containsExactly(readable(fix42), readable(fix44), readable(fixt));
    }

    @Test
    void shouldMatchBeginStringsExactlyWhateverTheirLength() {
        final FixFramer framer = new FixFramer(4096, List.of("FIX.4.4", "FIXT.1.1", "FIX.5.0SP2"));
        final String fix44 = message("FIX.4.4", "35=0|34=1|");
        final String fix50 = message("FIX.5.0SP2", "35=0|34=2|");
        final Harness h = new Harness(framer).feed(message("FIX.4.", "35=0|34=3|") + fix44 + message("FIX.4.44", "35=0|")
                + message("FIXT.1.2", "35=0|") + message("FIX.5.0SP1", "35=0|") + fix50, 5);
        assertThat(h.messages).containsExactly(readable(fix44), readable(fix50));
        assertThat(h.garbled).containsOnly(FixGarbledReason.UNSUPPORTED_BEGIN_STRING).hasSize(4);
    }

    @Test
    void shouldRefuseABeginStringThatIsNotConfigured() {
        final FixFramer only44 = new FixFramer(4096, List.of("FIX.4.4"));
        final Harness h = new Harness(only44).feed(message("FIX.4.2", "35=0|34=1|") + HEARTBEAT, 1);
        assertThat(h.garbled).containsExactly(FixGarbledReason.UNSUPPORTED_BEGIN_STRING);
        assertThat(h.messages).containsExactly(readable(HEARTBEAT));
    }

    @Test
    void shouldSkipABadChecksumAndDeliverTheNextMessage() {
        final String bad = REFRESH.substring(0, REFRESH.length() - 4) + (REFRESH.endsWith("000\001") ? "001" : "000") + "\001";
        for (int chunk : CHUNKS) {
            final Harness h = new Harness().feed(bad + HEARTBEAT, chunk);
            assertThat(h.garbled).as("chunk %d", chunk).containsExactly(FixGarbledReason.BAD_CHECKSUM);
            assertThat(h.messages).containsExactly(readable(HEARTBEAT));
        }
    }

    @Test
    void shouldSkipAMalformedChecksum() {
        final String bad = REFRESH.substring(0, REFRESH.length() - 4) + "1x3\001";
        final Harness h = new Harness().feed(bad + HEARTBEAT, 7);
        assertThat(h.garbled).containsExactly(FixGarbledReason.BAD_CHECKSUM);
        assertThat(h.messages).containsExactly(readable(HEARTBEAT));
    }

    @Test
    void shouldSkipABodyLengthTooShortOrTooLong() {
        final String body = "35=0\00134=7\001";
        final String tooShort = withChecksum("8=FIX.4.4\0019=" + (body.length() - 2) + "\001" + body);
        final String tooLong = withChecksum("8=FIX.4.4\0019=" + (body.length() + 5) + "\001" + body);
        for (int chunk : CHUNKS) {
            final Harness h = new Harness().feed(tooShort + REFRESH + tooLong + HEARTBEAT + REFRESH, chunk);
            assertThat(h.garbled).as("chunk %d", chunk)
                    .containsExactly(FixGarbledReason.WRONG_BODY_LENGTH, FixGarbledReason.WRONG_BODY_LENGTH);
            assertThat(h.messages).containsExactly(readable(REFRESH), readable(HEARTBEAT), readable(REFRESH));
        }
    }

    @Test
    void shouldSkipTagsOutOfOrder() {
        final String msgTypeNotThird = message("34=7|35=0|");
        final String bodyLengthNotSecond = withChecksum("8=FIX.4.4\00135=0\0019=5\00134=7\001");
        final String badBodyLength = withChecksum("8=FIX.4.4\0019=1A\00135=0\001");
        for (int chunk : CHUNKS) {
            final Harness h = new Harness()
                    .feed(msgTypeNotThird + HEARTBEAT + bodyLengthNotSecond + badBodyLength + REFRESH, chunk);
            assertThat(h.garbled).as("chunk %d", chunk).containsExactly(FixGarbledReason.MSG_TYPE_NOT_THIRD,
                    FixGarbledReason.BODY_LENGTH_NOT_SECOND, FixGarbledReason.BAD_BODY_LENGTH);
            assertThat(h.messages).containsExactly(readable(HEARTBEAT), readable(REFRESH));
        }
    }

    @Test
    void shouldReportARunOfGarbageOnceWhateverTheChunking() {
        final String garbage = "\r\nHTTP/1.1 400 Bad Request 58=FIX\r\n8=FIZ 128=FIX.4.4";
        for (int chunk : CHUNKS) {
            final Harness h = new Harness().feed(garbage + HEARTBEAT + "junk" + REFRESH, chunk);
            assertThat(h.garbled).as("chunk %d", chunk)
                    .containsExactly(FixGarbledReason.GARBAGE, FixGarbledReason.GARBAGE);
            assertThat(h.messages).containsExactly(readable(HEARTBEAT), readable(REFRESH));
        }
    }

    @Test
    void shouldCountAGarbledMessageOnceEvenWhenItsTextLooksLikeAMessageStart() {
        final String bad = TEXT_WITH_FIX.substring(0, TEXT_WITH_FIX.length() - 4) + "999\001";
        for (int chunk : CHUNKS) {
            final Harness h = new Harness().feed(bad + HEARTBEAT, chunk);
            assertThat(h.garbled).as("chunk %d", chunk).containsExactly(FixGarbledReason.BAD_CHECKSUM);
            assertThat(h.messages).containsExactly(readable(HEARTBEAT));
        }
    }

    @Test
    void shouldResynchroniseOnAMessageThatFollowsATruncatedOne() {
        final String truncated = REFRESH.substring(0, 60);
        final Harness h = new Harness().feed(truncated + HEARTBEAT + HEARTBEAT, 7);
        assertThat(h.garbled).containsExactly(FixGarbledReason.WRONG_BODY_LENGTH);
        assertThat(h.messages).containsExactly(readable(HEARTBEAT), readable(HEARTBEAT));
    }

    @Test
    void shouldReportAnOversizeHeaderAtOnceAndDiscardUntilReset() {
        final Harness h = new Harness(new FixFramer(4096, FixFramer.DEFAULT_BEGIN_STRINGS));
        h.feed("8=FIX.4.4\0019=99999", 1);
        assertThat(h.oversize).containsExactly(9999L);
        assertThat(h.framer.isFailed()).isTrue();
        h.feed("9999\00135=0\001" + HEARTBEAT, 7);
        assertThat(h.messages).isEmpty();
        assertThat(h.pending).isEmpty();

        h.framer.reset();
        h.feed(HEARTBEAT, 7);
        assertThat(h.messages).containsExactly(readable(HEARTBEAT));
        assertThat(h.oversize).hasSize(1);
    }

    @Test
    void shouldRefuseAMessageWhoseWholeLengthExceedsTheLimitBeforeBufferingIt() {
        final FixFramer framer = new FixFramer(100, FixFramer.DEFAULT_BEGIN_STRINGS);
        final Harness h = new Harness(framer).feed(message("35=0|58=" + "x".repeat(90) + "|"), 1);
        assertThat(h.oversize).hasSize(1);
        assertThat(h.maxPending).isLessThan(20);
    }

    @Test
    void shouldStopWhenTheHandlerSaysSo() {
        final FixFramer framer = new FixFramer();
        final byte[] stream = bytes(HEARTBEAT + REFRESH);
        final List<String> seen = new ArrayList<>();
        final int consumed = framer.frame(new UnsafeBuffer(stream), 0, stream.length, new FixFrameHandler() {
            @Override
            public boolean onMessage(DirectBuffer buffer, int offset, int length) {
                seen.add(buffer.getStringWithoutLengthAscii(offset, length));
                return false;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
                return true;
            }

            @Override
            public void onOversize(long declaredBodyLength) {
            }
        });
        assertThat(seen).containsExactly(HEARTBEAT);
        assertThat(consumed).isEqualTo(HEARTBEAT.length());
    }
}
