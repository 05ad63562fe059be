package dev.pagerlab.engine.addr;

import org.jspecify.annotations.Nullable;

/**
 * A naturally aligned block of {@code 2^size} bytes at {@code base}: a flexpage.
 *
 * <p>Mirrors Genode's {@code Log2_range}: a fault starts as the largest block the address space allows and is
 * {@linkplain #constrained constrained} step by step, each step answering a new value.
 */
public record Log2Range(Addr base, Log2 size) {

    /** {@code base} must be aligned to {@code 2^size}. */
    public Log2Range {
        if (!base.alignedTo(size)) {
            throw new IllegalArgumentException(base + " is not aligned to 2^" + size);
        }
    }

    /** The block of {@code 2^size} bytes that contains {@code hotspot}. */
    public static Log2Range around(Addr hotspot, Log2 size) {
        return new Log2Range(hotspot.alignedDown(size), size);
    }

    /** The covered addresses. */
    public AddrRange range() {
        return new AddrRange(base.value(), base.value() | size.lowMask());
    }

    /**
     * The largest block around {@code hotspot} with at least {@code 2^floor} bytes that lies inside {@code bounds},
     * or null when not even the {@code 2^floor} block fits.
     */
    public static @Nullable Log2Range largestWithin(Addr hotspot, AddrRange bounds, Log2 floor) {
        int size = largestLog2Within(hotspot.value(), bounds, floor.value());
        return size < 0 ? null : around(hotspot, Log2.of(size));
    }

    /**
     * The log2 size of {@link #largestWithin}, or -1: the same search on plain values, so that the fault path
     * allocates nothing here.
     */
    public static int largestLog2Within(long hotspot, AddrRange bounds, int floor) {
        return bounds.valid() ? largestLog2Within(hotspot, bounds.first(), bounds.last(), floor) : -1;
    }

    /** {@link #largestLog2Within(long, AddrRange, int)} for the valid range {@code [first, last]}. */
    public static int largestLog2Within(long hotspot, long first, long last, int floor) {
        int found = -1;
        // Blocks around one address nest, so the first size that no longer fits ends the search.
        for (int k = floor; k <= Log2.MAX; k++) {
            long low = (1L << k) - 1;
            if (Long.compareUnsigned(hotspot & ~low, first) < 0 || Long.compareUnsigned(hotspot | low, last) > 0) {
                break;
            }
            found = k;
        }
        return found;
    }

    /** This block shrunk to {@code 2^smaller} bytes around {@code hotspot}, which must lie inside it. */
    public Log2Range constrained(Addr hotspot, Log2 smaller) {
        if (!range().contains(hotspot)) {
            throw new IllegalArgumentException(hotspot + " outside " + this);
        }
        return around(hotspot, smaller.min(size));
    }

    /**
     * The largest {@code n <= limit} such that {@code a} and {@code b} agree in every bit below {@code n}: the
     * largest block size at which the two can be mapped onto each other (Genode's {@code common_log2}).
     */
    public static Log2 commonLog2(Addr a, Addr b, Log2 limit) {
        int agree = Long.numberOfTrailingZeros(a.value() ^ b.value());
        return Log2.of(Math.min(agree, limit.value()));
    }

    @Override
    public String toString() {
        return range() + " (2^" + size + ")";
    }
}
