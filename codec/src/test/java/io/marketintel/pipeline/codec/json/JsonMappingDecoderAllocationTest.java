package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class JsonMappingDecoderAllocationTest {
    private static final JsonMapping MAPPING = new JsonMapping(
            "data.e",
            new TradeMapping("trade", "data.s", "data.p", "data.q", "data.side", "data.t", "data.T", "data.u"),
            new QuoteMapping("quote", "data.s", "data.b", "data.B", "data.a", "data.A", "data.T", "data.u"),
            TimestampUnit.SECONDS);

    // Exercises every path that could allocate: escapes in key, symbol and trade id, fractional
    // timestamp, nested objects and arrays that are skipped.
    private static final byte[] FRAME = ("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTC\\/USDT\","
            + "\"p\":\"27000.50\",\"q\":0.00100000,\"side\":\"Sell\",\"t\":\"id-\\u00e9\",\"T\":\"1700000000.123456\","
            + "\"u\":12345,\"\\u006d\":true,\"extra\":[1,2,{\"p\":null}],\"none\":null}}")
            .getBytes(StandardCharsets.UTF_8);

    private long handled;

    @Test
    void shouldNotAllocateWhenDecodingTheSameTradeRepeatedly() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final JsonMappingDecoder decoder = new JsonMappingDecoder(MAPPING);
        final CanonicalEvent event = new CanonicalEvent();
        final CanonicalEventHandler handler = e -> handled++;
        final UnsafeBuffer buffer = new UnsafeBuffer(FRAME);

        for (int i = 0; i < 20_000; i++) {
            decoder.decode(buffer, 0, FRAME.length, event, handler);
        }
        assertThat(decoder.decode(buffer, 0, FRAME.length, event, handler)).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.trade.symbol.toString()).isEqualTo("BTC/USDT");
        threads.getCurrentThreadAllocatedBytes();

        final long before = threads.getCurrentThreadAllocatedBytes();
        int data = 0;
        for (int i = 0; i < 10_000; i++) {
            if (decoder.decode(buffer, 0, FRAME.length, event, handler) == DecodeOutcome.DATA) {
                data++;
            }
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(data).isEqualTo(10_000);
        assertThat(allocated).as("bytes allocated by 10,000 decodes").isLessThan(1024);
    }
}
