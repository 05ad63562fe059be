package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.model.FaultResolution;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one pager made of a trace.
 *
 * @param pager             the pager policy
 * @param accesses          accesses replayed: the whole trace, or up to and including the one that stopped the run
 * @param tlbMisses         accesses the TLB did not cover (each walked the page table; those not found there faulted)
 * @param faults            accesses that went to the pager: nothing installed covered them, or not with their rights
 * @param mappingsInstalled mappings the pager installed
 * @param mappingSizes      mappings installed per size log2, ascending
 * @param stoppedAt         the access whose fault did not resolve, when one did not: the run ends there
 */
public record PagerRun(PagerPolicy pager, int accesses, long tlbMisses, long faults, long mappingsInstalled,
                       SortedMap<Integer, Long> mappingSizes, Optional<Stop> stoppedAt) {

    /** The size histogram is copied. */
    public PagerRun {
        mappingSizes = Collections.unmodifiableSortedMap(new TreeMap<>(mappingSizes));
    }

    /**
     * The access that ended a run: its index in the trace (from 0), the access, and how the pager answered it
     * (reflected to a fault handler, or the thread stopped).
     */
    public record Stop(int index, MemoryAccess access, FaultResolution resolution) {
    }
}
