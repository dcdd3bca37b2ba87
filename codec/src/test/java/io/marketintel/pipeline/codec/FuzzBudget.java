package io.marketintel.pipeline.codec;

import java.util.SplittableRandom;

/**
 * How long a fuzz test runs and from which seed. In the build: a fixed seed and a fixed number of
 * mutants, so that a run is repeatable and short. For a campaign: {@code -Dfuzz.seconds=N} runs
 * for N seconds (whatever the count) and {@code -Dfuzz.seed=S} starts elsewhere; a failure names
 * the seed and the mutant's number, which with the same seed reproduce it.
 */
public final class FuzzBudget {
    private final long seed;
    private final long iterations;
    private final long deadlineNs;

    private FuzzBudget(long seed, long iterations, long deadlineNs) {
        this.seed = seed;
        this.iterations = iterations;
        this.deadlineNs = deadlineNs;
    }

    /**
     * The build's budget, {@code defaultIterations} mutants from {@code defaultSeed}, unless the
     * system properties ask for a campaign. A build run is also cut at two minutes, so that a
     * slow machine cannot turn it into a hang.
     */
    public static FuzzBudget fromSystemProperties(long defaultSeed, long defaultIterations) {
        final long seed = Long.getLong("fuzz.seed", defaultSeed);
        final long seconds = Long.getLong("fuzz.seconds", 0);
        if (seconds > 0) {
            return new FuzzBudget(seed, Long.MAX_VALUE, System.nanoTime() + seconds * 1_000_000_000L);
        }
        return new FuzzBudget(seed, defaultIterations, System.nanoTime() + 120_000_000_000L);
    }

    /** Whether mutant number {@code iteration} (from 0) is to be run. */
    public boolean more(long iteration) {
        return iteration < iterations && System.nanoTime() < deadlineNs;
    }

    /** The generator of mutant number {@code iteration}: each can be replayed alone. */
    public SplittableRandom random(long iteration) {
        return new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + iteration);
    }

    /** "seed S, mutant I": what reproduces a failure. */
    public String where(long iteration) {
        return "fuzz.seed=" + seed + ", mutant " + iteration;
    }
}
