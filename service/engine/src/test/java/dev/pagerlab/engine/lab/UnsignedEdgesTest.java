package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** The top of the 64-bit space: nothing wraps, nothing overflows silently. */
class UnsignedEdgesTest {

    private static final long TOP_RM_SIZE = -0x1000L; // 2^64 - 2^12

    private final Machines m = Machines.fresh();

    private Mapping resolved(dev.pagerlab.engine.model.FaultReport report) {
        return ((FaultResolution.Resolved) report.resolution()).mapping();
    }

    @Test
    void aRegionMapOfTwoToTheSixtyFourMinusOnePageMapsItsLastPage() {
        RegionMapId as = m.rm(TOP_RM_SIZE);
        var top = m.lab.allocateIoMem(a(-0x1000L), DataspaceRequest.of(s(0x1000))).orThrow();
        m.attach(as, AttachRequest.of(top.id()).at(a(-0x2000L)));
        var thread = m.thread(as);

        Mapping mapping = resolved(m.read(thread, -0x1001L));

        assertThat(mapping.virt()).isEqualTo(a(-0x2000L));
        assertThat(mapping.phys()).isEqualTo(a(-0x1000L));
        assertThat(mapping.physRange().last()).isEqualTo(-1L);
        assertThat(mapping.sizeLog2()).isEqualTo(Log2.of(12));
    }

    @Test
    void sizesAboveTwoToTheSixtyThreeMapAsOneHalfOfTheSpace() {
        RegionMapId as = m.rm(TOP_RM_SIZE);
        var half = m.lab.allocateIoMem(a(Long.MIN_VALUE), DataspaceRequest.of(s(Long.MIN_VALUE))).orThrow();
        assertThat(m.attach(as, half.id()).at()).isEqualTo(a(0));
        var thread = m.thread(as);

        Mapping mapping = resolved(m.read(thread, 0x7FFF_FFFF_FFFF_0000L));

        assertThat(mapping.virt()).isEqualTo(a(0));
        assertThat(mapping.phys()).isEqualTo(a(Long.MIN_VALUE));
        assertThat(mapping.sizeLog2()).isEqualTo(Log2.of(63));
    }

    @Test
    void rangesThatWouldWrapAreConflictsNotWrappedRegions() {
        RegionMapId as = m.rm(TOP_RM_SIZE);
        var ds = m.ram(0x2000);
        var wraps = m.lab.attach(as, AttachRequest.of(ds).at(a(-0x1000L)));
        assertThat(((Result.Refused<?>) wraps).failure().code()).isEqualTo(Code.REGION_CONFLICT);
        var atTheEnd = m.lab.attach(as, AttachRequest.of(ds).at(a(-0x3000L)));
        assertThat(atTheEnd).isInstanceOf(Result.Ok.class);
        var tooLarge = m.lab.allocateRam(DataspaceRequest.of(s(-1L)));
        assertThat(((Result.Refused<?>) tooLarge).failure().code()).isEqualTo(Code.VALIDATION_FAILED);
    }

    @Test
    void thirtyTwoBitPlatformsRefuseWhatTheyCannotAddress() {
        Machines x86 = Machines.fresh("x86_32");
        var big = x86.lab.createRegionMap(s(0x1_0000_1000L), "");
        assertThat(((Result.Refused<?>) big).failure().code()).isEqualTo(Code.VALIDATION_FAILED);
        RegionMapId full = x86.rm(0x1_0000_0000L);
        var thread = x86.thread(full);
        var far = x86.lab.fault(thread, a(0x1_0000_0000L), dev.pagerlab.engine.model.Access.READ, Explain.NO_TRACE);
        assertThat(((Result.Refused<?>) far).failure().code()).isEqualTo(Code.VALIDATION_FAILED);
        var io = x86.lab.allocateIoMem(a(0xFFFF_F000L), DataspaceRequest.of(s(0x2000)));
        assertThat(((Result.Refused<?>) io).failure().code()).isEqualTo(Code.VALIDATION_FAILED);
        assertThat(PlatformProfile.builtIn("x86_32").orElseThrow().addressBits()).isEqualTo(32);
    }
}
