package io.marketintel.pipeline.app.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the unit-carrying values of the configuration file: durations ({@code 250us}, {@code
 * 500ms}, {@code 1.5s}, {@code 1m}, {@code 2h}) and byte sizes ({@code 65536}, {@code 64KiB},
 * {@code 16MiB}, {@code 1GiB}). Pure functions, thread-safe.
 */
public final class ConfigUnits {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final Map<String, Long> BYTES_PER_UNIT = Map.of(
            "B", 1L, "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30);

    private ConfigUnits() {
    }

    /**
     * The duration written as a decimal number and a unit; empty when the text is not one, or not
     * a whole number of nanoseconds, or too large for a {@link Duration} in nanoseconds.
     */
    public static Optional<Duration> parseDuration(String text) {
        final Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        // BigDecimal so that "1.5s" is exactly 1.5 s and "0.1ms" exactly 100 us, no double rounding.
        final BigDecimal nanos =
                new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2))));
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** True for "5" or "1.5": the number a user wrote without its unit, which gets its own hint. */
    static boolean isBareNumber(String text) {
        return BARE_NUMBER.matcher(text.trim()).matches();
    }

    /** The byte count written as digits with an optional binary unit; empty when not one or past a long. */
    static Optional<Long> parseSize(String text) {
        final Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            final long count = Long.parseLong(m.group(1));
            final long unit = m.group(2) == null ? 1L : BYTES_PER_UNIT.get(m.group(2));
            return Optional.of(Math.multiplyExact(count, unit));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** A byte count the way a user would write it back: "64MiB", "1000". */
    static String formatSize(long bytes) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            final long per = BYTES_PER_UNIT.get(unit);
            if (bytes >= per && bytes % per == 0) {
                return bytes / per + unit;
            }
        }
        return Long.toString(bytes);
    }

    /** A duration the way a user would write it: "500ms", "30s", "1.5s". */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        final long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
    }
}
