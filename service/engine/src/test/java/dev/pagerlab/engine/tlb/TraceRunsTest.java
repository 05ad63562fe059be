package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Trace runs on worked layouts: the factor superpages buy, its collapse, and how runs end. */
class TraceRunsTest {

    private static final long MIB16 = 0x100_0000;
    private static final List<PagerPolicy> BOTH = List.of(PagerPolicy.BEST, PagerPolicy.SINGLE_PAGE);

    private Lab lab = Lab.create(LabConfig.of(PlatformProfile.builtIn("microblaze").orElseThrow()), event -> { })
            .orThrow();

    private DataspaceId ram(long size) {
        return lab.allocateRam(DataspaceRequest.of(Size.of(size))).orThrow().id();
    }

    private RegionMapId addressSpace() {
        return lab.createRegionMap(Size.of(0x4000_0000), "AS").orThrow().id();
    }

    private ThreadId thread(RegionMapId as) {
        return lab.createThread(as, "main").orThrow().id();
    }

    private TraceRunReport run(ThreadId t, TracePattern pattern) {
        return TraceRuns.run(lab, t, pattern.trace().orThrow(), TlbConfig.DEFAULT, BOTH).orThrow();
    }

    private static TracePattern scan(long base, long size) {
        return new TracePattern.Sequential(Addr.of(base), Size.of(size), Size.of(64), 1, Access.READ);
    }

    @Test
    void onMicroBlazeASequentialScanOfAnAlignedSixteenMegabyteDataspaceNeedsOneMappingInsteadOf4096() {
        ram(0x1000);                                    // phys 0x0, so the big one is not at 0
        DataspaceId big = ram(MIB16);                   // phys 0x100_0000: 16 MiB-aligned
        RegionMapId as = addressSpace();
        assertThat(lab.attach(as, AttachRequest.of(big)).orThrow().region().at()).isEqualTo(Addr.ZERO);
        ThreadId t = thread(as);
        List<Operation> before = lab.history();

        TraceRunReport report = run(t, scan(0x0, MIB16));

        assertThat(report.runs()).containsExactly(
                new PagerRun(PagerPolicy.BEST, 262_144, 1, 1, 1, new java.util.TreeMap<>(Map.of(24, 1L)),
                        java.util.Optional.empty()),
                new PagerRun(PagerPolicy.SINGLE_PAGE, 262_144, 4096, 4096, 4096,
                        new java.util.TreeMap<>(Map.of(12, 4096L)), java.util.Optional.empty()));
        assertThat(report.ratios().tlbMisses().getAsDouble()).isEqualTo(4096.0);
        assertThat(report.ratios().faults().getAsDouble()).isEqualTo(4096.0);
        // The lab itself did not see the trace.
        assertThat(lab.history()).isEqualTo(before);
        assertThat(lab.mappings(as).orThrow()).isEmpty();
    }

