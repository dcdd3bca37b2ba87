package io.marketintel.pipeline.codec.json.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.MessageDecoder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Per dialect: 10,000 decodes of a trade and of a 10-level depth update allocate (next to) nothing. */
class VenueDialectAllocationTest {
    private long events;

    @Test
    void binanceShouldNotAllocatePerMessage() {
        assertAllocationFree(new BinanceSpotDecoder(),
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BTCUSDT\","
                        + "\"t\":12345,\"p\":\"27000.50\",\"q\":\"0.00100000\",\"T\":1672515782136,\"m\":true,\"M\":true}}",
                "{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":157,\"u\":160,\"b\":"
                        + levels("[\"2700%d.10\",\"0.0%d\"]") + ",\"a\":" + levels("[\"2710%d.10\",\"1.%d\"]") + "}");
    }

    @Test
    void binanceShouldNotAllocatePerMessageWithEightDecimalLevelsAsTheLiveStreamSendsThem() {
        // Prices of 14 bytes and quantities of 10: the two-word decimal path, read by the fast path.
        assertAllocationFree(new BinanceSpotDecoder(),
                "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\","
                        + "\"b\":88,\"a\":50,\"T\":1672515782136,\"m\":true,\"M\":true}",
                new String(BinanceDepthSamples.depthUpdate(), StandardCharsets.US_ASCII));
    }

    @Test
    void binanceShouldNotAllocatePerMessageInTheGeneralPass() {
        // Whitespace and a key order the fast path does not take: these go through the tokenizer.
        assertAllocationFree(new BinanceSpotDecoder(),
                "{ \"e\": \"trade\", \"E\": 1672515782136, \"s\": \"BNBBTC\", \"t\": 12345, \"p\": \"0.001\","
                        + " \"q\": \"100\", \"T\": 1672515782136, \"m\": true }",
                "{\"s\":\"BTCUSDT\",\"e\":\"depthUpdate\",\"E\":1672515782136,\"U\":157,\"u\":160,\"b\":"
                        + levels("[\"2700%d.10\",\"0.0%d\"]") + ",\"a\":" + levels("[\"2710%d.10\",\"1.%d\"]") + "}");
    }

    @Test
    void coinbaseShouldNotAllocatePerMessage() {
        assertAllocationFree(new CoinbaseExchangeDecoder(),
                "{\"type\":\"match\",\"trade_id\":10,\"sequence\":50,\"time\":\"2014-11-07T08:19:27.028459Z\","
                        + "\"product_id\":\"BTC-USD\",\"size\":\"5.23512\",\"price\":\"400.23\",\"side\":\"sell\"}",
                "{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"time\":\"2019-08-14T20:42:27.265Z\",\"changes\":"
                        + bothSides("[\"buy\",\"1010%d.80\",\"0.%d\"]", "[\"sell\",\"1020%d.80\",\"1.%d\"]") + "}");
    }

    @Test
    void krakenShouldNotAllocatePerMessage() {
        assertAllocationFree(new KrakenV2Decoder(),
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\",\"side\":\"sell\","
                        + "\"price\":0.5117,\"qty\":40.0,\"ord_type\":\"market\",\"trade_id\":4665906,"
                        + "\"timestamp\":\"2023-09-25T07:49:37.708706Z\"}]}",
                "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\",\"bids\":"
                        + levels("{\"price\":0.56%d,\"qty\":10%d.5}") + ",\"asks\":" + levels("{\"price\":0.57%d,\"qty\":2%d}")
                        + ",\"checksum\":2114181697,\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}");
    }

    @Test
    void bitstampShouldNotAllocatePerMessage() {
        assertAllocationFree(new BitstampV2Decoder(),
                "{\"data\":{\"id\":305001234,\"timestamp\":\"1700000000\",\"amount\":0.01,\"amount_str\":\"0.01000000\","
                        + "\"price\":27000.5,\"price_str\":\"27000.50\",\"type\":0,\"microtimestamp\":\"1700000000123456\"},"
                        + "\"channel\":\"live_trades_btcusd\",\"event\":\"trade\"}",
                "{\"data\":{\"timestamp\":\"1700000001\",\"microtimestamp\":\"1700000001234567\",\"bids\":"
                        + levels("[\"2699%d.00\",\"0.%d\"]") + ",\"asks\":" + levels("[\"2701%d.00\",\"0.%d\"]")
                        + "},\"channel\":\"order_book_btcusd\",\"event\":\"data\"}");
    }

    @Test
    void okxShouldNotAllocatePerMessage() {
        assertAllocationFree(new OkxV5Decoder(),
                "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                        + "\"tradeId\":\"130639474\",\"px\":\"42219.9\",\"sz\":\"0.12060306\",\"side\":\"buy\","
                        + "\"ts\":\"1630048897897\",\"count\":\"3\",\"source\":\"0\",\"seqId\":1234}]}",
                "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":"
                        + levels("[\"847%d.98\",\"41%d\",\"0\",\"13\"]") + ",\"bids\":" + levels("[\"846%d.97\",\"2%d\",\"0\",\"12\"]")
                        + ",\"ts\":\"1597026383085\",\"checksum\":-855196043,\"prevSeqId\":123456,\"seqId\":123457}]}");
    }

    /** Ten levels from a pattern with two %d (level number), as a JSON array. */
    private static String levels(String pattern) {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append(String.format(pattern, i, i + 1));
        }
        return json.append(']').toString();
    }

    /** Coinbase puts both sides in one "changes" array: ten levels of each pattern in one array. */
    private static String bothSides(String bidPattern, String askPattern) {
        final String bids = levels(bidPattern);
        return bids.substring(0, bids.length() - 1) + "," + levels(askPattern).substring(1);
    }

    private void assertAllocationFree(MessageDecoder decoder, String trade, String depth) {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final byte[] tradeBytes = trade.getBytes(StandardCharsets.UTF_8);
        final byte[] depthBytes = depth.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer tradeFrame = new UnsafeBuffer(tradeBytes);
        final UnsafeBuffer depthFrame = new UnsafeBuffer(depthBytes);
        final CanonicalEvent event = new CanonicalEvent();
        final CanonicalEventHandler handler = e -> events++;
        for (int i = 0; i < 20_000; i++) {
            decoder.decode(tradeFrame, 0, tradeBytes.length, event, handler);
            decoder.decode(depthFrame, 0, depthBytes.length, event, handler);
        }
        assertThat(decoder.decode(tradeFrame, 0, tradeBytes.length, event, handler)).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoder.decode(depthFrame, 0, depthBytes.length, event, handler)).isEqualTo(DecodeOutcome.DATA);
        assertThat(event.book.bidCount() + event.book.askCount()).isEqualTo(20);
        threads.getCurrentThreadAllocatedBytes();

        final long before = threads.getCurrentThreadAllocatedBytes();
        int data = 0;
        for (int i = 0; i < 10_000; i++) {
            if (decoder.decode(tradeFrame, 0, tradeBytes.length, event, handler) == DecodeOutcome.DATA) {
                data++;
            }
            if (decoder.decode(depthFrame, 0, depthBytes.length, event, handler) == DecodeOutcome.DATA) {
                data++;
            }
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(data).isEqualTo(20_000);
        assertThat(allocated).as("bytes allocated by 10,000 trade and 10,000 depth decodes").isLessThan(1024);
    }
}
