package io.marketintel.pipeline.codec.json;

/** The unit of a numeric timestamp a venue sends (epoch based). Fractions are kept exactly. */
public enum TimestampUnit {
    SECONDS(1_000_000_000L), MILLISECONDS(1_000_000L), MICROSECONDS(1_000L), NANOSECONDS(1L);

    private final long nanosPerUnit;

    TimestampUnit(long nanosPerUnit) {
        this.nanosPerUnit = nanosPerUnit;
    }

    public long nanosPerUnit() {
        return nanosPerUnit;
    }
}