    @Test
    void anOffsetThatBreaksAlignmentCollapsesTheFactorToOne() {
        ram(0x1000);
        DataspaceId big = ram(MIB16);
        RegionMapId as = addressSpace();
        var region = lab.attach(as, AttachRequest.of(big).window(Size.of(0x1000), Size.of(MIB16 - 0x1000)))
                .orThrow().region();
        ThreadId t = thread(as);
        // Virtual and physical addresses now differ by 0x1000 modulo every larger size: only 4 KiB pages fit.
        TraceRunReport report = run(t, scan(region.at().value(), MIB16 - 0x1000));

        for (PagerRun r : report.runs()) {
            assertThat(r.accesses()).isEqualTo(262_080);
            assertThat(r.tlbMisses()).isEqualTo(4095);
            assertThat(r.faults()).isEqualTo(4095);
            assertThat(r.mappingSizes()).containsExactly(Map.entry(12, 4095L));
        }
        assertThat(report.ratios().tlbMisses().getAsDouble()).isEqualTo(1.0);
        assertThat(report.ratios().faults().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void anOffsetOfOneMegabyteKeepsMegabytePagesAndACongruentAddressWinsBackLargerOnes() {
        ram(0x1000);
        DataspaceId big = ram(MIB16);                   // phys 0x100_0000
        RegionMapId as = addressSpace();
        AttachRequest window = AttachRequest.of(big).window(Size.of(0x10_0000), Size.of(MIB16 - 0x10_0000));
        // Attach picks the lowest 1 MiB-aligned address, 0x0: virtual and physical agree in the low 20 bits only.
        var lowest = lab.attach(as, window).orThrow().region();
        assertThat(lowest.at()).isEqualTo(Addr.ZERO);
        // At 0x2010_0000 the region's addresses equal the physical ones (from 0x110_0000) modulo 16 MiB: 1 MiB
        // pages up to the next 4 MiB boundary, then 4 MiB pages (MicroBlaze has no 2 MiB or 8 MiB page).
        var congruent = lab.attach(as, window.at(Addr.of(0x2010_0000L))).orThrow().region();
        ThreadId t = thread(as);

        PagerRun atLowest = run(t, scan(lowest.at().value(), lowest.size().value())).run(PagerPolicy.BEST)
                .orElseThrow();
        PagerRun atCongruent = run(t, scan(congruent.at().value(), congruent.size().value()))
                .run(PagerPolicy.BEST).orElseThrow();

        assertThat(atLowest.mappingSizes()).containsExactly(Map.entry(20, 15L));
        assertThat(atCongruent.mappingSizes()).containsExactly(Map.entry(20, 3L), Map.entry(22, 3L));
    }

    @Test
    void aPageWalkFindsWhatTheLabAlreadyMappedSoOnlyTheTlbMisses() {
        DataspaceId big = ram(MIB16);
        RegionMapId as = addressSpace();
        lab.attach(as, AttachRequest.of(big)).orThrow();
        ThreadId t = thread(as);
        lab.fault(t, Addr.of(0x1234), Access.READ, Explain.NO_TRACE).orThrow();

        TraceRunReport report = run(t, scan(0x0, 0x10_0000));

        PagerRun best = report.run(PagerPolicy.BEST).orElseThrow();
        assertThat(best.faults()).isZero();
        assertThat(best.tlbMisses()).isEqualTo(1);
        // The single-page copy replayed the lab's one fault as a single page: 255 pages are left to fault.
        PagerRun single = report.run(PagerPolicy.SINGLE_PAGE).orElseThrow();
        assertThat(single.faults()).isEqualTo(255);
        assertThat(single.tlbMisses()).isEqualTo(256);
        assertThat(report.ratios().faults()).isEmpty();
        assertThat(report.ratios().tlbMisses().getAsDouble()).isEqualTo(256.0);
    }

    @Test
    void aFaultThatDoesNotResolveEndsTheRunThereAndTheLabsThreadKeepsRunning() {
        DataspaceId small = ram(0x4000);
        RegionMapId as = addressSpace();
        lab.attach(as, AttachRequest.of(small).at(Addr.ZERO)).orThrow();
        ThreadId t = thread(as);

        TraceRunReport report = run(t, scan(0x0, 0x8000)); // runs off the region's end at 0x4000

        for (PagerRun r : report.runs()) {
            PagerRun.Stop stop = r.stoppedAt().orElseThrow();
            assertThat(stop.index()).isEqualTo(0x4000 / 64);
            assertThat(stop.access()).isEqualTo(new MemoryAccess(Access.READ, Addr.of(0x4000)));
            assertThat(stop.resolution()).isInstanceOf(FaultResolution.NoRegion.class);
            assertThat(r.accesses()).isEqualTo(0x4000 / 64 + 1);
        }
        assertThat(report.run(PagerPolicy.BEST).orElseThrow().faults()).isEqualTo(2);
        assertThat(lab.thread(t).orElseThrow().state()).isEqualTo(dev.pagerlab.engine.model.ThreadState.RUNNING);

        // With a fault handler the fault is reflected instead, which ends the run just the same.
        lab.setFaultHandler(as, lab.createFaultHandler("pager").orThrow().id()).orThrow();
        PagerRun reflected = run(t, scan(0x0, 0x8000)).run(PagerPolicy.BEST).orElseThrow();
        assertThat(reflected.stoppedAt().orElseThrow().resolution()).isInstanceOf(FaultResolution.Reflected.class);
    }

    @Test
    void aWriteThroughAReadOnlyEntryFaultsAlthoughTheTlbHits() {
        DataspaceId ds = ram(0x1000);
        RegionMapId as = addressSpace();
        lab.attach(as, AttachRequest.of(ds).rights(Rights.READ_ONLY)).orThrow();
        ThreadId t = thread(as);
        var trace = List.of(new MemoryAccess(Access.READ, Addr.of(0x10)), new MemoryAccess(Access.WRITE, Addr.of(0x20)));

        PagerRun r = TraceRuns.run(lab, t, trace, TlbConfig.DEFAULT, List.of(PagerPolicy.BEST)).orThrow().runs()
                .getFirst();

        assertThat(r.tlbMisses()).isEqualTo(1);
        assertThat(r.faults()).isEqualTo(2);
        assertThat(r.stoppedAt().orElseThrow().resolution()).isInstanceOf(FaultResolution.WriteViolation.class);
    }

    @Test
    void aMappingThePageTableEvictsLeavesTheTlbToo() {
        lab = Lab.create(new LabConfig(PlatformProfile.builtIn("microblaze").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(16, 16, 16, 16, 16, 1)), event -> { }).orThrow();
        DataspaceId ds = ram(0x2000);
        RegionMapId as = addressSpace();
        lab.attach(as, AttachRequest.of(ds).at(Addr.ZERO)).orThrow();
        lab.attach(as, AttachRequest.of(ds).at(Addr.of(0x10_0000))).orThrow();
        ThreadId t = thread(as);
        // A page table of one mapping: each access to the other region replaces the mapping the TLB still holds.
        var trace = List.of(new MemoryAccess(Access.READ, Addr.of(0x0)), new MemoryAccess(Access.READ,
                Addr.of(0x10_0000)), new MemoryAccess(Access.READ, Addr.of(0x0)), new MemoryAccess(Access.READ,
                Addr.of(0x10_0000)));

        PagerRun r = TraceRuns.run(lab, t, trace, TlbConfig.DEFAULT, List.of(PagerPolicy.BEST)).orThrow()
                .runs().getFirst();

        assertThat(r.faults()).isEqualTo(4);
        assertThat(r.tlbMisses()).isEqualTo(4);
    }

    @Test
    void refusesWhatCannotBeReplayed() {
        DataspaceId ds = ram(0x1000);
        RegionMapId as = addressSpace();
        lab.attach(as, AttachRequest.of(ds)).orThrow();
        ThreadId t = thread(as);
        var one = List.of(new MemoryAccess(Access.READ, Addr.ZERO));

        assertThat(code(TraceRuns.run(lab, new ThreadId(9), one, TlbConfig.DEFAULT, BOTH))).isEqualTo(Code.NOT_FOUND);
        assertThat(code(TraceRuns.run(lab, t, one, TlbConfig.DEFAULT, List.of()))).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(code(TraceRuns.run(lab, t, one, TlbConfig.DEFAULT,
                List.of(PagerPolicy.BEST, PagerPolicy.BEST)))).isEqualTo(Code.VALIDATION_FAILED);
        Result<TraceRunReport> wide = TraceRuns.run(lab, t, List.of(new MemoryAccess(Access.READ, Addr.ZERO),
                new MemoryAccess(Access.READ, Addr.of(0x1_0000_0000L))), TlbConfig.DEFAULT, BOTH);
        assertThat(((Result.Refused<TraceRunReport>) wide).failure().detail())
                .isEqualTo("access 1 (READ 0x100000000) does not fit the 32-bit addresses of microblaze");

        lab.fault(t, Addr.of(0x10_0000), Access.READ, Explain.NO_TRACE).orThrow(); // no region: the thread stops
        assertThat(code(TraceRuns.run(lab, t, one, TlbConfig.DEFAULT, BOTH))).isEqualTo(Code.THREAD_NOT_RUNNING);
    }

    private static Code code(Result<?> result) {
        return ((Result.Refused<?>) result).failure().code();
    }
}
