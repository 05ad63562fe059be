package dev.pagerlab.engine.tlb;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014, with the finaliser of Vigna's splitmix64.c): tiny, fast, and written out here
 * rather than taken from the JDK, so that a seed gives the same trace pattern or exercise in every version. Public
 * because the scenario module's exercise generators draw from it too: one generator, pinned by both modules' golden
 * files.
 */
public final class SplitMix64 {

    private long state;

    /** A generator whose first state is {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, {@code bound} unsigned and not zero; rejects the values that would bias it. */
    public long below(long bound) {
        long threshold = Long.remainderUnsigned(-bound, bound); // 2^64 mod bound
        while (true) {
            long r = next();
            if (Long.compareUnsigned(r, threshold) >= 0) {
                return Long.remainderUnsigned(r, bound);
            }
        }
    }
}
