package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Rights;

/** Dataspace bytes {@code [offset, offset+size-1]} shown at {@code [at, at+size-1]} of a region map. */
record Region(Addr at, Size size, Dataspace dataspace, Size offset, Rights rights) {

    AddrRange range() {
        return AddrRange.of(at, size);
    }

    /** The dataspace bytes this region shows. */
    AddrRange window() {
        return AddrRange.of(Addr.of(offset.value()), size);
    }

    RegionView view() {
        return new RegionView(at, size, dataspace.id, offset, rights);
    }
}
