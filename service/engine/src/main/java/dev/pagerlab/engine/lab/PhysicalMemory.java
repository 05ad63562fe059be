package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The simulated machine's physical address space: hands out naturally aligned RAM ranges, lowest address first, and
 * takes them back for reuse (docs/concepts.md, "Dataspaces"); also keeps the I/O-memory ranges, which are exclusive and which
 * RAM allocation skips.
 */
final class PhysicalMemory {

    private final AddrRange range;
    private final Log2 pageSize;
    private final OccupiedRanges<Size> allocated = new OccupiedRanges<>();
    private long inUse;

    PhysicalMemory(AddrRange range, Log2 pageSize) {
        this.range = range;
        this.pageSize = pageSize;
    }

    AddrRange range() {
        return range;
    }

    Size inUse() {
        return Size.of(inUse);
    }

    /**
     * Places {@code size} bytes (page-aligned) at the lowest address aligned to {@code 2^log2(size)}, weakening the
     * alignment down to the page size until it fits; empty when no gap is large enough.
     */
    Optional<Addr> allocate(Size size) {
        for (int align = size.log2Floor().value(); align >= pageSize.value(); align--) {
            OptionalLong base = allocated.lowestFit(range, size, Log2.of(align));
            if (base.isPresent()) {
                allocated.put(AddrRange.of(Addr.of(base.getAsLong()), size), size);
                inUse += size.value();
                return Optional.of(Addr.of(base.getAsLong()));
            }
        }
        return Optional.empty();
    }

    /** Returns the RAM range allocated at {@code base} to the free pool. */
    void free(Addr base) {
        Size size = allocated.remove(base.value());
        if (size != null) {
            inUse -= size.value();
        }
    }

    /**
     * Claims {@code range} for I/O memory, inside or outside the RAM range; false when it overlaps live RAM or I/O
     * memory (Genode's I/O-memory allocator hands a range out once). Claimed ranges do not count as RAM in use.
     */
    boolean claimIo(AddrRange range) {
        if (allocated.overlapsAny(range)) {
            return false;
        }
        allocated.put(range, Size.ZERO);
        return true;
    }

    /** Releases the I/O-memory range claimed at {@code base}. */
    void releaseIo(Addr base) {
        allocated.remove(base.value());
    }
}
