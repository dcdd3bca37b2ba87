package io.marketintel.pipeline.codec.json.dialect;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** The benchmark's 10-level depth update (8-decimal string prices and quantities), for tests. */
final class BinanceDepthSamples {
    private BinanceDepthSamples() {
    }

    static byte[] depthUpdate() {
        return ("{\"e\":\"depthUpdate\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"U\":157,\"u\":176,\"b\":"
                + levels(1_685_000, -1) + ",\"a\":" + levels(1_685_001, 1) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static String levels(long firstPriceCents, int step) {
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            final BigDecimal price = BigDecimal.valueOf(firstPriceCents + (long) step * i, 2).setScale(8);
            final BigDecimal quantity = i == 6 ? BigDecimal.ZERO.setScale(8) : BigDecimal.valueOf(1_234_567L * (i + 1), 8);
            json.append(i == 0 ? "[\"" : ",[\"").append(price.toPlainString())
                    .append("\",\"").append(quantity.toPlainString()).append("\"]");
        }
        return json.append(']').toString();
    }
}
