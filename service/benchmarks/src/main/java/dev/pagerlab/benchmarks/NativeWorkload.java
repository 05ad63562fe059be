package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.FaultAnswer;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;

/**
 * The workload of the native comparison (service/benchmarks/native/pager.cc), built through the engine's API: 1,000
 * RAM dataspaces of 64 KiB at {@code i<<20} of a 1 GiB address space (flat), or each behind two nested region maps
 * (nested), and pre-generated READ faults inside the 64 KiB windows from the same splitmix64 sequence as the C++
 * program, so that both install the same mappings and print the same checksum.
 */
final class NativeWorkload {

    static final int WINDOWS = 1000;
    static final int DEFAULT_FAULTS = 4_000_000;

    final Lab lab;
    final ThreadId thread;
    final long[] addrs;

    NativeWorkload(boolean nested, int faults) {
        lab = Lab.create(new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(WINDOWS, 2 * WINDOWS + 1, 3 * WINDOWS, 1, 1,
                1 << 20)), LabEventListener.NONE).orThrow();
        RegionMapId as = lab.createRegionMap(Size.of(1L << 30), "address space").orThrow().id();
        for (long i = 0; i < WINDOWS; i++) {
            DataspaceId ram = lab.allocateRam(DataspaceRequest.of(Size.of(1 << 16))).orThrow().id();
            if (nested) {
                RegionMapId a = lab.createRegionMap(Size.of(1 << 20), "a").orThrow().id();
                RegionMapId b = lab.createRegionMap(Size.of(1 << 18), "b").orThrow().id();
                lab.attach(as, AttachRequest.of(managed(a)).at(Addr.of(i << 20))).orThrow();
                lab.attach(a, AttachRequest.of(managed(b)).at(Addr.of(1 << 18))).orThrow();
                lab.attach(b, AttachRequest.of(ram).at(Addr.ZERO)).orThrow();
            } else {
                lab.attach(as, AttachRequest.of(ram).at(Addr.of(i << 20))).orThrow();
            }
        }
        thread = lab.createThread(as, "workload").orThrow().id();
        addrs = new long[faults];
        long seed = 42;
        for (int k = 0; k < faults; k++) {
            seed += 0x9E3779B97F4A7C15L;
            long x = mix(seed);
            addrs[k] = (((x >>> 33) % WINDOWS) << 20) + (nested ? 1 << 18 : 0) + (x & 0xFFFF);
        }
    }

    private DataspaceId managed(RegionMapId rm) {
        return lab.regionMap(rm).orElseThrow().dataspace();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs every fault once; answers the FNV-1a hash over (virt, phys, log2) of every installed mapping. */
    long run() {
        long h = 0xcbf29ce484222325L;
        for (long addr : addrs) {
            var report = lab.fault(thread, Addr.of(addr), Access.READ, Explain.NO_TRACE).orThrow();
            Mapping m = ((FaultResolution.Resolved) report.resolution()).mapping();
            h = (h ^ m.virt().value()) * 0x100000001b3L;
            h = (h ^ m.phys().value()) * 0x100000001b3L;
            h = (h ^ m.sizeLog2().value()) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * {@link #run} through the entry point that writes each answer into one reused {@link FaultAnswer} instead of
     * returning new objects; the same checksum.
     */
    long runIntoAnswer() {
        FaultAnswer answer = new FaultAnswer();
        long h = 0xcbf29ce484222325L;
        for (long addr : addrs) {
            if (!lab.fault(thread, addr, Access.READ, answer) || !answer.isResolved()) {
                throw new IllegalStateException("fault at " + Addr.of(addr) + " not resolved: " + answer.refusal());
            }
            h = (h ^ answer.virt()) * 0x100000001b3L;
            h = (h ^ answer.phys()) * 0x100000001b3L;
            h = (h ^ answer.sizeLog2()) * 0x100000001b3L;
        }
        return h;
    }

    /** Prints the checksum of one round, as pager.cc does: {@code NativeWorkload flat|nested [faults]}. */
    public static void main(String[] args) {
        boolean nested = args.length > 0 && args[0].equals("nested");
        int faults = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_FAULTS;
        NativeWorkload w = new NativeWorkload(nested, faults);
        long checksum = w.run();
        long intoAnswer = w.runIntoAnswer();
        if (intoAnswer != checksum) {
            throw new IllegalStateException(String.format("Lab.fault into a FaultAnswer: checksum %016x, not %016x",
                    intoAnswer, checksum));
        }
        System.out.printf("engine %s: checksum %016x, installed %d%n", nested ? "nested" : "flat", checksum,
                w.lab.summary().installedMappings());
    }
}
