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
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
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
 * The path explosion of a detach: five region maps, each one's managed dataspace attached {@code n} times into the
 * next ({@code n^4} paths from the address space to the one RAM region at the bottom), {@code faults} mappings
 * installed through random paths, then one detach of the RAM region. Each measured detach runs on a freshly built
 * chain. Uses the public engine API only, so the same file measures an older engine as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class DetachChainBenchmark {

    @Param({"25", "50", "200", "1000"})
    int n;

    @Param({"nova", "foc"})
    String platform;

    @Param({"300"})
    int faults;

    private Lab lab;
    private RegionMapId bottom;

    @Setup(Level.Iteration)
    public void chain() {
        lab = Lab.create(new LabConfig(PlatformProfile.builtIn(platform).orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(16, 16, 4 * n + 16, 4, 4, 1 << 20)),
                LabEventListener.NONE).orThrow();
        long size = 0x1000;
        bottom = lab.createRegionMap(Size.of(size), "rm-1").orThrow().id();
        var ram = lab.allocateRam(DataspaceRequest.of(Size.of(0x1000))).orThrow().id();
        lab.attach(bottom, AttachRequest.of(ram)).orThrow();
        RegionMapId below = bottom;
        for (int level = 2; level <= 5; level++) {
            RegionMapId next = lab.createRegionMap(Size.of(size * n), "rm-" + level).orThrow().id();
            var managed = lab.regionMap(below).orElseThrow().dataspace();
            for (int i = 0; i < n; i++) {
                lab.attach(next, AttachRequest.of(managed).at(Addr.of(i * size))).orThrow();
            }
            below = next;
            size *= n;
        }
        ThreadId thread = lab.createThread(below, "").orThrow().id();
        long pages = size >>> 12;
        for (int i = 0; i < faults; i++) {
            long page = Long.remainderUnsigned(i * 0x9E3779B97F4A7C15L >>> 1, pages);
            lab.fault(thread, Addr.of(page << 12), Access.READ, Explain.NO_TRACE).orThrow();
        }
    }

    @Benchmark
    public RegionView detachBottom() {
        return lab.detach(bottom, Addr.ZERO).orThrow();
    }
}
