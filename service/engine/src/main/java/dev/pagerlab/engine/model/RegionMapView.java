package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Optional;

/**
 * A region map as seen from outside: its regions by address, its managed dataspace, its fault handler, its
 * faulter queue in FIFO order (the first one is its {@code state}), the threads whose address space it is, and the
 * number of installed mappings.
 */
public record RegionMapView(RegionMapId id, String label, Size size, DataspaceId dataspace,
                            List<RegionView> regions, @Nullable HandlerId faultHandler, List<FaulterView> faulters,
                            List<ThreadId> threads, int installedMappings) {

    /** Lists are copied. */
    public RegionMapView {
        regions = List.copyOf(regions);
        faulters = List.copyOf(faulters);
        threads = List.copyOf(threads);
    }

    /** Genode's {@code fault()}: the fault of the first faulter, or empty for READY. */
    public Optional<Fault> state() {
        return faulters.isEmpty() ? Optional.empty() : Optional.of(faulters.getFirst().fault());
    }
}
