package dev.pagerlab.engine.lab;

import static dev.pagerlab.engine.lab.SortedStarts.key;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Non-overlapping ranges with a value each, ordered by unsigned start address: the one structure behind a region
 * map's regions, an address space's installed mappings and the physical-memory allocator.
 *
 * <p>Three parallel arrays sorted by start address. A removed range leaves a hole (null value) that keeps the order;
 * a range stored at the same place later takes it back, which is what every re-installed mapping does, so a fault
 * that replaces a mapping moves nothing. Holes are compacted away when the arrays are full or outnumber the ranges.
 * The clear reference, a {@code TreeMap}, is {@code ReferenceRanges} in the tests.
 *
 * <p>A lookup is a binary search in two levels ({@link SortedStarts}), like a two-level B-tree of longs. Among
 * 16,384 ranges that touches three or four cache lines instead of the fourteen a plain search over the whole array
 * would, and both searches are written without data-dependent branches, which random addresses would mispredict
 * half of the time.
 */
final class OccupiedRanges<T> {


    // Starts with the sign bit flipped, so that signed comparison orders them as unsigned values.
    private long[] firsts = new long[4];
    private long[] lasts = new long[4];
    private Object[] values = new Object[4];
    /** {@code coarse[j] == firsts[j * BLOCK]} for every block that has slots. */
    private long[] coarse = new long[1];
    private int slots;
    private int live;
    /**
     * The hole the last removal left, or -1 once anything moved since: a mapping replaced by one at the same
     * address (the usual case of a fault over an installed mapping) is put back there without a search.
     */
    private int lastHole = -1;

    /** The last slot whose range starts at or before {@code addr}, hole or not; -1 when none. */
    private int floorSlot(long addr) {
        return SortedStarts.floorSlot(coarse, firsts, slots, addr);
    }

    /** The last live slot at or before {@code slot}; -1 when none. */
    private int liveAtOrBefore(int slot) {
        int i = slot;
        while (i >= 0 && values[i] == null) {
            i--;
        }
        return i;
    }

    /** The last live slot whose range starts at or before {@code addr}; -1 when none. */
    private int floorLive(long addr) {
        return liveAtOrBefore(floorSlot(addr));
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

    /**
     * Removes every range that shares an address with {@code range} and hands its value to {@code removed}, by
     * address: {@link #overlapping} and {@link #remove} in one search and without a list. {@code removed} must not
     * change this structure.
     */
    void removeOverlapping(long first, long last, Consumer<? super T> removed) {
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        int from = Math.max(0, floorLive(first));
        long lastKey = key(last);
        for (int i = from; i < slots && firsts[i] <= lastKey; i++) {
            if (values[i] != null && Long.compareUnsigned(lasts[i], first) >= 0) {
                T value = value(i);
                values[i] = null;
                live--;
                lastHole = i;
                removed.accept(value);
            }
        }
        compactIfSparse();
    }

    /** Stores {@code value} over {@code range}, which must be valid and overlap nothing stored. */
    void put(AddrRange range, T value) {
        put(range.first(), range.last(), value);
    }

    /** Stores {@code value} over {@code [first, last]}, which must be valid and overlap nothing stored. */
    void put(long first, long last, T value) {
        if (Long.compareUnsigned(first, last) > 0) {
            throw new IllegalStateException("range " + new AddrRange(first, last) + " invalid");
        }
        putAfter(floorAt(first), first, last, value);
    }

    /**
     * {@link #floorSlot}, answered without a search when {@code first} is where the last removal left its hole:
     * then that hole is the last slot starting at or before it.
     */
    private int floorAt(long first) {
        int h = lastHole;
        if (h >= 0 && h < slots && values[h] == null && firsts[h] == key(first)
                && (h + 1 == slots || firsts[h + 1] > key(first))) {
            return h;
        }
        return floorSlot(first);
    }

    /**
     * Stores {@code value} over {@code range}, which must be valid; a stored range that starts where it does must
     * be the same range and is given the new value. Answers the value replaced, or null when the range was new.
     */
    @Nullable T putOrReplace(long first, long last, T value) {
        if (Long.compareUnsigned(first, last) > 0) {
            throw new IllegalStateException("range " + new AddrRange(first, last) + " invalid");
        }
        int floor = floorAt(first);
        if (floor >= 0 && values[floor] != null && firsts[floor] == key(first)) {
            if (lasts[floor] != last) {
                throw new IllegalStateException("range " + new AddrRange(first, last)
                        + " differs from the one stored at its start");
            }
            T old = value(floor);
            values[floor] = value;
            return old;
        }
        putAfter(floor, first, last, value);
        return null;
    }

    /** {@link #put} where {@code floor} is the last slot starting at or before {@code first}. */
    private void putAfter(int floor, long first, long last, T value) {
        // Only the live neighbours can overlap: the last one before the insertion point and the first one after.
        int before = liveAtOrBefore(floor);
        int after = floor + 1;
        while (after < slots && values[after] == null) {
            after++;
        }
        if ((before >= 0 && Long.compareUnsigned(lasts[before], first) >= 0)
                || (after < slots && firsts[after] <= key(last))) {
            throw new IllegalStateException("range " + new AddrRange(first, last) + " taken");
        }
        int at = floor + 1;
        // A hole right before or at the insertion point can take the range without moving anything: the order
        // stays, as the hole lies between the same live neighbours.
        if (at > 0 && values[at - 1] == null) {
            set(at - 1, first, last, value);
        } else if (at < slots && values[at] == null) {
            set(at, first, last, value);
        } else {
            if (slots == firsts.length) {
                makeRoom();
                at = floorSlot(first) + 1;
            }
            System.arraycopy(firsts, at, firsts, at + 1, slots - at);
            System.arraycopy(lasts, at, lasts, at + 1, slots - at);
            System.arraycopy(values, at, values, at + 1, slots - at);
            slots++;
            set(at, first, last, value);
            rebuildCoarse(at);
            lastHole = -1;
        }
        live++;
    }

    private void set(int slot, long first, long last, Object value) {
        firsts[slot] = key(first);
        lasts[slot] = last;
        values[slot] = value;
        SortedStarts.started(coarse, firsts, slot);
    }

    private void rebuildCoarse(int from) {
        coarse = SortedStarts.rebuildCoarse(coarse, firsts, slots, from);
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
        rebuildCoarse(0);
        lastHole = -1;
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
        lastHole = i;
        compactIfSparse();
        return removed;
    }

    private void compactIfSparse() {
        // More holes than ranges: lookups would walk over runs of them, so they go (amortized, each compaction
        // at least halves the slots).
        if (slots - live > Math.max(16, live)) {
            compact();
        }
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
