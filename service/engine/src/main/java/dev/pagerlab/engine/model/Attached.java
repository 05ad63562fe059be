package dev.pagerlab.engine.model;

import java.util.List;

/** A successful attach: the new region and, per woken faulter in FIFO order, the outcome of its retried fault. */
public record Attached(RegionMapId regionMap, RegionView region, List<FaultReport> resumed) {

    /** The list is copied. */
    public Attached {
        resumed = List.copyOf(resumed);
    }
}
