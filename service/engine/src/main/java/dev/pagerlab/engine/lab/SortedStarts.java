package dev.pagerlab.engine.lab;

import java.util.Arrays;

/**
 * The sorted column of range starts that {@link OccupiedRanges} and {@link SlotRanges} share, and its two-level
 * search: over every {@value #BLOCK}th start (the coarse copy, small enough to stay in the cache: 8 KiB for 16,384
 * ranges), then within the one block of {@value #BLOCK} starts it picked. Static functions over the owner's arrays,
 * so that the tables keep their columns as plain fields on the fault path.
 */
final class SortedStarts {

    static final int BLOCK_BITS = 4;
    static final int BLOCK = 1 << BLOCK_BITS;

    private SortedStarts() {
    }

    /** {@code unsigned} with the sign bit flipped, so that signed comparison orders starts as unsigned values. */
    static long key(long unsigned) {
        return unsigned ^ Long.MIN_VALUE;
    }

    /** The last of {@code slots} starts that is at or before {@code addr}, hole or not; -1 when none. */
    static int floorSlot(long[] coarse, long[] firsts, int slots, long addr) {
        if (slots == 0) {
            return -1;
        }
        long key = key(addr);
        int block = floor(coarse, 0, (slots + BLOCK - 1) >>> BLOCK_BITS, key);
        if (block < 0) {
            return -1;
        }
        int from = block << BLOCK_BITS;
        return floor(firsts, from, Math.min(BLOCK, slots - from), key);
    }

    /**
     * The last index in {@code sorted[from, from+n)} whose key is at most {@code key}, or {@code from - 1}: the
     * search halves the range without branching on the data (the conditional compiles to a conditional move).
     */
    static int floor(long[] sorted, int from, int n, long key) {
        int base = from;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] <= key ? base + half : base;
            n -= half;
        }
        return sorted[base] <= key ? base : from - 1;
    }

    /** Keeps the coarse copy when {@code slot}'s start was just written and begins a block. */
    static void started(long[] coarse, long[] firsts, int slot) {
        if ((slot & (BLOCK - 1)) == 0 && (slot >>> BLOCK_BITS) < coarse.length) {
            coarse[slot >>> BLOCK_BITS] = firsts[slot];
        }
    }

    /**
     * Copies every {@value #BLOCK}th start from slot {@code from} on (the ones before it did not move) into
     * {@code coarse}, grown when the starts outgrew it; answers the coarse copy to keep.
     */
    static long[] rebuildCoarse(long[] coarse, long[] firsts, int slots, int from) {
        int blocks = (slots + BLOCK - 1) >>> BLOCK_BITS;
        long[] copy = coarse.length >= blocks ? coarse
                : Arrays.copyOf(coarse, Math.max(blocks, (firsts.length + BLOCK - 1) >>> BLOCK_BITS));
        for (int j = from >>> BLOCK_BITS; j < blocks; j++) {
            copy[j] = firsts[j << BLOCK_BITS];
        }
        return copy;
    }
}
