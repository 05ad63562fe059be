package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The fault path: one READ fault answered by the engine, in an address space of {@code regions} 4 KiB regions,
 * directly or through four nested managed dataspaces. Lookup is O(log regions), so the time should barely grow
 * from 16 to 16,384 regions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FaultResolutionBenchmark {

    @Param({"16", "1024", "16384"})
    int regions;

    @Param({"1", "5"})
    int levels;

    private Lab lab;
    private ThreadId thread;
    private long next;

    @Setup(Level.Trial)
    public void layout() {
        lab = Lab.create(new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                new Quotas(regions + 16, 16, regions + 16, 4, 4, 1 << 20)), LabEventListener.NONE).orThrow();
        long span = (long) regions << 12;
        RegionMapId inner = lab.createRegionMap(Size.of(span), "leaf").orThrow().id();
        var page = lab.allocateRam(DataspaceRequest.of(Size.of(0x1000))).orThrow().id();
        for (int i = 0; i < regions; i++) {
            lab.attach(inner, AttachRequest.of(page).at(Addr.of((long) i << 12))).orThrow();
        }
        RegionMapId outer = inner;
        for (int level = 1; level < levels; level++) {
            RegionMapId wrapper = lab.createRegionMap(Size.of(span), "level").orThrow().id();
            var managed = lab.regionMap(outer).orElseThrow().dataspace();
            lab.attach(wrapper, AttachRequest.of(managed).at(Addr.ZERO)).orThrow();
            outer = wrapper;
        }
        thread = lab.createThread(outer, "").orThrow().id();
    }

    @Benchmark
    public FaultReport readFault() {
        next = (next + 0x9E3779B1L) % regions;
        return lab.fault(thread, Addr.of(next << 12), Access.READ, Explain.NO_TRACE).orThrow();
    }

    @Benchmark
    public FaultReport readFaultExplained() {
        next = (next + 0x9E3779B1L) % regions;
        return lab.fault(thread, Addr.of(next << 12), Access.READ, Explain.TRACE).orThrow();
    }
}
