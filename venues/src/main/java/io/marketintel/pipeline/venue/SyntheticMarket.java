package io.marketintel.pipeline.venue;

import io.marketintel.pipeline.codec.json.JsonMapping;
import io.marketintel.pipeline.codec.json.QuoteMapping;
import io.marketintel.pipeline.codec.json.TimestampUnit;
import io.marketintel.pipeline.codec.json.TradeMapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic market: from a seed, the same sequence of trades and quotes every time, so a
 * test can regenerate exactly what a venue sent. Prices random-walk in ticks of 0.01 with two
 * decimals ("27000.50"), sizes have eight ("0.00100000"). Not thread-safe.
 */
public final class SyntheticMarket {
    /** The mapping of {@link MarketEvent#toJson()} for a {@code format: json} source. */
    public static final JsonMapping JSON_MAPPING = new JsonMapping("type",
            new TradeMapping("trade", "s", "p", "q", "side", "t", "T", "seq"),
            new QuoteMapping("quote", "s", "b", "B", "a", "A", "T", "seq"),
            TimestampUnit.MILLISECONDS);

    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "EURUSD", "AAPL"};
    private static final long[] START_TICKS = {2_700_050, 180_025, 108, 19_012};

    private final SplittableRandom random;
    private final long[] ticks = START_TICKS.clone();
    private long seq;
    private long timeMs = 1_700_000_000_000L;

    /** The symbols this market trades, in a fixed order. */
    public static List<String> symbols() {
        return List.of(SYMBOLS);
    }

    public SyntheticMarket(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The current top of book of a listed symbol, one tick either side of its mid, with fixed sizes:
     * for a venue's snapshot. Draws nothing from the random sequence, so what {@link #next()}
     * returns stays the same whether snapshots were taken or not.
     *
     * @throws IllegalArgumentException for a symbol not in {@link #symbols()}
     */
    public MarketEvent topOfBook(String symbol) {
        final int s = symbols().indexOf(symbol);
        if (s < 0) {
            throw new IllegalArgumentException("not a symbol of this market: " + symbol + "; it trades " + symbols());
        }
        final BigDecimal mid = BigDecimal.valueOf(ticks[s], 2);
        final BigDecimal tick = BigDecimal.valueOf(1, 2);
        final BigDecimal size = BigDecimal.valueOf(100_000, 5);
        return new MarketEvent(MarketEvent.Kind.QUOTE, seq, symbol, timeMs, null, null, false, 0,
                mid.subtract(tick), size, mid.add(tick), size);
    }

    public MarketEvent next() {
        seq++;
        timeMs += 1 + random.nextInt(3);
        final int s = random.nextInt(SYMBOLS.length);
        ticks[s] = Math.max(1, ticks[s] + random.nextInt(-3, 4));
        final BigDecimal mid = BigDecimal.valueOf(ticks[s], 2);
        if (random.nextInt(3) == 0) {
            final BigDecimal size = BigDecimal.valueOf(1 + random.nextInt(5_000_000), 8);
            return new MarketEvent(MarketEvent.Kind.TRADE, seq, SYMBOLS[s], timeMs, mid, size, random.nextBoolean(),
                    seq * 7, null, null, null, null);
        }
        final BigDecimal tick = BigDecimal.valueOf(1, 2);
        final BigDecimal bidSize = BigDecimal.valueOf(1 + random.nextInt(10_000_000), 5);
        final BigDecimal askSize = BigDecimal.valueOf(1 + random.nextInt(10_000_000), 5);
        return new MarketEvent(MarketEvent.Kind.QUOTE, seq, SYMBOLS[s], timeMs, null, null, false, 0,
                mid.subtract(tick), bidSize, mid.add(tick), askSize);
    }
}
