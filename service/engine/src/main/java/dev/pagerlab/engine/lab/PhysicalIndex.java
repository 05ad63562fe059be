package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The installed mappings of a lab by physical address, for revocation by physical range (docs/fidelity.md,
 * revocation): a query costs a lookup per mapping size in use plus the mappings it finds, however many paths led to
 * them.
 *
 * <p>Mappings are aligned to their size, so for each size only starts in {@code [first aligned down, last]} can
 * intersect {@code [first, last]}. Mappings of the same frames (same size and address) share one entry and are
 * chained by their {@link MappingTable} slots ({@code next}, {@code prev}), so that removing one is O(1) apart from
 * the sorted arrays.
 */
final class PhysicalIndex {

    private static final int NONE = -1;

    private final MappingTable table;
    // Per size, the head of each chain over the frames it covers: blocks of one size are aligned, so they either
    // coincide (one chain) or are disjoint, as SlotRanges requires.
    private final SlotRanges[] bySize = new SlotRanges[Log2.MAX + 1];
    /** Chain links by slot of the mapping table. */
    private int[] prev = new int[16];
    private int[] next = new int[16];

    PhysicalIndex(MappingTable table) {
        this.table = table;
    }

    void add(int slot) {
        int k = table.log2(slot);
        if (bySize[k] == null) {
            long mask = (1L << k) - 1;
            bySize[k] = new SlotRanges((first, head) -> first | mask);
        }
        if (slot >= prev.length) {
            int capacity = Math.max(prev.length * 2, slot + 1);
            prev = Arrays.copyOf(prev, capacity);
            next = Arrays.copyOf(next, capacity);
        }
        long phys = table.phys(slot);
        int head = bySize[k].putOrReplace(phys, phys | ((1L << k) - 1), slot);
        next[slot] = head;
        prev[slot] = NONE;
        if (head != NONE) {
            prev[head] = slot;
        }
    }

    void remove(int slot) {
        int before = prev[slot];
        int after = next[slot];
        if (before != NONE) {
            next[before] = after;
        } else {
            int k = table.log2(slot);
            long phys = table.phys(slot);
            if (after != NONE) {
                bySize[k].putOrReplace(phys, phys | ((1L << k) - 1), after);
            } else {
                bySize[k].remove(phys);
            }
        }
        if (after != NONE) {
            prev[after] = before;
        }
    }

    /** The slots of every indexed mapping whose physical range shares an address with {@code range}. */
    int[] overlapping(AddrRange range) {
        IntStream.Builder found = IntStream.builder();
        if (!range.valid()) {
            return new int[0];
        }
        for (SlotRanges heads : bySize) {
            if (heads == null || heads.size() == 0) {
                continue;
            }
            heads.overlapping(range.first(), range.last(), head -> {
                for (int m = head; m != NONE; m = next[m]) {
                    found.add(m);
                }
            });
        }
        return found.build().toArray();
    }
}
