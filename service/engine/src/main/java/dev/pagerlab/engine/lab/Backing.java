package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;

/** What stands behind a dataspace's bytes; a managed dataspace is a distinct case, not a flag. */
sealed interface Backing {

    /** Simulated RAM from the lab's physical memory, at {@code base}. */
    record Ram(Addr base) implements Backing {
    }

    /** A caller-given physical range (device memory) at {@code base}; takes nothing from the RAM pool. */
    record IoMem(Addr base) implements Backing {
    }

    /** The layout of region map {@code regionMap}. */
    record Managed(RegionMap regionMap) implements Backing {
    }
}
