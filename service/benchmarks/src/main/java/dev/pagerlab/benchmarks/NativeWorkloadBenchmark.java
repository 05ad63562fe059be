package dev.pagerlab.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The engine on the workload of the native baseline (native/pager.cc): 4 M pre-generated READ faults, each
 * installing its mapping; the score is faults per second. {@link #faults} goes through the ordinary
 * {@code Lab.fault(ThreadId, Addr, Access, Explain)}, which answers a {@code Result<FaultReport>} per fault;
 * {@link #faultsIntoAnswer} through {@code Lab.fault(ThreadId, long, Access, FaultAnswer)}, which writes each answer
 * into one reused holder (the entry point for callers that run many faults; issue 13's "no garbage" goal is measured
 * on it). native/ratio.sh runs {@link #faults} and the native program and prints the ratio; the checksum of
 * {@link NativeWorkload#main} proves that both entry points and the native program installed the same mappings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// One invocation is 4 M faults (seconds on a loaded machine), so few iterations suffice.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class NativeWorkloadBenchmark {

    @Param({"flat", "nested"})
    String shape;

    private NativeWorkload workload;

    @Setup(Level.Trial)
    public void layout() {
        workload = new NativeWorkload(shape.equals("nested"), NativeWorkload.DEFAULT_FAULTS);
    }

    @Benchmark
    @OperationsPerInvocation(NativeWorkload.DEFAULT_FAULTS)
    public long faults() {
        return workload.run();
    }

    @Benchmark
    @OperationsPerInvocation(NativeWorkload.DEFAULT_FAULTS)
    public long faultsIntoAnswer() {
        return workload.runIntoAnswer();
    }
}
