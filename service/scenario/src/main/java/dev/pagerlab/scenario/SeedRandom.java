package dev.pagerlab.scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random numbers of an exercise, fixed for good so that a seed gives the same exercise in every later version:
 * the state starts as the first 8 bytes (big-endian) of SHA-256 over the UTF-8 bytes of {@code kind + ":" + seed},
 * and advances as SplitMix64 (Steele, Lea and Flood, 2014). {@code below(n)} is the next value modulo {@code n},
 * unsigned. Nothing here depends on a JDK class whose algorithm could change.
 */
final class SeedRandom {

    private long state;

    SeedRandom(String kind, String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((kind + ":" + seed)
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                state = (state << 8) | (hash[i] & 0xFF);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The next 64 random bits (SplitMix64). */
    long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value in {@code [0, n)}. */
    long below(long n) {
        return Long.remainderUnsigned(next(), n);
    }

    /** One of {@code choices}. */
    @SafeVarargs
    final <T> T pick(T... choices) {
        return choices[(int) below(choices.length)];
    }

    boolean chance() {
        return below(2) == 0;
    }
}
