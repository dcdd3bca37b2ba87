package io.marketintel.pipeline.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.EventKind;
import io.marketintel.pipeline.config.BackpressurePolicy;
import io.marketintel.pipeline.metrics.SourceMetrics;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.ControlledMessageHandler;
import org.junit.jupiter.api.Test;

class SourcePublisherTest {
    private final EnvelopeHandoff handoff = new EnvelopeHandoff(64 * 1024);
    private final SourceMetrics metrics = new SourceMetrics();
    private final CanonicalEvent trade = new CanonicalEvent();

    private SourcePublisher publisher(BackpressurePolicy policy) {
        return new SourcePublisher(handoff, 3, "src", policy, 256 * 1024, new ManualClock(), metrics);
    }

    private CanonicalEvent trade(long seq) {
        trade.begin(EventKind.TRADE).sourceSeq(seq);
        trade.trade.symbol.wrap(ByteSlice.of("BTCUSDT"));
        trade.trade.price.set(2700050, -2);
        trade.trade.size.set(1, 0);
        return trade;
    }

    private List<Envelope> drainHandoff() {
        final List<Envelope> out = new ArrayList<>();
        while (handoff.read((type, buffer, index, length) -> {
            assertThat(EnvelopeHandoff.sourceIndexOf(type)).isEqualTo(3);
            final byte[] bytes = new byte[length];
            buffer.getBytes(index, bytes);
            try {
                out.add(Envelope.parseFrom(bytes));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return ControlledMessageHandler.Action.CONTINUE;
        }, 1000) > 0) {
            // keep reading
        }
        return out;
    }

    /**
     * An envelope larger than the hand-off's largest record (an eighth of its capacity: here a
     * FixMessage of a big snapshot into a 64 KiB hand-off) cannot be delivered whole: it is
     * dropped, counted and announced as a gap, instead of the ring's exception reaching the
     * source's I/O thread; what follows is published as usual.
     */
    @Test
    void shouldDropAndAnnounceAnEnvelopeLargerThanTheHandoffTakesWithoutThrowing() {
        final SourcePublisher publisher = publisher(BackpressurePolicy.BLOCK);
        final CanonicalEvent fix = new CanonicalEvent();
        fix.begin(EventKind.FIX_MESSAGE).sourceSeq(9);
        final byte[] text = new byte[16 * 1024];
        java.util.Arrays.fill(text, (byte) '7');
        fix.fix.buffer(new org.agrona.concurrent.UnsafeBuffer(text));
        for (int i = 0; i < 1_000; i++) {
            fix.fix.add(270, i * 16, 16);
        }

        assertThat(publisher.publish(fix)).isEqualTo(PublishResult.DROPPED);
        assertThat(publisher.publish(trade(10))).isEqualTo(PublishResult.PUBLISHED);

        final List<Envelope> delivered = drainHandoff();
        assertThat(metrics.dropped()).isEqualTo(1);
        assertThat(delivered).hasSize(2);
        assertThat(delivered.get(0).getStatus().getState()).isEqualTo(StreamStatus.State.GAP_DETECTED);
        assertThat(delivered.get(0).getStatus().getReason()).contains("larger than the hand-off");
        assertThat(delivered.get(1).getTrade().getSymbol()).isEqualTo("BTCUSDT");
    }

    @Test
    void shouldQueueWhenFullUnderBlockAndDeliverEverythingInOrderOnceDrained() {
        final SourcePublisher publisher = publisher(BackpressurePolicy.BLOCK);
        long seq = 0;
        while (publisher.publish(trade(++seq)) == PublishResult.PUBLISHED) {
            assertThat(publisher.isBlocked()).isFalse();
        }
        assertThat(publisher.isBlocked()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(publisher.publish(trade(++seq))).isEqualTo(PublishResult.QUEUED);
        }
        publisher.publishStatus(StreamStatus.State.DISCONNECTED, "peer closed", 0, 0, 0);
        assertThat(publisher.drainPending()).isFalse();

        final List<Envelope> all = new ArrayList<>(drainHandoff());
        while (!publisher.drainPending()) {
            all.addAll(drainHandoff());
        }
        all.addAll(drainHandoff());

        assertThat(all).hasSize((int) seq + 1);
        for (int i = 0; i < seq; i++) {
            assertThat(all.get(i).getIngestSeq()).isEqualTo(i + 1);
            assertThat(all.get(i).getSourceSeq()).isEqualTo(i + 1);
        }
        assertThat(all.get((int) seq).getStatus().getState()).isEqualTo(StreamStatus.State.DISCONNECTED);
        assertThat(all.get((int) seq).getIngestSeq()).isEqualTo(seq + 1);
        assertThat(metrics.dropped()).isZero();
    }

    @Test
    void shouldCountDropsUnderDropAndAnnounceTheGapBeforeTheNextEnvelope() {
        final SourcePublisher publisher = publisher(BackpressurePolicy.DROP);
        long seq = 0;
        while (publisher.publish(trade(++seq)) == PublishResult.PUBLISHED) {
            // fill the hand-off
        }
        final long firstDropped = seq;
        assertThat(publisher.publish(trade(++seq))).isEqualTo(PublishResult.DROPPED);
        assertThat(publisher.publish(trade(++seq))).isEqualTo(PublishResult.DROPPED);
        assertThat(publisher.isBlocked()).isFalse();

        final List<Envelope> first = drainHandoff();
        assertThat(first).hasSize((int) firstDropped - 1);
        assertThat(publisher.publish(trade(++seq))).isEqualTo(PublishResult.PUBLISHED);
        final List<Envelope> after = drainHandoff();

        assertThat(after).hasSize(2);
        assertThat(after.get(0).getStatus().getState()).isEqualTo(StreamStatus.State.GAP_DETECTED);
        assertThat(after.get(0).getStatus().getCount()).isEqualTo(3);
        assertThat(after.get(0).getIngestSeq()).isEqualTo(firstDropped);
        assertThat(after.get(1).getSourceSeq()).isEqualTo(seq);
        assertThat(after.get(1).getIngestSeq()).isEqualTo(firstDropped + 1);
        assertThat(metrics.dropped()).isEqualTo(3);
    }
}
