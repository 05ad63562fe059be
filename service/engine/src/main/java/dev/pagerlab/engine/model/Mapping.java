package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;

/**
 * A flexpage mapping: {@code 2^sizeLog2} bytes of physical memory at {@code phys} shown at {@code virt}.
 *
 * <p>Both addresses are aligned to the mapping size.
 */
public record Mapping(Addr virt, Addr phys, Log2 sizeLog2, Rights rights, boolean ioMem, Cache cache) {

    /** {@code virt} and {@code phys} must be aligned to {@code 2^sizeLog2}. */
    public Mapping {
        if (!virt.alignedTo(sizeLog2) || !phys.alignedTo(sizeLog2)) {
            throw new IllegalArgumentException("mapping not aligned to its size");
        }
    }

    /** The mapping's size in bytes. */
    public Size size() {
        return sizeLog2.size();
    }

    /** The virtual addresses the mapping covers. */
    public AddrRange virtRange() {
        return AddrRange.of(virt, size());
    }

    /** The physical addresses the mapping covers. */
    public AddrRange physRange() {
        return AddrRange.of(phys, size());
    }
}
