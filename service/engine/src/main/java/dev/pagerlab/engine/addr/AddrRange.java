package dev.pagerlab.engine.addr;

import java.util.Optional;

/**
 * An inclusive range of addresses {@code [first, last]}, or the invalid range.
 *
 * <p>The last byte is inclusive so that a range ending at {@code 2^64 - 1} is representable. Like Genode's
 * {@code Addr_range}, every operation that would leave the 64-bit space answers the invalid range instead of a
 * wrapped one, and operations on the invalid range stay invalid, so a chain of coordinate changes needs one check
 * at its end.
 */
public record AddrRange(long first, long last) {

    /** The invalid (empty) range. */
    public static final AddrRange INVALID = new AddrRange(1, 0);

    /** The whole 64-bit space {@code [0, 2^64 - 1]}. */
    public static final AddrRange ALL = new AddrRange(0, -1L);

    /** {@code [first, last]}; invalid when {@code last < first}. */
    public AddrRange {
        if (Long.compareUnsigned(last, first) < 0) {
            first = 1;
            last = 0;
        }
    }

    /** {@code [base, base + size - 1]}; invalid when {@code size} is zero or the end passes 2^64 - 1. */
    public static AddrRange of(Addr base, Size size) {
        if (size.isZero()) {
            return INVALID;
        }
        long last = base.value() + (size.value() - 1);
        return Long.compareUnsigned(last, base.value()) < 0 ? INVALID : new AddrRange(base.value(), last);
    }

    /** {@code [first, last]}; invalid when {@code last < first}. */
    public static AddrRange between(Addr first, Addr last) {
        return new AddrRange(first.value(), last.value());
    }

    /** Whether this range is not the invalid range. */
    public boolean valid() {
        return Long.compareUnsigned(first, last) <= 0;
    }

    /** The first address; the range must be valid. */
    public Addr start() {
        return Addr.of(first);
    }

    /** The last (inclusive) address; the range must be valid. */
    public Addr end() {
        return Addr.of(last);
    }

    /** The byte count; empty for the invalid range and for {@link #ALL}, whose 2^64 bytes have no {@code Size}. */
    public Optional<Size> size() {
        if (!valid() || (first == 0 && last == -1L)) {
            return Optional.empty();
        }
        return Optional.of(Size.of(last - first + 1));
    }

    /** Whether {@code addr} lies inside. */
    public boolean contains(long addr) {
        return valid() && Long.compareUnsigned(addr, first) >= 0 && Long.compareUnsigned(addr, last) <= 0;
    }

    /** Whether {@code addr} lies inside. */
    public boolean contains(Addr addr) {
        return contains(addr.value());
    }

    /** Whether every address of {@code other} lies inside; false when either is invalid. */
    public boolean contains(AddrRange other) {
        return valid() && other.valid() && contains(other.first) && contains(other.last);
    }

    /** Whether the two ranges share an address. */
    public boolean overlaps(AddrRange other) {
        return intersected(other).valid();
    }

    /** The common part; invalid when there is none. */
    public AddrRange intersected(AddrRange other) {
        if (!valid() || !other.valid()) {
            return INVALID;
        }
        long lo = Long.compareUnsigned(first, other.first) >= 0 ? first : other.first;
        long hi = Long.compareUnsigned(last, other.last) <= 0 ? last : other.last;
        return new AddrRange(lo, hi);
    }

    /** Moved down by {@code delta}; invalid when the first address would fall below zero. */
    public AddrRange reducedBy(long delta) {
        if (!valid() || Long.compareUnsigned(first, delta) < 0) {
            return INVALID;
        }
        return new AddrRange(first - delta, last - delta);
    }

    /** Moved up by {@code delta}; invalid when the last address would pass 2^64 - 1. */
    public AddrRange increasedBy(long delta) {
        if (!valid() || Long.compareUnsigned(last + delta, last) < 0) {
            return INVALID;
        }
        return new AddrRange(first + delta, last + delta);
    }

    @Override
    public String toString() {
        return valid() ? "[" + Unsigned.hex(first) + ", " + Unsigned.hex(last) + "]" : "[invalid]";
    }
}
