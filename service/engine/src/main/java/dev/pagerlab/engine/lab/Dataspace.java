package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;

import java.util.LinkedHashMap;
import java.util.Map;

/** A memory object: {@code size} bytes with rights, a cache attribute and a backing; knows where it is attached. */
final class Dataspace {

    final DataspaceId id;
    final Size size;
    final boolean writable;
    final Cache cache;
    final Backing backing;
    /** The regions that show this dataspace, each with its region map, in attach order; O(1) to detach one. */
    final Map<Region, RegionMap> attachments = new LinkedHashMap<>();

    Dataspace(DataspaceId id, Size size, boolean writable, Cache cache, Backing backing) {
        this.id = id;
        this.size = size;
        this.writable = writable;
        this.cache = cache;
        this.backing = backing;
    }

    /** The physical address of byte 0; zero for a managed dataspace, as attach's alignment rule wants. */
    long physBase() {
        return switch (backing) {
            case Backing.Ram(Addr base) -> base.value();
            case Backing.IoMem(Addr base) -> base.value();
            case Backing.Managed m -> 0;
        };
    }

    DataspaceView view() {
        return switch (backing) {
            case Backing.Ram(Addr base) -> new DataspaceView(id, DataspaceKind.RAM, size, writable, cache, base, null,
                    attachments.size());
            case Backing.IoMem(Addr base) -> new DataspaceView(id, DataspaceKind.IO_MEM, size, writable, cache, base,
                    null, attachments.size());
            case Backing.Managed(RegionMap rm) -> new DataspaceView(id, DataspaceKind.MANAGED, size, writable, cache,
                    null, rm.id, attachments.size());
        };
    }
}
