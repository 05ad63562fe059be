package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one installed mapping and one region cost in memory, measured with JOL over the whole lab graph: the
 * difference between labs that differ only in 4,096 mappings (or regions), divided by 4,096. The bounds are the
 * measured values plus 25%, so that a change that makes them grow by more fails here; BENCHMARKS.md, "Memory",
 * has the history and the targets (64 B per mapping, 160 B per region).
 */
class MemoryFootprintTest {

    static {
        // JOL finds field offsets by itself on JDKs that hide them; it must be told before it first loads.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final int N = 4096;
    /**
     * Measured 2026-11-26 after mappings became primitive columns and attachments a list through the regions (see
     * BENCHMARKS.md, "Third pass on the fault path"); a bound is this plus 25%.
     */
    private static final double BYTES_PER_MAPPING = 60.9;
    private static final double BYTES_PER_REGION = 69.6;

    private record Built(Lab lab, ThreadId thread) {
    }

    /** N RAM dataspaces of 64 KiB; {@code regions} of them attached at {@code i<<20}; {@code faults} of them mapped. */
    private static Built lab(int regions, int faults) {
        Lab lab = Lab.create(new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(N, 4, N, 1, 1, N)), LabEventListener.NONE).orThrow();
        RegionMapId as = lab.createRegionMap(Size.of(1L << 40), "address space").orThrow().id();
        List<DataspaceId> ram = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ram.add(lab.allocateRam(DataspaceRequest.of(Size.of(1 << 16))).orThrow().id());
        }
        for (int i = 0; i < regions; i++) {
            lab.attach(as, AttachRequest.of(ram.get(i)).at(Addr.of((long) i << 20))).orThrow();
        }
        ThreadId thread = lab.createThread(as, "t").orThrow().id();
        for (int i = 0; i < faults; i++) {
            lab.fault(thread, Addr.of((long) i << 20), Access.READ, Explain.NO_TRACE).orThrow();
        }
        return new Built(lab, thread);
    }

    /**
     * The lab's graph without its operation history: the history grows per operation (13 B per fault, kept as
     * primitive columns that the history's snapshot shares), not per mapping or region, so it is left out of both
     * figures.
     */
    private static long footprint(Built built) {
        return GraphLayout.parseInstance(built.lab()).totalSize()
                - GraphLayout.parseInstance(built.lab().history()).totalSize();
    }

    @Test
    void anInstalledMappingCostsNoMoreThanMeasured() {
        if (Boolean.getBoolean("pagerlab.footprint")) {
            System.out.println(GraphLayout.parseInstance(lab(N, N).lab()).subtract(GraphLayout.parseInstance(
                    lab(N, 0).lab())).toFootprint());
        }
        double perMapping = (double) (footprint(lab(N, N)) - footprint(lab(N, 0))) / N;
        System.out.printf("bytes per installed mapping: %.1f%n", perMapping);
        assertThat(perMapping).isLessThanOrEqualTo(BYTES_PER_MAPPING * 1.25);
    }

    @Test
    void aRegionCostsNoMoreThanMeasured() {
        if (Boolean.getBoolean("pagerlab.footprint")) {
            System.out.println(GraphLayout.parseInstance(lab(N, 0).lab()).subtract(GraphLayout.parseInstance(
                    lab(0, 0).lab())).toFootprint());
        }
        double perRegion = (double) (footprint(lab(N, 0)) - footprint(lab(0, 0))) / N;
        System.out.printf("bytes per region: %.1f%n", perRegion);
        assertThat(perRegion).isLessThanOrEqualTo(BYTES_PER_REGION * 1.25);
    }
}
