package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Non-overlapping ranges with a value each, ordered by unsigned start address: the one structure behind a region
 * map's regions, an address space's installed mappings and the physical-memory allocator.
 *
 * <p>Three parallel arrays sorted by start address, searched by binary search: a lookup among 16,384 ranges reads
 * a few cache lines of one {@code long[]} instead of chasing fourteen tree nodes. A removed range leaves a hole
 * (null value) that keeps the order; a range stored at the same place later takes it back, which is what every
 * re-installed mapping does, so a fault that replaces a mapping moves nothing. Holes are compacted away when the
 * arrays are full. The clear reference, a {@code TreeMap}, is {@code ReferenceRanges} in the tests.
 */
final class OccupiedRanges<T> {

    // Starts with the sign bit flipped, so that signed comparison orders them as unsigned values.
    private long[] firsts = new long[4];
    private long[] lasts = new long[4];
    private Object[] values = new Object[4];
    private int slots;
    private int live;

    private static long key(long unsigned) {
        return unsigned ^ Long.MIN_VALUE;
    }

    /** The last slot whose range starts at or before {@code addr}, hole or not; -1 when none. */
    private int floorSlot(long addr) {
        long key = key(addr);
        int lo = 0;
        int hi = slots - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firsts[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** The last live slot whose range starts at or before {@code addr}; -1 when none. */
    private int floorLive(long addr) {
        int i = floorSlot(addr);
        while (i >= 0 && values[i] == null) {
            i--;
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    private T value(int slot) {
        return (T) values[slot];
    }

    /** The value whose range contains {@code addr}, or null. */
    @Nullable T at(long addr) {
        int i = floorLive(addr);
        return i >= 0 && Long.compareUnsigned(addr, lasts[i]) <= 0 ? value(i) : null;
    }

    /** Whether any stored range shares an address with {@code range}. */
    boolean overlapsAny(AddrRange range) {
        // Ranges are disjoint and sorted, so only the last one starting at or before range.last can reach into it.
        int i = floorLive(range.last());
        return i >= 0 && Long.compareUnsigned(lasts[i], range.first()) >= 0;
    }

    /** The values whose ranges share an address with {@code range}, by address. */
    List<T> overlapping(AddrRange range) {
        List<T> found = new ArrayList<>(2);
        if (!range.valid()) {
            return found;
        }
        int from = Math.max(0, floorLive(range.first()));
        long lastKey = key(range.last());
        for (int i = from; i < slots && firsts[i] <= lastKey; i++) {
            if (values[i] != null && Long.compareUnsigned(lasts[i], range.first()) >= 0) {
                found.add(value(i));
            }
        }
        return found;
    }

    /** Stores {@code value} over {@code range}, which must be valid and overlap nothing stored. */
    void put(AddrRange range, T value) {
        if (!range.valid() || overlapsAny(range)) {
            throw new IllegalStateException("range " + range + " invalid or taken");
        }
        int at = floorSlot(range.first()) + 1;
        // A hole right before or at the insertion point can take the range without moving anything: the order
        // stays, as the hole lies between the same live neighbours.
        if (at > 0 && values[at - 1] == null) {
            set(at - 1, range, value);
        } else if (at < slots && values[at] == null) {
            set(at, range, value);
        } else {
            if (slots == firsts.length) {
                makeRoom();
                at = floorSlot(range.first()) + 1;
            }
            System.arraycopy(firsts, at, firsts, at + 1, slots - at);
            System.arraycopy(lasts, at, lasts, at + 1, slots - at);
            System.arraycopy(values, at, values, at + 1, slots - at);
            slots++;
            set(at, range, value);
        }
        live++;
    }

    private void set(int slot, AddrRange range, Object value) {
        firsts[slot] = key(range.first());
        lasts[slot] = range.last();
        values[slot] = value;
    }

    /** Compacts the holes away when they are a quarter or more; grows the arrays otherwise. */
    private void makeRoom() {
        if (slots - live >= slots / 4 && slots > live) {
            compact();
            return;
        }
        int capacity = firsts.length * 2;
        firsts = Arrays.copyOf(firsts, capacity);
        lasts = Arrays.copyOf(lasts, capacity);
        values = Arrays.copyOf(values, capacity);
    }

    private void compact() {
        int to = 0;
        for (int i = 0; i < slots; i++) {
            if (values[i] != null) {
                firsts[to] = firsts[i];
                lasts[to] = lasts[i];
                values[to] = values[i];
                to++;
            }
        }
        Arrays.fill(values, to, slots, null);
        slots = to;
    }

    /** Removes the range that starts at {@code first}; answers its value or null. */
    @Nullable T remove(long first) {
        int i = floorLive(first);
        if (i < 0 || firsts[i] != key(first)) {
            return null;
        }
        T removed = value(i);
        values[i] = null;
        live--;
        // More holes than ranges: lookups would walk over runs of them, so they go (amortized, each compaction
        // at least halves the slots).
        if (slots - live > Math.max(16, live)) {
            compact();
        }
        return removed;
    }

    /** The values by address. */
    Collection<T> values() {
        List<T> all = new ArrayList<>(live);
        for (int i = 0; i < slots; i++) {
            if (values[i] != null) {
                all.add(value(i));
            }
        }
        return all;
    }

    /** The value with the lowest start address, or null when empty. */
    @Nullable T first() {
        for (int i = 0; i < slots; i++) {
            if (values[i] != null) {
                return value(i);
            }
        }
        return null;
    }

    int size() {
        return live;
    }

    /**
     * The lowest multiple of {@code 2^alignment} inside {@code within} where {@code size} bytes overlap nothing
     * stored, or empty.
     */
    OptionalLong lowestFit(AddrRange within, Size size, Log2 alignment) {
        if (!within.valid() || size.isZero()) {
            return OptionalLong.empty();
        }
        long cursor = within.first();
        for (int i = 0; i < slots; i++) {
            if (values[i] == null) {
                continue;
            }
            AddrRange taken = new AddrRange(key(firsts[i]), lasts[i]).intersected(within);
            if (!taken.valid()) {
                continue;
            }
            if (Long.compareUnsigned(taken.first(), cursor) > 0) {
                OptionalLong fit = fitIn(new AddrRange(cursor, taken.first() - 1), size, alignment);
                if (fit.isPresent()) {
                    return fit;
                }
            }
            if (taken.last() == within.last()) {
                return OptionalLong.empty();
            }
            cursor = taken.last() + 1;
        }
        return fitIn(new AddrRange(cursor, within.last()), size, alignment);
    }

    private static OptionalLong fitIn(AddrRange gap, Size size, Log2 alignment) {
        long mask = alignment.lowMask();
        long start = (gap.first() + mask) & ~mask;
        if (Long.compareUnsigned(start, gap.first()) < 0) {
            return OptionalLong.empty(); // rounding up passed 2^64
        }
        AddrRange wanted = AddrRange.of(dev.pagerlab.engine.addr.Addr.of(start), size);
        return gap.contains(wanted) ? OptionalLong.of(start) : OptionalLong.empty();
    }
}
