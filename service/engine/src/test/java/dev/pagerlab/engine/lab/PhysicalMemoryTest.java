package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** RAM allocation (docs/concepts.md, "Dataspaces"): natural alignment first, weakened until it fits, freed ranges reused. */
class PhysicalMemoryTest {

    private static Lab smallLab(long bytes) {
        return Lab.create(new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(), new AddrRange(0, bytes - 1),
                Quotas.DEFAULT), event -> { }).orThrow();
    }

    @Test
    void weakensTheAlignmentWhenNoNaturallyAlignedGapIsLeft() {
        Lab lab = smallLab(0x10000);
        lab.allocateRam(DataspaceRequest.of(s(0x1000))).orThrow();
        var eight = lab.allocateRam(DataspaceRequest.of(s(0x8000))).orThrow();
        assertThat(eight.physAddr()).isEqualTo(a(0x8000));
        var sixteen = lab.allocateRam(DataspaceRequest.of(s(0x4000))).orThrow();
        assertThat(sixteen.physAddr()).isEqualTo(a(0x4000));
        var odd = lab.allocateRam(DataspaceRequest.of(s(0x2800))).orThrow();
        assertThat(odd.size()).isEqualTo(s(0x3000));
        assertThat(odd.physAddr()).isEqualTo(a(0x1000));
    }

    @Test
    void runsOutOfRamAsItsOwnErrorAndReusesFreedRanges() {
        Lab lab = smallLab(0x4000);
        var first = lab.allocateRam(DataspaceRequest.of(s(0x4000))).orThrow();
        var refused = lab.allocateRam(DataspaceRequest.of(s(0x1000)));
        assertThat(((Result.Refused<?>) refused).failure().code()).isEqualTo(Code.OUT_OF_RAM);

        lab.destroyDataspace(first.id()).orThrow();

        assertThat(lab.allocateRam(DataspaceRequest.of(s(0x2000))).orThrow().physAddr()).isEqualTo(a(0x0));
        assertThat(lab.summary().ramInUse()).isEqualTo(s(0x2000));
    }

    @Test
    void ioMemoryTakesItsBaseFromTheCallerAndNothingFromRam() {
        Lab lab = smallLab(0x4000);
        var io = lab.allocateIoMem(a(0xFEE0_0000L), DataspaceRequest.of(s(0x1000))).orThrow();
        assertThat(io.physAddr()).isEqualTo(a(0xFEE0_0000L));
        assertThat(lab.summary().ramInUse()).isEqualTo(s(0));
        var unaligned = lab.allocateIoMem(a(0xFEE0_0800L), DataspaceRequest.of(s(0x1000)));
        assertThat(((Result.Refused<?>) unaligned).failure().code()).isEqualTo(Code.INVALID_ARGUMENTS);
    }
}
