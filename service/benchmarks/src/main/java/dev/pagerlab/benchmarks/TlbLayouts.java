package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.tlb.TracePattern;

import java.util.List;

/**
 * The layouts of the TLB table: a 16 MiB RAM dataspace (physically at 16 MiB, so naturally aligned and not at zero)
 * attached whole into a 1 GiB address space, or from offset 1 MiB (aligned to 1 MiB only), or from offset 4 KiB
 * (aligned to nothing larger than a page). Attach chooses the address, as a program that does not pass one gets.
 */
final class TlbLayouts {

    static final long MIB16 = 0x100_0000;

    private TlbLayouts() {
    }

    /** A lab, the thread whose accesses are replayed, and the region they go to. */
    record Layout(Lab lab, ThreadId thread, RegionView region) {
        Addr base() {
            return region.at();
        }

        Size size() {
            return region.size();
        }
    }

    /** Whether the region keeps the dataspace's natural alignment. */
    enum Alignment {
        ALIGNED("16 MiB, aligned", 0),
        OFFSET_1M("offset 1 MiB", 0x10_0000),
        OFFSET_4K("offset 4 KiB", 0x1000);

        final String label;
        final long offset;

        Alignment(String label, long offset) {
            this.label = label;
            this.offset = offset;
        }
    }

    static Layout build(String platform, Alignment alignment) {
        Lab lab = Lab.create(LabConfig.of(PlatformProfile.builtIn(platform).orElseThrow()), LabEventListener.NONE)
                .orThrow();
        lab.allocateRam(DataspaceRequest.of(Size.of(0x1000))).orThrow();                    // phys 0x0
        DataspaceId ds = lab.allocateRam(DataspaceRequest.of(Size.of(MIB16))).orThrow().id(); // phys 0x100_0000
        RegionMapId as = lab.createRegionMap(Size.of(0x4000_0000), "AS").orThrow().id();
        AttachRequest request = AttachRequest.of(ds);
        if (alignment.offset != 0) {
            request = request.window(Size.of(alignment.offset), Size.of(MIB16 - alignment.offset));
        }
        RegionView region = lab.attach(as, request).orThrow().region();
        ThreadId thread = lab.createThread(as, "main").orThrow().id();
        return new Layout(lab, thread, region);
    }

    /** The shipped traces over a region: a scan, a page-strided walk, random accesses, and a transpose. */
    static List<TracePattern> shippedTraces(Layout layout) {
        Addr base = layout.base();
        Size size = layout.size();
        // The largest square matrices of 32-byte elements that fit twice into the region.
        int rows = (int) Math.sqrt(size.value() / 2 / 32);
        return List.of(
                new TracePattern.Sequential(base, size, Size.of(64), 1, Access.READ),
                new TracePattern.Strided(base, size, Size.of(4096), 65_536, Access.READ),
                new TracePattern.UniformRandom(base, size, Size.of(8), 100_000, 1, Access.READ),
                new TracePattern.Transpose(base, rows, Size.of(32)));
    }

    /** How a shipped trace is written in the table. */
    static String describe(TracePattern pattern) {
        return switch (pattern) {
            case TracePattern.Sequential s -> "sequential, step " + s.step().value();
            case TracePattern.Strided s -> "strided, stride " + s.stride().value() + ", " + s.accesses() + "x";
            case TracePattern.UniformRandom r -> "random, " + r.accesses() + "x, seed " + r.seed();
            case TracePattern.Transpose t -> "transpose " + t.rows() + "x" + t.rows() + " of "
                    + t.elementSize().value() + " B";
        };
    }
}
