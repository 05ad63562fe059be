package dev.pagerlab.engine.model;

import java.util.List;

/**
 * A fault handler (signal context): the region maps it serves, the signals submitted so far, and how many of them
 * wait undelivered (Genode counts them rather than dropping any).
 */
public record HandlerView(HandlerId id, String label, List<RegionMapId> regionMaps, long submitted,
                          long undelivered) {

    /** The list is copied. */
    public HandlerView {
        regionMaps = List.copyOf(regionMaps);
    }
}
