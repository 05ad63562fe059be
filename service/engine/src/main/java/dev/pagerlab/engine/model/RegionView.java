package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

/**
 * A region of a region map: dataspace bytes {@code [offset, offset+size-1]} shown at {@code [at, at+size-1]}; or, when
 * {@code reserved}, the range a destroyed dataspace left behind (no dataspace, until it is detached).
 */
public record RegionView(Addr at, Size size, @Nullable DataspaceId dataspace, Size offset, Rights rights,
                         boolean reserved) {

    /** A region that shows {@code dataspace}. */
    public RegionView(Addr at, Size size, DataspaceId dataspace, Size offset, Rights rights) {
        this(at, size, dataspace, offset, rights, false);
    }

    /** The addresses the region covers in its region map. */
    public AddrRange range() {
        return AddrRange.of(at, size);
    }
}
