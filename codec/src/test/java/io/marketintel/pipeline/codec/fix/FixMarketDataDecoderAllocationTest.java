package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static io.marketintel.pipeline.codec.fix.FixTestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import java.lang.management.ManagementFactory;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixMarketDataDecoderAllocationTest {
    // Two symbols, a delete and a trade: every emission path, plus a SendingTime with nanoseconds.
    private static final byte[] FRAME = bytes(message("35=X|34=1042|49=VENUE|56=CLIENT|52=20240102-03:04:05.678901234|"
            + "268=4|279=0|269=0|55=EUR/USD|270=1.08010|271=1000000|83=11|"
            + "279=1|269=1|55=GBP/USD|270=1.2650|271=3000000|83=12|"
            + "279=2|269=1|55=EUR/USD|270=1.08030|83=13|"
            + "279=0|269=2|55=EUR/USD|270=1.08020|271=5000|1003=T-77|2446=1|"));

    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ByteSlice sourceId = ByteSlice.of("fix_1");
    private long written;

    /** Both decode paths: market data alone, and market data plus the whole message as a FixMessage. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldNotAllocateWhenFramingDecodingAndEncodingTheSameRefreshRepeatedly(boolean emitFixMessages) {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final FixFramer framer = new FixFramer();
        final FixMarketDataDecoder decoder = new FixMarketDataDecoder(emitFixMessages);
        final CanonicalEvent event = new CanonicalEvent();
        final CanonicalEventHandler encode = e -> written += writer.write(out, 0, sourceId, 1, 2, 3, e);
        final int[] data = new int[1];
        final FixFrameHandler frames = new FixFrameHandler() {
            @Override
            public boolean onMessage(DirectBuffer buffer, int offset, int length) {
                if (decoder.decode(buffer, offset, length, event, encode) == DecodeOutcome.DATA) {
                    data[0]++;
                }
                return true;
            }

            @Override
            public boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length) {
                return true;
            }

            @Override
            public void onOversize(long declaredBodyLength) {
            }
        };
        final UnsafeBuffer buffer = new UnsafeBuffer(FRAME);

        for (int i = 0; i < 20_000; i++) {
            framer.frame(buffer, 0, FRAME.length, frames);
        }
        threads.getCurrentThreadAllocatedBytes();
        data[0] = 0;
        written = 0;

        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            framer.frame(buffer, 0, FRAME.length, frames);
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(data[0]).isEqualTo(10_000);
        final int envelopes = emitFixMessages ? 4 : 3;
        assertThat(written).as(envelopes + " envelopes per message were written").isGreaterThan(10_000L * envelopes * 40);
        assertThat(allocated).as("bytes allocated by 10,000 frame+decode+encode").isLessThan(1024);
    }
}
