package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a thread's accesses through a TLB, once per pager, each on its own copy of the lab: the lab itself is
 * unchanged, so a student can try a trace without spoiling the lab.
 *
 * <p>Each access looks up the TLB; a miss walks the address space's installed mappings and loads the one found; an
 * access that no installed mapping covers with its rights goes to the pager, whose mapping is installed and loaded.
 * A fault that does not resolve (reflected to a fault handler, or the thread stops) ends that run there.
 */
public final class TraceRuns {

    private TraceRuns() {
    }

    /** {@link #run(Lab, ThreadId, AccessTrace, TlbConfig, List)} for a list of accesses. */
    public static Result<TraceRunReport> run(Lab lab, ThreadId thread, List<MemoryAccess> accesses, TlbConfig tlb,
                                             List<PagerPolicy> pagers) {
        if (accesses.size() > AccessTrace.MAX_ACCESSES) {
            return Result.refused(Code.VALIDATION_FAILED, accesses.size() + " accesses: a trace run replays at most "
                    + AccessTrace.MAX_ACCESSES);
        }
        return run(lab, thread, AccessTrace.of(accesses), tlb, pagers);
    }

    /**
     * Replays {@code trace} as thread {@code thread} of {@code lab} once per pager in {@code pagers} (each at most
     * once, in that order) through a TLB configured as {@code tlb}. Refused when the thread does not exist
     * ({@code NOT_FOUND}) or is not running ({@code THREAD_NOT_RUNNING}), and when an address does not fit the
     * platform ({@code VALIDATION_FAILED}); the lab is never changed.
     */
    public static Result<TraceRunReport> run(Lab lab, ThreadId thread, AccessTrace trace, TlbConfig tlb,
                                             List<PagerPolicy> pagers) {
        if (pagers.isEmpty()) {
            return Result.refused(Code.VALIDATION_FAILED, "name at least one pager: BEST, SINGLE_PAGE");
        }
        Set<PagerPolicy> distinct = EnumSet.noneOf(PagerPolicy.class);
        for (PagerPolicy p : pagers) {
            if (!distinct.add(p)) {
                return Result.refused(Code.VALIDATION_FAILED, "pager " + p + " is named twice");
            }
        }
        PlatformProfile platform = lab.platform();
        for (int i = 0; i < trace.size(); i++) {
            if (!Addr.of(trace.addr(i)).fitsBits(platform.addressBits())) {
                return Result.refused(Code.VALIDATION_FAILED, "access " + i + " (" + trace.get(i) + ") does not fit"
                        + " the " + platform.addressBits() + "-bit addresses of " + platform.name());
            }
        }
        // One consistent snapshot; every copy is built from it, so all pagers start from the same lab.
        List<Operation> history = lab.history();
        LabConfig config = new LabConfig(platform, lab.summary().physicalMemory(), lab.quotas());
        List<PagerRun> runs = new ArrayList<>();
        for (PagerPolicy pager : pagers) {
            Replay replay = new Replay(tlb);
            Lab copy = copyOf(new LabConfig(pager.profile(platform), config.physicalMemory(), config.quotas()),
                    history, replay);
            Optional<ThreadView> view = copy.thread(thread);
            if (view.isEmpty()) {
                return Result.refused(Code.NOT_FOUND, "no thread " + thread);
            }
            if (view.get().state() != ThreadState.RUNNING) {
                return Result.refused(Code.THREAD_NOT_RUNNING, thread + " is " + view.get().state()
                        + ": only a running thread accesses memory");
            }
            runs.add(replay.run(copy, view.get().addressSpace(), thread, pager, trace));
        }
        return Result.ok(new TraceRunReport(runs, TraceRunReport.Ratios.of(runs)));
    }

    /** A fresh lab of {@code config} that has accepted {@code history}: the same lab, possibly on another platform. */
    private static Lab copyOf(LabConfig config, List<Operation> history, LabEventListener listener) {
        Lab copy = Lab.create(config, listener).orThrow();
        for (Operation op : history) {
            // Acceptance never depends on mapping sizes, so a history the lab accepted replays on every pager's copy.
            if (copy.apply(op) instanceof Result.Refused<?>(var failure)) {
                throw new IllegalStateException("replaying the lab's history diverged at " + op + ": " + failure);
            }
        }
        return copy;
    }

    /**
     * One pager's run. Listens to its copy so that it keeps its own index of the address space's installed mappings
     * (the page walk of a miss is a few hash probes, not a call into the lab) and so that every mapping the page table
     * loses leaves the TLB too.
     */
    private static final class Replay implements LabEventListener {
        private final Tlb tlb;
        private final SizedIndex<Mapping> pageTable = new SizedIndex<>();
        private @Nullable RegionMapId addressSpace;

        Replay(TlbConfig config) {
            this.tlb = new Tlb(config);
        }

        @Override
        public void on(LabEvent event) {
            if (addressSpace == null) {
                return; // still replaying the history; the page table is read once the copy is built
            }
            switch (event) {
                case LabEvent.MappingInstalled(RegionMapId as, ThreadId t, Mapping m) when as.equals(addressSpace) ->
                        pageTable.put(m.virt().value(), m.sizeLog2().value(), m);
                case LabEvent.MappingFlushed(RegionMapId as, Mapping m) when as.equals(addressSpace) -> {
                    pageTable.remove(m.virt().value(), m.sizeLog2().value());
                    tlb.invalidate(m);
                }
                default -> {
                }
            }
        }

        PagerRun run(Lab copy, RegionMapId as, ThreadId thread, PagerPolicy pager, AccessTrace trace) {
            for (Mapping m : copy.mappings(as).orThrow()) {
                pageTable.put(m.virt().value(), m.sizeLog2().value(), m);
            }
            addressSpace = as;
            long misses = 0;
            long faults = 0;
            long installed = 0;
            long[] bySize = new long[64];
            PagerRun.Stop stop = null;
            int replayed = 0;
            for (int i = 0; i < trace.size() && stop == null; i++, replayed++) {
                long addr = trace.addr(i);
                Access type = trace.type(i);
                Mapping m = tlb.lookup(addr);
                if (m == null) {
                    misses++;
                    m = pageTable.find(addr);
                    if (m != null) {
                        tlb.load(m);
                    }
                }
                if (m != null && m.rights().allow(type)) {
                    continue;
                }
                // Not mapped, or mapped without the right: the MMU raises a page fault for the pager.
                faults++;
                FaultReport report = copy.fault(thread, Addr.of(addr), type, Explain.NO_TRACE).orThrow();
                if (report.resolution() instanceof FaultResolution.Resolved(Mapping mapping)) {
                    installed++;
                    bySize[mapping.sizeLog2().value()]++;
                    tlb.load(mapping);
                } else {
                    stop = new PagerRun.Stop(i, trace.get(i), report.resolution());
                }
            }
            TreeMap<Integer, Long> sizes = new TreeMap<>();
            for (int log2 = 0; log2 < bySize.length; log2++) {
                if (bySize[log2] > 0) {
                    sizes.put(log2, bySize[log2]);
                }
            }
            return new PagerRun(pager, replayed, misses, faults, installed, sizes, Optional.ofNullable(stop));
        }
    }
}
