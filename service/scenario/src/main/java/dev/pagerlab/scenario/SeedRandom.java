package dev.pagerlab.scenario;

import dev.pagerlab.engine.tlb.SplitMix64;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random numbers of an exercise, fixed for good so that a seed gives the same exercise in every later version:
 * the state starts as the first 8 bytes (big-endian) of SHA-256 over the UTF-8 bytes of {@code kind + ":" + seed},
 * and advances as the engine's {@link SplitMix64}. {@code below(n)} is the next value modulo {@code n}, unsigned (not
 * the engine's unbiased {@code below}: the golden files pin this one). Nothing here depends on a JDK class whose
 * algorithm could change.
 */
final class SeedRandom {

    private final SplitMix64 bits;

    SeedRandom(String kind, String seed) {
        long state = 0;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((kind + ":" + seed)
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                state = (state << 8) | (hash[i] & 0xFF);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        bits = new SplitMix64(state);
    }

    /** The next 64 random bits. */
    long next() {
        return bits.next();
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
