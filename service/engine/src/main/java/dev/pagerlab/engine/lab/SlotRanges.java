package dev.pagerlab.engine.lab;

import static dev.pagerlab.engine.lab.SortedStarts.key;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Non-overlapping ranges, each naming a slot of a {@link MappingTable}, ordered by unsigned start address: an address
 * space's page table, and one size of the {@link PhysicalIndex}. It is {@link OccupiedRanges} for primitive values
 * (same two-level search, same holes and compactions), minus the column of range ends: the ranges are aligned
 * blocks whose size the caller knows ({@link Extent}), so that an entry costs 12 bytes instead of 20 plus an object.
 *
 * <p>The clear reference is {@code ReferenceRanges} in the tests; {@code SlotRangesTest} compares the two.
 */
final class SlotRanges {

    /** The last address of the range that starts at {@code first} and names {@code slot}. */
    @FunctionalInterface
    interface Extent {
        long last(long first, int slot);
    }

    private static final int HOLE = -1;

    private final Extent extent;
    // Starts with the sign bit flipped, so that signed comparison orders them as unsigned values.
    private long[] firsts = new long[4];
    private int[] values = new int[4];
    /** {@code coarse[j] == firsts[j * BLOCK]} for every block that has slots. */
    private long[] coarse = new long[1];
    private int slots;
    private int live;
    /** The hole the last removal left, or -1 once anything moved since (see {@link OccupiedRanges}). */
    private int lastHole = -1;

    SlotRanges(Extent extent) {
        this.extent = extent;
    }

    /** The last slot whose range starts at or before {@code addr}, hole or not; -1 when none. */
    private int floorSlot(long addr) {
        return SortedStarts.floorSlot(coarse, firsts, slots, addr);
    }

    private int liveAtOrBefore(int slot) {
        int i = slot;
        while (i >= 0 && values[i] == HOLE) {
            i--;
        }
        return i;
    }

    private long lastOf(int i) {
        return extent.last(key(firsts[i]), values[i]);
    }

    /** The value whose range contains {@code addr}, or -1. */
    int at(long addr) {
        int i = liveAtOrBefore(floorSlot(addr));
        return i >= 0 && Long.compareUnsigned(addr, lastOf(i)) <= 0 ? values[i] : HOLE;
    }

    /**
     * Hands every value whose range shares an address with {@code [first, last]} to {@code found}, by address;
     * {@code found} must not change this structure.
     */
    void overlapping(long first, long last, IntConsumer found) {
        scan(first, last, found, false);
    }

    /**
     * Removes every range that shares an address with {@code [first, last]} and hands its value to
     * {@code removed}, by address; {@code removed} must not change this structure.
     */
    void removeOverlapping(long first, long last, IntConsumer removed) {
        scan(first, last, removed, true);
        compactIfSparse();
    }

    private void scan(long first, long last, IntConsumer found, boolean remove) {
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        int from = liveAtOrBefore(floorSlot(first));
        // Only the range starting at or before first can end before it; the later ones start inside [first, last].
        if (from >= 0 && Long.compareUnsigned(lastOf(from), first) < 0) {
            from++;
        }
        long lastKey = key(last);
        for (int i = Math.max(0, from); i < slots && firsts[i] <= lastKey; i++) {
            int value = values[i];
            if (value != HOLE) {
                if (remove) {
                    values[i] = HOLE;
                    live--;
                    lastHole = i;
                }
                found.accept(value);
            }
        }
    }

    /** Stores {@code value} over {@code [first, last]}, which must be valid and overlap nothing stored. */
    void put(long first, long last, int value) {
        putAfter(floorAt(first), first, last, value);
    }

    /** {@link #floorSlot}, answered without a search when {@code first} is where the last removal left its hole. */
    private int floorAt(long first) {
        int h = lastHole;
        if (h >= 0 && h < slots && values[h] == HOLE && firsts[h] == key(first)
                && (h + 1 == slots || firsts[h + 1] > key(first))) {
            return h;
        }
        return floorSlot(first);
    }

