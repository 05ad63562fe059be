package dev.pagerlab.engine.tlb;

import org.jspecify.annotations.Nullable;

import java.util.Arrays;

/**
 * Non-overlapping naturally aligned blocks of any power-of-two size, found by address with one hash probe per size
 * present (largest first): the lookup structure of the TLB model and of the replay's view of the page table.
 */
final class SizedIndex<V> {

    // Per size log2, the blocks by frame number (base >>> log2): the unsigned shift keeps 64-bit addresses.
    @SuppressWarnings("unchecked")
    private final @Nullable LongTable<V>[] bySize = new LongTable[64];
    private int[] sizesPresent = new int[0];

    /** The value of the block that contains {@code addr}, or null. */
    @Nullable V find(long addr) {
        for (int log2 : sizesPresent) {
            V v = table(log2).get(addr >>> log2);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The value of exactly the block {@code [base, base + 2^log2)}, or null. */
    @Nullable V exactly(long base, int log2) {
        LongTable<V> t = bySize[log2];
        return t == null ? null : t.get(base >>> log2);
    }

    /** Stores the block {@code [base, base + 2^log2)}; the caller keeps blocks from overlapping. */
    void put(long base, int log2, V value) {
        LongTable<V> t = bySize[log2];
        if (t == null) {
            t = new LongTable<>();
            bySize[log2] = t;
        }
        if (t.size() == 0) {
            int[] grown = Arrays.copyOf(sizesPresent, sizesPresent.length + 1);
            grown[grown.length - 1] = log2;
            // Largest first: a large block covers the most addresses, so it answers most lookups on the first probe.
            sizesPresent = Arrays.stream(grown).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
        }
        t.put(base >>> log2, value);
    }

    /** Removes the block {@code [base, base + 2^log2)}; answers its value or null. */
    @Nullable V remove(long base, int log2) {
        LongTable<V> t = bySize[log2];
        V old = t == null ? null : t.remove(base >>> log2);
        if (old != null && t.size() == 0) {
            sizesPresent = Arrays.stream(sizesPresent).filter(s -> s != log2).toArray();
        }
        return old;
    }

    private LongTable<V> table(int log2) {
        return java.util.Objects.requireNonNull(bySize[log2]);
    }
}
