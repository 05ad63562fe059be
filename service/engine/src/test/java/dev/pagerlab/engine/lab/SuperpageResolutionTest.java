package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.platform.Revocation;
import org.junit.jupiter.params.provider.ValueSource;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultResolution.Resolved;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md: Superpage, Platform constraint, Offset breaks alignment, Detach flushes. */
class SuperpageResolutionTest {

    private static final long GIB = 1L << 30;
    private static final long MIB4 = 4L << 20;

    /** The superpage set-up on {@code platform}: a 4 KiB and a 4 MiB dataspace, the latter attached into AS. */
    private record Superpage(Machines m, DataspaceId big, RegionMapId as, ThreadId thread) {
        static Superpage on(String platform) {
            Machines m = Machines.fresh(platform);
            DataspaceId small = m.ram(0x1000);
            DataspaceId big = m.ram(MIB4);
            assertThat(m.lab.dataspace(small).orElseThrow().physAddr()).isEqualTo(a(0x0));
            assertThat(m.lab.dataspace(big).orElseThrow().physAddr()).isEqualTo(a(0x40_0000));
            RegionMapId as = m.rm(GIB);
            assertThat(m.attach(as, big).at()).isEqualTo(a(0x0));
            return new Superpage(m, big, as, m.thread(as));
        }
    }

    private static Mapping resolved(dev.pagerlab.engine.model.FaultReport report) {
        assertThat(report.resolution()).isInstanceOf(Resolved.class);
        assertThat(report.threadState()).isEqualTo(ThreadState.RUNNING);
        return ((Resolved) report.resolution()).mapping();
    }

    @Test
    void mapsTheWholeFourMegabyteDataspaceAsOneSuperpage() {
        Superpage sp = Superpage.on("foc");

        Mapping mapping = resolved(sp.m.read(sp.thread, 0x12_3456));

        assertThat(mapping.virt()).isEqualTo(a(0x0));
        assertThat(mapping.phys()).isEqualTo(a(0x40_0000));
        assertThat(mapping.sizeLog2()).isEqualTo(Log2.of(22));
        assertThat(sp.m.lab.mappings(sp.as).orThrow()).containsExactly(mapping);
    }

    @ParameterizedTest(name = "{0}: virt {1} -> phys {2}, 2^{3}")
    @CsvSource({
            "x86_64, 0x0, 0x400000, 21",
            "sel4, 0x0, 0x400000, 21",
            "hw, 0x100000, 0x500000, 20",
            "arm_v7, 0x100000, 0x500000, 20",
            "x86_32, 0x0, 0x400000, 22",
            "nova, 0x0, 0x400000, 22",
    })
    void platformConstraintShrinksTheSuperpage(String platform, String virt, String phys, int sizeLog2) {
        Superpage sp = Superpage.on(platform);

        Mapping mapping = resolved(sp.m.read(sp.thread, 0x12_3456));

        assertThat(mapping.virt()).isEqualTo(a(Long.decode(virt)));
        assertThat(mapping.phys()).isEqualTo(a(Long.decode(phys)));
        assertThat(mapping.sizeLog2()).isEqualTo(Log2.of(sizeLog2));
    }

    @Test
    void anOffsetThatBreaksAlignmentLeavesOnlySmallPages() {
        Superpage sp = Superpage.on("foc");
        sp.m.read(sp.thread, 0x12_3456);
        sp.m.attach(sp.as, AttachRequest.of(sp.big).at(a(0x1000_0000)).window(s(0x1000), s(0x3F_F000)));

        Mapping first = resolved(sp.m.read(sp.thread, 0x1000_0000));
        Mapping second = resolved(sp.m.read(sp.thread, 0x1020_0000));

        assertThat(first).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x1000_0000), a(0x40_1000), Log2.of(12));
        assertThat(second).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x1020_0000), a(0x60_1000), Log2.of(12));
    }

    @Test
    void theSourceBlockCouldBeTwoMegabytesButTheAddressesDisagreeBelowIt() {
        Superpage sp = Superpage.on("foc");
        sp.m.attach(sp.as, AttachRequest.of(sp.big).at(a(0x1000_0000)).window(s(0x1000), s(0x3F_F000)));

        var leaf = sp.m.read(sp.thread, 0x1020_0000).trace().stream()
                .filter(step -> step instanceof dev.pagerlab.engine.model.TraceStep.Leaf)
                .map(step -> (dev.pagerlab.engine.model.TraceStep.Leaf) step).findFirst().orElseThrow();

        assertThat(leaf.sourceBlock()).isEqualTo(Log2.of(21));
        assertThat(leaf.commonSize()).isEqualTo(Log2.of(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nova", "okl4", "sel4", "x86_64"})
    void detachFlushesTheSuperpageAlthoughTheFaultTouchedOneByteAndOnPathKernelsOnlyIt(String platform) {
        Superpage sp = Superpage.on(platform);
        Mapping superpage = resolved(sp.m.read(sp.thread, 0x12_3456));
        sp.m.attach(sp.as, AttachRequest.of(sp.big).at(a(0x1000_0000)).window(s(0x1000), s(0x3F_F000)));
        Mapping first = resolved(sp.m.read(sp.thread, 0x1000_0000));
        Mapping second = resolved(sp.m.read(sp.thread, 0x1020_0000));

        sp.m.lab.detach(sp.as, a(0x20_0000)).orThrow();

        assertThat(sp.m.lab.mappings(sp.as).orThrow()).containsExactly(first, second);
        assertThat(sp.m.events).contains(new LabEvent.MappingFlushed(sp.as, superpage));
        assertThat(sp.m.lab.regions(sp.as).orThrow()).extracting(r -> r.at()).containsExactly(a(0x1000_0000));
    }

    @Test
    void onFocTheDetachAlsoRevokesTheFourKilobyteMappingsOfTheSameFramesThroughTheOtherRegion() {
        Superpage sp = Superpage.on("foc");
        Mapping superpage = resolved(sp.m.read(sp.thread, 0x12_3456));
        sp.m.attach(sp.as, AttachRequest.of(sp.big).at(a(0x1000_0000)).window(s(0x1000), s(0x3F_F000)));
        Mapping first = resolved(sp.m.read(sp.thread, 0x1000_0000));
        Mapping second = resolved(sp.m.read(sp.thread, 0x1020_0000));
        assertThat(second.phys()).isEqualTo(a(0x60_1000));
        assertThat(second.sizeLog2()).isEqualTo(Log2.of(12));

        sp.m.lab.detach(sp.as, a(0x20_0000)).orThrow();

        assertThat(sp.m.lab.mappings(sp.as).orThrow()).isEmpty();
        assertThat(sp.m.events).contains(new LabEvent.MappingFlushed(sp.as, superpage),
                new LabEvent.MappingFlushed(sp.as, first), new LabEvent.MappingFlushed(sp.as, second));
        LabEvent.RegionDetached detached = sp.m.events.stream().filter(e -> e instanceof LabEvent.RegionDetached)
                .map(e -> (LabEvent.RegionDetached) e).findFirst().orElseThrow();
        assertThat(detached.revoked().rule()).isEqualTo(Revocation.PHYSICAL);
        assertThat(detached.revoked().physical()).isEqualTo(new AddrRange(0x40_0000, 0x7F_FFFF));
        assertThat(detached.revoked().mappingsFlushed()).isEqualTo(3);
        assertThat(sp.m.lab.regions(sp.as).orThrow()).extracting(r -> r.at()).containsExactly(a(0x1000_0000));
    }
}
