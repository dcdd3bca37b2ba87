package io.marketintel.pipeline.codec.json.dialect;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The Binance spot messages {@link BinanceDecodeBenchmark} decodes, as the bytes of one WebSocket
 * text frame (compact JSON, as the venue sends it).
 */
final class BinanceSamples {
    static final int LEVELS_PER_SIDE = 10;
    /** The level (per side) whose quantity is zero. */
    private static final int DELETED_LEVEL = 6;

    /**
     * The documented "Trade Streams" payload (codec fixture {@code binance/trade.json}) written
     * compactly: 126 bytes.
     */
    static final byte[] TRADE = ascii("{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,"
            + "\"p\":\"0.001\",\"q\":\"100\",\"b\":88,\"a\":50,\"T\":1672515782136,\"m\":true,\"M\":true}");

    /**
     * A "Diff. Depth Stream" payload (the shape of codec fixture {@code binance/depthUpdate.json})
     * with 10 bid and 10 ask levels, prices and quantities with the 8 decimals the live stream
     * sends; one quantity per side is zero (a level deleted). 719 bytes.
     */
    static final byte[] DEPTH_UPDATE = ascii("{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\","
            + "\"U\":157,\"u\":176,\"b\":" + levels(1_685_000, -1) + ",\"a\":" + levels(1_685_001, 1) + "}");

    private BinanceSamples() {
    }

    /** Ten [price, quantity] levels a cent apart from {@code firstPriceCents}, going {@code step}. */
    private static String levels(long firstPriceCents, int step) {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < LEVELS_PER_SIDE; i++) {
            final BigDecimal price = BigDecimal.valueOf(firstPriceCents + (long) step * i, 2).setScale(8);
            final BigDecimal quantity = i == DELETED_LEVEL
                    ? BigDecimal.ZERO.setScale(8) : BigDecimal.valueOf(1_234_567L * (i + 1), 8);
            json.append(i == 0 ? "[\"" : ",[\"").append(price.toPlainString())
                    .append("\",\"").append(quantity.toPlainString()).append("\"]");
        }
        return json.append(']').toString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
