package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.FaulterView;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A region map (RM session): a layout over {@code [0, size-1]} of regions, with a fault handler, a FIFO queue of
 * faulters, its managed dataspace, and, when threads run in it, their shared installed mappings (the page table).
 */
final class RegionMap {

    final RegionMapId id;
    final String label;
    final Size size;
    /** Set once right after construction: the dataspace and its region map refer to each other. */
    @SuppressWarnings("NotNullFieldNotInitialized")
    Dataspace dataspace;
    final OccupiedRanges<Region> regions = new OccupiedRanges<>();
    /** The installed mappings (the page table), as slots of the lab's {@link MappingTable}. */
    final SlotRanges mappings;
    final ArrayDeque<PagedThread> faulters = new ArrayDeque<>();
    final List<PagedThread> threads = new ArrayList<>();
    @Nullable FaultHandler handler;

    RegionMap(RegionMapId id, String label, Size size, MappingTable installed) {
        this.id = id;
        this.label = label;
        this.size = size;
        this.mappings = new SlotRanges((first, slot) -> first | ((1L << installed.log2(slot)) - 1));
    }

    AddrRange range() {
        return AddrRange.of(Addr.ZERO, size);
    }

    RegionMapView view() {
        return new RegionMapView(id, label, size, dataspace.id, regions.values().stream().map(Region::view).toList(),
                handler == null ? null : handler.id,
                faulters.stream().map(t -> new FaulterView(t.id, java.util.Objects.requireNonNull(t.waitingFault)))
                        .toList(),
                threads.stream().map(t -> t.id).toList(), mappings.size());
    }
}
