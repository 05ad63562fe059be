package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;

import java.util.ArrayList;
import java.util.List;

/**
 * The installed mappings of a lab by physical address, for revocation by physical range (docs/fidelity.md, revocation): a
 * query costs a lookup per mapping size in use plus the mappings it finds, however many paths led to them.
 *
 * <p>Mappings are aligned to their size, so for each size only starts in {@code [first aligned down, last]} can
 * intersect {@code [first, last]}. Mappings of the same frames (same size and address) share one entry and are
 * chained through {@link Installed#physNext}, so that removing one is O(1) apart from the sorted arrays.
 */
final class PhysicalIndex {

    // Per size, the head of each chain over the frames it covers: blocks of one size are aligned, so they either
    // coincide (one chain) or are disjoint, as OccupiedRanges requires; its sorted arrays box nothing per fault.
    @SuppressWarnings("unchecked")
    private final OccupiedRanges<Installed>[] bySize = new OccupiedRanges[Log2.MAX + 1];

    void add(Installed mapping) {
        int k = mapping.mapping.sizeLog2().value();
        if (bySize[k] == null) {
            bySize[k] = new OccupiedRanges<>();
        }
        long phys = mapping.mapping.phys().value();
        Installed head = bySize[k].putOrReplace(phys, phys | mapping.mapping.sizeLog2().lowMask(), mapping);
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
            OccupiedRanges<Installed> heads = bySize[mapping.mapping.sizeLog2().value()];
            long phys = mapping.mapping.phys().value();
            if (next != null) {
                heads.putOrReplace(phys, phys | mapping.mapping.sizeLog2().lowMask(), next);
            } else {
                heads.remove(phys);
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
            OccupiedRanges<Installed> heads = bySize[k];
            if (heads == null || heads.size() == 0) {
                continue;
            }
            for (Installed head : heads.overlapping(range)) {
                for (Installed m = head; m != null; m = m.physNext) {
                    found.add(m);
                }
            }
        }
        return found;
    }
}
