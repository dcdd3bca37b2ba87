package io.marketintel.pipeline.venue.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketintel.pipeline.codec.fix.FixFrameHandler;
import io.marketintel.pipeline.codec.fix.FixFramer;
import io.marketintel.pipeline.codec.fix.FixGarbledReason;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The blast venue's messages are valid FIX, numbered as asked, with the bodies replayed in order. */
class FixBlastRendererTest {
    private static final List<String> BODIES = List.of(
            "262=md-1\u0001268=1\u0001279=0\u0001269=2\u000155=EURUSD\u0001270=1.08\u0001271=0.5\u0001",
            "262=md-1\u0001268=2\u0001279=1\u0001269=0\u000155=AAPL\u0001270=190.11\u0001271=12.5\u0001"
                    + "279=1\u0001269=1\u000155=AAPL\u0001270=190.13\u0001271=7\u0001",
            "262=md-1\u0001268=1\u0001279=0\u0001269=2\u000155=BTCUSDT\u0001270=27000.5\u0001271=0.001\u0001");
    private static final long NOW_MS = Instant.parse("2026-11-24T21:07:33.456Z").toEpochMilli();

    @Test
    void shouldRenderFramedMessagesWithExactLengthsChecksumsAndConsecutiveNumbers() {
        final FixBlastRenderer renderer = new FixBlastRenderer("VENUE", "CLIENT1", BODIES);
        // From 95: the sequence number grows from two to three digits inside the batch, so the
        // BodyLength must follow it.
        final List<Message> messages = frame(renderer, 95, 8, NOW_MS);

        assertThat(messages).hasSize(8);
        for (int i = 0; i < messages.size(); i++) {
            final Message m = messages.get(i);
            assertThat(m.seq).isEqualTo(95 + i);
            assertThat(m.text).startsWith("8=FIX.4.4\u00019=").contains("\u000135=X\u000134=" + (95 + i) + "\u0001"
                    + "49=VENUE\u000156=CLIENT1\u000152=20261124-21:07:33.456\u0001" + BODIES.get(i % BODIES.size()) + "10=");
        }
    }

    @Test
    void shouldCarryOnWithTheNextBodyAndTheNewTimeInTheNextBatch() {
        final FixBlastRenderer renderer = new FixBlastRenderer("VENUE", "CLIENT1", BODIES);
        frame(renderer, 1, 2, NOW_MS);
        final List<Message> next = frame(renderer, 3, 2, NOW_MS + 1);

        assertThat(next).extracting(m -> m.seq).containsExactly(3L, 4L);
        assertThat(next.get(0).text).contains("52=20261124-21:07:33.457\u0001" + BODIES.get(2));
        assertThat(next.get(1).text).contains(BODIES.get(0));
    }

    @Test
    void shouldRenderAFullBatchOfTheLargestBodiesWithBigSequenceNumbers() {
        final FixBlastRenderer renderer = new FixBlastRenderer("VENUE", "CLIENT1", List.of(BODIES.get(1)));
        final List<Message> messages = frame(renderer, Long.MAX_VALUE - FixBlastRenderer.MAX_BATCH, FixBlastRenderer.MAX_BATCH,
                NOW_MS);

        assertThat(messages).hasSize(FixBlastRenderer.MAX_BATCH);
        assertThat(messages.get(FixBlastRenderer.MAX_BATCH - 1).seq).isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void shouldRefuseABatchOutsideItsLimits() {
        final FixBlastRenderer renderer = new FixBlastRenderer("VENUE", "CLIENT1", BODIES);
        assertThatThrownBy(() -> renderer.render(1, 0, NOW_MS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.render(1, FixBlastRenderer.MAX_BATCH + 1, NOW_MS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixBlastRenderer("VENUE", "CLIENT1", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Renders a batch and frames it with the pipeline's strict framer: anything garbled fails the test. */
    private static List<Message> frame(FixBlastRenderer renderer, long firstSeq, int count, long nowMs) {
        final int length = renderer.render(firstSeq, count, nowMs);
        final UnsafeBuffer buffer = new UnsafeBuffer(renderer.batch(), 0, length);
        final List<Message> messages = new ArrayList<>();
        final FixMessageView view = new FixMessageView();
        final int consumed = new FixFramer().frame(buffer, 0, length, new FixFrameHandler() {
            @Override
            public boolean onMessage(DirectBuffer b, int offset, int messageLength) {
                assertThat(view.wrap(b, offset, messageLength)).isEqualTo(FixWrapResult.OK);
                messages.add(new Message(view.msgSeqNum(), b.getStringWithoutLengthAscii(offset, messageLength)));
                return true;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, DirectBuffer b, int offset, int garbledLength) {
                throw new AssertionError(reason + ": " + new String(renderer.batch(), 0, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void onOversize(long declaredBodyLength) {
                throw new AssertionError("oversize " + declaredBodyLength);
            }
        });
        assertThat(consumed).isEqualTo(length);
        return messages;
    }

    private record Message(long seq, String text) {
    }
}
