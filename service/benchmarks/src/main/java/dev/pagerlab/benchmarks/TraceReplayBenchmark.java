package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.tlb.AccessTrace;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TracePattern;
import dev.pagerlab.engine.tlb.TraceRunReport;
import dev.pagerlab.engine.tlb.TraceRuns;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One trace run of 1,000,000 accesses by one pager on microblaze over the aligned 16 MiB region of the TLB table,
 * copy of the lab included: a cache-line scan, a page-strided walk that makes a small-page TLB miss on every access,
 * and uniform random accesses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceReplayBenchmark {

    @Param({"scan", "pageStride", "random"})
    String trace;

    @Param({"BEST", "SINGLE_PAGE"})
    PagerPolicy pager;

    private TlbLayouts.Layout layout;
    private AccessTrace accesses;

    @Setup(Level.Trial)
    public void layout() {
        layout = TlbLayouts.build("microblaze", TlbLayouts.Alignment.ALIGNED);
        int n = AccessTrace.MAX_ACCESSES;
        TracePattern pattern = switch (trace) {
            case "scan" -> new TracePattern.Strided(layout.base(), layout.size(), Size.of(64), n, Access.READ);
            case "pageStride" -> new TracePattern.Strided(layout.base(), layout.size(), Size.of(4096), n,
                    Access.READ);
            case "random" -> new TracePattern.UniformRandom(layout.base(), layout.size(), Size.of(8), n, 1,
                    Access.READ);
            default -> throw new IllegalArgumentException(trace);
        };
        accesses = pattern.trace().orThrow();
    }

    @Benchmark
    public TraceRunReport replayMillionAccesses() {
        return TraceRuns.run(layout.lab(), layout.thread(), accesses, TlbConfig.DEFAULT, List.of(pager)).orThrow();
    }
}
