package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.tlb.AccessTrace;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TracePattern;
import dev.pagerlab.engine.tlb.TraceRuns;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The time of one trace run of 1,000,000 accesses per pager, as wall-clock and as the thread's CPU time: on a shared
 * machine the CPU time is what the run costs, the wall-clock time what a client waits. Same traces as
 * {@link TraceReplayBenchmark}; each run is repeated after a warm-up and the median is printed.
 *
 * <p>Run: {@code java -cp service/benchmarks/target/benchmarks.jar dev.pagerlab.benchmarks.TraceReplayTiming}.
 */
public final class TraceReplayTiming {

    private static final int WARMUP = 5;
    private static final int RUNS = 9;

    private TraceReplayTiming() {
    }

    /** Prints one Markdown row per trace and pager. */
    public static void main(String[] args) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        TlbLayouts.Layout layout = TlbLayouts.build("microblaze", TlbLayouts.Alignment.ALIGNED);
        int n = AccessTrace.MAX_ACCESSES;
        List<TracePattern> patterns = List.of(
                new TracePattern.Strided(layout.base(), layout.size(), Size.of(64), n, Access.READ),
                new TracePattern.Strided(layout.base(), layout.size(), Size.of(4096), n, Access.READ),
                new TracePattern.UniformRandom(layout.base(), layout.size(), Size.of(8), n, 1, Access.READ));
        List<String> names = List.of("scan (stride 64)", "page stride (4096)", "random");
        System.out.println("| trace | pager | median wall ms | median CPU ms | TLB misses | faults |");
        System.out.println("|---|---|--:|--:|--:|--:|");
        for (int p = 0; p < patterns.size(); p++) {
            AccessTrace trace = patterns.get(p).trace().orThrow();
            for (PagerPolicy pager : PagerPolicy.values()) {
                double[] wall = new double[RUNS];
                double[] used = new double[RUNS];
                long misses = 0;
                long faults = 0;
                for (int i = -WARMUP; i < RUNS; i++) {
                    long t0 = System.nanoTime();
                    long c0 = cpu.getCurrentThreadCpuTime();
                    var run = TraceRuns.run(layout.lab(), layout.thread(), trace, TlbConfig.DEFAULT, List.of(pager))
                            .orThrow().runs().getFirst();
                    if (i >= 0) {
                        wall[i] = (System.nanoTime() - t0) / 1e6;
                        used[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
                    }
                    misses = run.tlbMisses();
                    faults = run.faults();
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %,d | %,d |%n", names.get(p), pager,
                        median(wall), median(used), misses, faults);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
