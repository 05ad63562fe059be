package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
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
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Trace runs over many seeded random labs and traces; a failure names its seed. */
class TraceRunInvariantsTest {

    private static final List<PagerPolicy> BOTH = List.of(PagerPolicy.BEST, PagerPolicy.SINGLE_PAGE);

    /** A random lab with one thread, the top-level windows its trace aims at, and a trace. */
    private record Case(Lab lab, ThreadId thread, List<AddrRange> windows, AccessTrace trace, TlbConfig tlb) {
    }

    @Test
    void everyRunCountsWhatABruteForceReplayCounts() {
        SeededCases.check("trace run vs brute force", random -> {
            Case c = randomCase(random, random.nextInt(4) == 0);
            Result<TraceRunReport> result = TraceRuns.run(c.lab, c.thread, c.trace, c.tlb, BOTH);
            if (!(result instanceof Result.Ok<TraceRunReport>(TraceRunReport report))) {
                assertThat(c.lab.thread(c.thread).orElseThrow().state()).isNotEqualTo(ThreadState.RUNNING);
                return;
            }
            for (PagerRun run : report.runs()) {
                assertThat(run).as(run.pager().name()).isEqualTo(bruteForce(c, run.pager()));
            }
        });
    }

    @Test
    void aSinglePageRunNeverInstallsAMappingLargerThanAPage() {
        SeededCases.check("single page", random -> {
            Case c = randomCase(random, false);
            TraceRuns.run(c.lab, c.thread, c.trace, c.tlb, List.of(PagerPolicy.SINGLE_PAGE)).map(report -> {
                PagerRun run = report.runs().getFirst();
                int page = c.lab.platform().pageSize().value();
                assertThat(run.mappingSizes().keySet()).allMatch(log2 -> log2 == page);
                assertThat(run.mappingSizes().values().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(run.mappingsInstalled());
                return report;
            });
        });
    }

    @Test
    void bestNeverNeedsMoreFaultsThanSinglePageAndBothStopAtTheSameAccess() {
        SeededCases.check("best vs single page", random -> {
            Case c = randomCase(random, false);
            TraceRuns.run(c.lab, c.thread, c.trace, c.tlb, BOTH).map(report -> {
                PagerRun best = report.run(PagerPolicy.BEST).orElseThrow();
                PagerRun single = report.run(PagerPolicy.SINGLE_PAGE).orElseThrow();
                assertThat(best.faults()).isLessThanOrEqualTo(single.faults());
                assertThat(best.mappingsInstalled()).isLessThanOrEqualTo(single.mappingsInstalled());
                assertThat(best.stoppedAt().map(PagerRun.Stop::index))
                        .isEqualTo(single.stoppedAt().map(PagerRun.Stop::index));
                assertThat(best.accesses()).isEqualTo(single.accesses());
                return report;
            });
        });
    }

    @Test
    void aRunLeavesTheLabAsItWas() {
        SeededCases.check("lab unchanged", random -> {
            Case c = randomCase(random, random.nextBoolean());
            List<Operation> history = c.lab.history();
            var regionMaps = c.lab.regionMaps();
            var threads = c.lab.threads();
            var summary = c.lab.summary();
            TraceRuns.run(c.lab, c.thread, c.trace, c.tlb, BOTH);
            assertThat(c.lab.history()).isEqualTo(history);
            assertThat(c.lab.regionMaps()).isEqualTo(regionMaps);
            assertThat(c.lab.threads()).isEqualTo(threads);
            assertThat(c.lab.summary()).isEqualTo(summary);
        });
    }

    /**
     * The replay written plainly: the brute-force TLB, a linear search of the installed mappings, and after each
     * fault the TLB cut down to what the page table still holds (instead of listening to flush events).
     */
    private static PagerRun bruteForce(Case c, PagerPolicy pager) {
        Lab original = c.lab;
        Lab copy = Lab.create(new LabConfig(pager.profile(original.platform()),
                original.summary().physicalMemory(), original.quotas()), event -> { }).orThrow();
        original.history().forEach(op -> copy.apply(op).map(x -> x).orThrow());
        RegionMapId as = copy.thread(c.thread).orElseThrow().addressSpace();
        BruteForceTlb tlb = new BruteForceTlb(c.tlb);
        long misses = 0;
        long faults = 0;
        long installed = 0;
        var sizes = new java.util.TreeMap<Integer, Long>();
        for (int i = 0; i < c.trace.size(); i++) {
            MemoryAccess access = c.trace.get(i);
            Mapping m = tlb.lookup(access.addr().value());
            if (m == null) {
                misses++;
                m = copy.mappings(as).orThrow().stream().filter(x -> x.virtRange().contains(access.addr()))
                        .findFirst().orElse(null);
                if (m != null) {
                    tlb.load(m);
                }
            }
            if (m != null && m.rights().allow(access.type())) {
                continue;
            }
            faults++;
            FaultReport report = copy.fault(c.thread, access.addr(), access.type(), Explain.NO_TRACE).orThrow();
            tlb.retainOnly(copy.mappings(as).orThrow());
            if (report.resolution() instanceof FaultResolution.Resolved(Mapping mapping)) {
                installed++;
                sizes.merge(mapping.sizeLog2().value(), 1L, Long::sum);
                tlb.load(mapping);
            } else {
                return new PagerRun(pager, i + 1, misses, faults, installed, sizes,
                        Optional.of(new PagerRun.Stop(i, access, report.resolution())));
            }
        }
        return new PagerRun(pager, c.trace.size(), misses, faults, installed, sizes, Optional.empty());
    }

    /**
     * A random platform, address space and layout (RAM regions with offsets and windows, read-only ones, a nested
     * region map, sometimes a fault handler), a few faults already taken, and a trace aimed mostly at the regions.
     * {@code tightPageTable} limits the installed mappings to a handful, so that installs evict.
     */
    private static Case randomCase(Random random, boolean tightPageTable) {
        List<PlatformProfile> platforms = PlatformProfile.builtIns();
        PlatformProfile platform = platforms.get(random.nextInt(platforms.size()));
        Quotas quotas = tightPageTable ? new Quotas(64, 16, 64, 8, 8, 1 + random.nextInt(6)) : Quotas.DEFAULT;
        Lab lab = Lab.create(new LabConfig(platform, LabConfig.DEFAULT_PHYSICAL_MEMORY, quotas), e -> { }).orThrow();
        if (random.nextBoolean()) {
            lab.allocateRam(DataspaceRequest.of(Size.of(0x1000L << random.nextInt(8)))).orThrow();
        }
        RegionMapId as = lab.createRegionMap(Size.of(1L << (24 + random.nextInt(6))), "AS").orThrow().id();
        if (random.nextInt(4) == 0) {
            lab.setFaultHandler(as, lab.createFaultHandler("h").orThrow().id()).orThrow();
        }
        int regions = 1 + random.nextInt(4);
        for (int i = 0; i < regions; i++) {
            if (random.nextInt(5) == 0) {
                RegionMapId nested = lab.createRegionMap(Size.of(1L << (16 + random.nextInt(7))), "sub").orThrow()
                        .id();
                for (int j = 0; j < 2; j++) {
                    attachRandom(lab, nested, random);
                }
                DataspaceId managed = lab.regionMap(nested).orElseThrow().dataspace();
                lab.attach(as, AttachRequest.of(managed));
            } else {
                attachRandom(lab, as, random);
            }
        }
        ThreadId thread = lab.createThread(as, "t").orThrow().id();
        List<AddrRange> windows = lab.regions(as).orThrow().stream().map(RegionView::range).toList();
        for (int i = random.nextInt(4); i > 0 && !windows.isEmpty(); i--) {
            if (lab.thread(thread).orElseThrow().state() == ThreadState.RUNNING) {
                lab.fault(thread, randomIn(windows.get(random.nextInt(windows.size())), random), Access.READ,
                        Explain.NO_TRACE);
            }
        }
        return new Case(lab, thread, windows, randomTrace(random, windows, lab.regionMap(as).orElseThrow().size()),
                new TlbConfig(1 + random.nextInt(16), random.nextBoolean() ? TlbPolicy.LRU : TlbPolicy.FIFO));
    }

    private static void attachRandom(Lab lab, RegionMapId into, Random random) {
        long pages = random.nextBoolean() ? 1L << random.nextInt(11) : 1 + random.nextInt(1024);
        DataspaceId ds = lab.allocateRam(DataspaceRequest.of(Size.of(pages << 12))).orThrow().id();
        long offset = random.nextInt(3) == 0 ? (long) random.nextInt((int) pages) << 12 : 0;
        long window = random.nextBoolean() ? 0 : (1 + random.nextInt((int) (pages - (offset >> 12)))) << 12;
        AttachRequest request = AttachRequest.of(ds).window(Size.of(offset), Size.of(window))
                .rights(new Rights(random.nextInt(5) != 0, random.nextInt(5) == 0));
        if (random.nextInt(3) == 0) {
            long span = lab.regionMap(into).orElseThrow().size().value() >>> 12;
            request = request.at(Addr.of((random.nextLong() & Long.MAX_VALUE) % span << 12));
        }
        lab.attach(into, request); // a conflict is refused and leaves the layout as it was
    }

    private static AccessTrace randomTrace(Random random, List<AddrRange> windows, Size addressSpace) {
        AccessTrace.Builder trace = new AccessTrace.Builder(400);
        int length = 1 + random.nextInt(400);
        long cursor = 0;
        for (int i = 0; i < length; i++) {
            int roll = random.nextInt(100);
            Access type = roll < 80 ? Access.READ : roll < 95 ? Access.WRITE : Access.EXEC;
            long addr;
            if (windows.isEmpty() || random.nextInt(40) == 0) {
                addr = (random.nextLong() & Long.MAX_VALUE) % addressSpace.value();
            } else if (random.nextBoolean()) {
                addr = randomIn(windows.get(random.nextInt(windows.size())), random).value();
            } else {
                cursor += 1L << (6 + random.nextInt(8)); // a scan with varying steps
                addr = cursor;
                if (!inside(windows, cursor)) {
                    cursor = windows.get(random.nextInt(windows.size())).first();
                    addr = cursor;
                }
            }
            trace.add(type, addr);
        }
        return trace.build();
    }

    private static boolean inside(List<AddrRange> windows, long addr) {
        return windows.stream().anyMatch(w -> w.contains(addr));
    }

    private static Addr randomIn(AddrRange window, Random random) {
        long span = window.last() - window.first() + 1;
        return Addr.of(window.first() + (random.nextLong() & Long.MAX_VALUE) % span);
    }
}
