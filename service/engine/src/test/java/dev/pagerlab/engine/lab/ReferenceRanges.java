package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The clear version of {@link OccupiedRanges}, kept as its reference: the same operations over a {@code TreeMap}
 * keyed by unsigned start address (what the engine used before the sorted arrays).
 */
final class ReferenceRanges<T> {

    private record Entry<T>(AddrRange range, T value) {
    }

    private final TreeMap<Long, Entry<T>> byStart = new TreeMap<>(Long::compareUnsigned);

    /** The value whose range contains {@code addr}, or null. */
    @Nullable T at(long addr) {
        Map.Entry<Long, Entry<T>> floor = byStart.floorEntry(addr);
        return floor != null && floor.getValue().range().contains(addr) ? floor.getValue().value() : null;
    }

    /** Whether any stored range shares an address with {@code range}. */
    boolean overlapsAny(AddrRange range) {
        // Ranges are disjoint and sorted, so only the last one starting at or before range.last can reach into it.
        Map.Entry<Long, Entry<T>> floor = byStart.floorEntry(range.last());
        return floor != null && floor.getValue().range().overlaps(range);
    }

    /** The values whose ranges share an address with {@code range}, by address. */
    List<T> overlapping(AddrRange range) {
        List<T> found = new ArrayList<>();
        if (!range.valid()) {
            return found;
        }
        Long from = byStart.floorKey(range.first());
        for (Entry<T> e : (from == null ? byStart : byStart.tailMap(from, true)).values()) {
            if (Long.compareUnsigned(e.range().first(), range.last()) > 0) {
                break;
            }
            if (e.range().overlaps(range)) {
                found.add(e.value());
            }
        }
        return found;
    }

    /** Stores {@code value} over {@code range}, which must be valid and overlap nothing stored. */
    void put(AddrRange range, T value) {
        if (!range.valid() || overlapsAny(range)) {
            throw new IllegalStateException("range " + range + " invalid or taken");
        }
        byStart.put(range.first(), new Entry<>(range, value));
    }

    /** Removes the range that starts at {@code first}; answers its value or null. */
    @Nullable T remove(long first) {
        Entry<T> removed = byStart.remove(first);
        return removed == null ? null : removed.value();
    }

    /** The values by address. */
    Collection<T> values() {
        return byStart.values().stream().map(Entry::value).toList();
    }

    /** The value with the lowest start address, or null when empty. */
    @Nullable T first() {
        Map.Entry<Long, Entry<T>> first = byStart.firstEntry();
        return first == null ? null : first.getValue().value();
    }

    int size() {
        return byStart.size();
    }

    /**
     * The lowest multiple of {@code 2^alignment} inside {@code within} where {@code size} bytes overlap nothing
     * stored, or empty.
     *
     * <p>Found differently from the engine (which walks the gaps between ranges), so that the comparison means
     * something: the lowest fit, if any, starts at the first aligned address of {@code within} or at the first
     * aligned address after the end of some stored range; every such candidate is tried against every range.
     */
    OptionalLong lowestFit(AddrRange within, Size size, Log2 alignment) {
        if (!within.valid() || size.isZero()) {
            return OptionalLong.empty();
        }
        List<Long> candidates = new ArrayList<>();
        candidates.add(alignUp(within.first(), alignment));
        for (Entry<T> e : byStart.values()) {
            if (e.range().last() != -1L) {
                candidates.add(alignUp(e.range().last() + 1, alignment));
            }
        }
        OptionalLong best = OptionalLong.empty();
        for (Long start : candidates) {
            if (start == null || Long.compareUnsigned(start, within.first()) < 0) {
                continue; // rounding up passed 2^64
            }
            long last = start + size.value() - 1;
            boolean fits = Long.compareUnsigned(last, start) >= 0 && Long.compareUnsigned(last, within.last()) <= 0
                    && byStart.values().stream().noneMatch(e -> e.range().overlaps(new AddrRange(start, last)));
            if (fits && (best.isEmpty() || Long.compareUnsigned(start, best.getAsLong()) < 0)) {
                best = OptionalLong.of(start);
            }
        }
        return best;
    }

    /** {@code addr} rounded up to a multiple of {@code 2^alignment}; null when that passes 2^64. */
    private static @Nullable Long alignUp(long addr, Log2 alignment) {
        long mask = alignment.lowMask();
        long up = (addr + mask) & ~mask;
        return Long.compareUnsigned(up, addr) < 0 ? null : up;
    }
}