    /**
     * Stores {@code value} over {@code [first, last]}; a stored range that starts where it does must be the same
     * range and is given the new value. Answers the value replaced, or -1 when the range was new.
     */
    int putOrReplace(long first, long last, int value) {
        int floor = floorAt(first);
        if (floor >= 0 && values[floor] != HOLE && firsts[floor] == key(first)) {
            if (lastOf(floor) != last) {
                throw new IllegalStateException("range [" + Long.toHexString(first) + ", " + Long.toHexString(last)
                        + "] differs from the one stored at its start");
            }
            int old = values[floor];
            values[floor] = value;
            return old;
        }
        putAfter(floor, first, last, value);
        return HOLE;
    }

    private void putAfter(int floor, long first, long last, int value) {
        if (Long.compareUnsigned(first, last) > 0 || value < 0) {
            throw new IllegalStateException("range [" + Long.toHexString(first) + ", " + Long.toHexString(last)
                    + "] or value " + value + " invalid");
        }
        // Only the live neighbours can overlap: the last one before the insertion point and the first one after.
        int before = liveAtOrBefore(floor);
        int after = floor + 1;
        while (after < slots && values[after] == HOLE) {
            after++;
        }
        if ((before >= 0 && Long.compareUnsigned(lastOf(before), first) >= 0)
                || (after < slots && firsts[after] <= key(last))) {
            throw new IllegalStateException("range [" + Long.toHexString(first) + ", " + Long.toHexString(last)
                    + "] taken");
        }
        int at = floor + 1;
        if (at > 0 && values[at - 1] == HOLE) {
            set(at - 1, first, value);
        } else if (at < slots && values[at] == HOLE) {
            set(at, first, value);
        } else {
            if (slots == firsts.length) {
                makeRoom();
                at = floorSlot(first) + 1;
            }
            System.arraycopy(firsts, at, firsts, at + 1, slots - at);
            System.arraycopy(values, at, values, at + 1, slots - at);
            slots++;
            set(at, first, value);
            rebuildCoarse(at);
            lastHole = -1;
        }
        live++;
    }

    private void set(int slot, long first, int value) {
        firsts[slot] = key(first);
        values[slot] = value;
        SortedStarts.started(coarse, firsts, slot);
    }

    private void rebuildCoarse(int from) {
        coarse = SortedStarts.rebuildCoarse(coarse, firsts, slots, from);
    }

    private void makeRoom() {
        if (slots - live >= slots / 4 && slots > live) {
            compact();
            return;
        }
        int capacity = firsts.length * 2;
        firsts = Arrays.copyOf(firsts, capacity);
        values = Arrays.copyOf(values, capacity);
    }

    private void compact() {
        int to = 0;
        for (int i = 0; i < slots; i++) {
            if (values[i] != HOLE) {
                firsts[to] = firsts[i];
                values[to] = values[i];
                to++;
            }
        }
        slots = to;
        rebuildCoarse(0);
        lastHole = -1;
    }

    /** Removes the range that starts at {@code first}; answers its value or -1. */
    int remove(long first) {
        int i = liveAtOrBefore(floorSlot(first));
        if (i < 0 || firsts[i] != key(first)) {
            return HOLE;
        }
        int removed = values[i];
        values[i] = HOLE;
        live--;
        lastHole = i;
        compactIfSparse();
        return removed;
    }

    private void compactIfSparse() {
        if (slots - live > Math.max(16, live)) {
            compact();
        }
    }

    /** The values by address. */
    int[] values() {
        int[] all = new int[live];
        int n = 0;
        for (int i = 0; i < slots; i++) {
            if (values[i] != HOLE) {
                all[n++] = values[i];
            }
        }
        return all;
    }

    /** The value with the lowest start address, or -1 when empty. */
    int first() {
        for (int i = 0; i < slots; i++) {
            if (values[i] != HOLE) {
                return values[i];
            }
        }
        return HOLE;
    }

    int size() {
        return live;
    }
}
