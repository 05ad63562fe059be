package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;

/** A region of a region map: dataspace bytes {@code [offset, offset+size-1]} shown at {@code [at, at+size-1]}. */
public record RegionView(Addr at, Size size, DataspaceId dataspace, Size offset, Rights rights) {

    /** The addresses the region covers in its region map. */
    public AddrRange range() {
        return AddrRange.of(at, size);
    }
}
