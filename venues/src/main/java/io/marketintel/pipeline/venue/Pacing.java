package io.marketintel.pipeline.venue;

/**
 * The pacing arithmetic of the venues that send at a configured rate. Stateless and thread-safe.
 */
public final class Pacing {
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private Pacing() {
    }

    /**
     * How many messages fall due in {@code elapsedNs} at {@code perSecond}. Whole seconds and the
     * rest are taken apart: {@code elapsedNs * perSecond} in one product overflows a long after
     * 9.2e18 / rate ns (a day at 100,000 msg/s, 15 minutes at 10 million), and the venue would then
     * stop sending without a word.
     */
    public static long messagesDue(long elapsedNs, long perSecond) {
        return elapsedNs / NS_PER_SECOND * perSecond + elapsedNs % NS_PER_SECOND * perSecond / NS_PER_SECOND;
    }
}
