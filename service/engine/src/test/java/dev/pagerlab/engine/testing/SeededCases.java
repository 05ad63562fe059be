package dev.pagerlab.engine.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs an invariant over many seeded random cases and names the seed of the first failing one, so that it can be
 * replayed with {@code -Dpagerlab.seed=N}.
 */
public final class SeededCases {

    /** Cases per invariant; CI runs the default, a soak can raise it with {@code -Dpagerlab.cases=N}. */
    public static final int CASES = Integer.getInteger("pagerlab.cases", 1000);

    private SeededCases() {
    }

    /** Runs {@code invariant} for {@link #CASES} seeds derived from {@code name}, or only for {@code pagerlab.seed}. */
    public static void check(String name, Consumer<Random> invariant) {
        Long only = Long.getLong("pagerlab.seed");
        if (only != null) {
            runOne(name, only, invariant);
            return;
        }
        long base = name.hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < CASES; i++) {
            runOne(name, base + i, invariant);
        }
    }

    private static void runOne(String name, long seed, Consumer<Random> invariant) {
        try {
            invariant.accept(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(name + " failed for seed " + seed + " (replay with -Dpagerlab.seed=" + seed
                    + "): " + e.getMessage(), e);
        }
    }
}
