package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.Mapping;
import org.jspecify.annotations.Nullable;

/**
 * A mapping installed in an address space, as the lab keeps it: what it maps, where, whether it is gone, and its
 * links in the lab's index by physical address.
 */
final class Installed {

    final Mapping mapping;
    final RegionMap addressSpace;
    private boolean flushed;
    /** Neighbours among the installed mappings of the same size and physical address (see {@link PhysicalIndex}). */
    @Nullable Installed physPrev;
    @Nullable Installed physNext;

    Installed(Mapping mapping, RegionMap addressSpace) {
        this.mapping = mapping;
        this.addressSpace = addressSpace;
    }

    boolean flushed() {
        return flushed;
    }

    void markFlushed() {
        flushed = true;
    }
}
