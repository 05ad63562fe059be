package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The installed mappings of a lab by physical address, for revocation by physical range (pager-semantics §3): a
 * query costs a lookup per mapping size in use plus the mappings it finds, however many paths led to them.
 *
 * <p>Mappings are aligned to their size, so for each size only starts in {@code [first aligned down, last]} can
 * intersect {@code [first, last]}. Mappings of the same frames (same size and address) share one tree entry and are
 * chained through {@link Installed#physNext}, so that removing one is O(1) apart from the tree.
 */
final class PhysicalIndex {

    @SuppressWarnings("unchecked")
    private final TreeMap<Long, Installed>[] bySize = new TreeMap[Log2.MAX + 1];

    void add(Installed mapping) {
        int k = mapping.mapping.sizeLog2().value();
        if (bySize[k] == null) {
            bySize[k] = new TreeMap<>(Long::compareUnsigned);
        }
        Installed head = bySize[k].put(mapping.mapping.phys().value(), mapping);
        mapping.physNext = head;
        mapping.physPrev = null;
        if (head != null) {
            head.physPrev = mapping;
        }
    }

    void remove(Installed mapping) {
        Installed prev = mapping.physPrev;
        Installed next = mapping.physNext;
        if (prev != null) {
            prev.physNext = next;
        } else {
            TreeMap<Long, Installed> tree = bySize[mapping.mapping.sizeLog2().value()];
            long phys = mapping.mapping.phys().value();
            if (next == null) {
                tree.remove(phys);
            } else {
                tree.put(phys, next);
            }
        }
        if (next != null) {
            next.physPrev = prev;
        }
        mapping.physPrev = null;
        mapping.physNext = null;
    }

    /** Every indexed mapping whose physical range shares an address with {@code range}. */
    List<Installed> overlapping(AddrRange range) {
        List<Installed> found = new ArrayList<>();
        if (!range.valid()) {
            return found;
        }
        for (int k = 0; k < bySize.length; k++) {
            TreeMap<Long, Installed> tree = bySize[k];
            if (tree == null || tree.isEmpty()) {
                continue;
            }
            long from = range.first() & ~Log2.of(k).lowMask();
            for (Installed head : tree.subMap(from, true, range.last(), true).values()) {
                for (Installed m = head; m != null; m = m.physNext) {
                    found.add(m);
                }
            }
        }
        return found;
    }
}
