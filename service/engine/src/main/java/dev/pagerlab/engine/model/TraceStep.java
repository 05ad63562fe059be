package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import org.jspecify.annotations.Nullable;

/** One step of the explanation of a fault: the teaching view of the pager's algorithm. */
public sealed interface TraceStep {

    /** What happened in this step, in a sentence. */
    String note();

    /**
     * The lookup at one nesting level: the fault address in this region map's coordinates, the region found there
     * (null when none), and the bounds and rights left afterwards, in the coordinates of the next level.
     */
    record Level(int level, RegionMapId regionMap, Addr hotspot, AddrRange boundsBefore,
                 @Nullable RegionView region, AddrRange boundsAfter, Rights rightsAfter, String note)
            implements TraceStep {
    }

    /**
     * The leaf: the physical address of the fault, the largest source block, the common size of source and
     * destination, and what the platform allows of it.
     */
    record Leaf(DataspaceId dataspace, Addr src, AddrRange srcBounds, Log2 sourceBlock, Log2 commonSize,
                Log2 platformSize, String platformRule, Mapping mapping, String note) implements TraceStep {
    }

    /** The end of a fault that did not resolve: why, and what became of the thread. */
    record Verdict(String outcome, String note) implements TraceStep {
    }
}
