package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Attached;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.TraceStep;
import dev.pagerlab.engine.platform.Revocation;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md, checks 8 to 11: where pagerlab follows Genode core in rounding, I/O memory, revocation. */
class FidelityWorkedChecksTest {

    private static Code refusal(Result<?> result) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        return ((Result.Refused<?>) result).failure().code();
    }

    private static Mapping resolved(dev.pagerlab.engine.model.FaultReport report) {
        assertThat(report.resolution()).isInstanceOf(FaultResolution.Resolved.class);
        return ((FaultResolution.Resolved) report.resolution()).mapping();
    }

    // ---------------------------------------------------------------- 8. Rounding

    @Test
    void regionMapSizesRoundUpToWholePagesAndZeroIsRefused() {
        Machines m = Machines.fresh();
        assertThat(m.lab.createRegionMap(s(0x1800), "").orThrow().size()).isEqualTo(s(0x2000));
        assertThat(refusal(m.lab.createRegionMap(s(0), ""))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(m.lab.regionMaps()).hasSize(1);
    }

    @Test
    void aRoundedRegionMapHoldsItsLastPartialPage() {
        Machines m = Machines.fresh();
        RegionMapId rm = m.lab.createRegionMap(s(0x1800), "").orThrow().id();
        assertThat(m.lab.attach(rm, AttachRequest.of(m.ram(0x1000)).at(a(0x1000)))).isInstanceOf(Result.Ok.class);
    }

    // ---------------------------------------------------------------- 9. I/O memory

    @Test
    void ioMemoryIsUncachedByDefaultAndItsMappingsSaySo() {
        Machines m = Machines.fresh();
        DataspaceView io = m.lab.allocateIoMem(a(0xFD00_0000), DataspaceRequest.of(s(0x1000))).orThrow();
        assertThat(io.cache()).isEqualTo(Cache.UNCACHED);
        RegionMapId as = m.rm(1L << 30);
        m.attach(as, io.id());
        Mapping mapping = resolved(m.read(m.thread(as), 0x0));
        assertThat(mapping.ioMem()).isTrue();
        assertThat(mapping.cache()).isEqualTo(Cache.UNCACHED);
        assertThat(mapping.phys()).isEqualTo(a(0xFD00_0000));
    }

    @Test
    void ioMemoryMayBeWriteCombinedButNeverCached() {
        Machines m = Machines.fresh();
        assertThat(refusal(m.lab.allocateIoMem(a(0xFD00_0000), new DataspaceRequest(s(0x1000), true,
                Cache.CACHED)))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(m.lab.allocateIoMem(a(0xFD00_0000), new DataspaceRequest(s(0x1000), true,
                Cache.WRITE_COMBINED)).orThrow().cache()).isEqualTo(Cache.WRITE_COMBINED);
        assertThat(m.lab.allocateRam(DataspaceRequest.of(s(0x1000))).orThrow().cache()).isEqualTo(Cache.CACHED);
    }

    @Test
    void ioMemoryOverRamIsAPhysicalConflictAndRamSkipsIoMemory() {
        Machines m = Machines.fresh();
        assertThat(m.lab.allocateRam(DataspaceRequest.of(s(0x1000))).orThrow().physAddr()).isEqualTo(a(0x0));
        assertThat(refusal(m.lab.allocateIoMem(a(0x0), DataspaceRequest.of(s(0x1000)))))
                .isEqualTo(Code.PHYS_CONFLICT);
        DataspaceId io = m.lab.allocateIoMem(a(0x1000), DataspaceRequest.of(s(0x1000))).orThrow().id();
        assertThat(m.lab.allocateRam(DataspaceRequest.of(s(0x1000))).orThrow().physAddr()).isEqualTo(a(0x2000));
        assertThat(refusal(m.lab.allocateIoMem(a(0x0), DataspaceRequest.of(s(0x2000)))))
                .as("I/O memory over I/O memory").isEqualTo(Code.PHYS_CONFLICT);
        assertThat(m.lab.summary().ramInUse()).as("I/O memory is not RAM in use").isEqualTo(s(0x2000));

        m.lab.destroyDataspace(io).orThrow();
        assertThat(m.lab.allocateRam(DataspaceRequest.of(s(0x1000))).orThrow().physAddr())
                .as("a destroyed I/O range is free again").isEqualTo(a(0x1000));
    }

    // ---------------------------------------------------------------- 10. Physical revocation

    /** A 64 KiB RAM dataspace attached twice into AS, each attachment read once. */
    private static final class TwoViews {
        final Machines m;
        final RegionMapId as;
        final Mapping low;
        final Mapping high;

        TwoViews(String platform) {
            m = Machines.fresh(platform);
            as = m.rm(1L << 30);
            DataspaceId ds = m.ram(0x1_0000);
            m.attach(as, AttachRequest.of(ds).at(a(0x1_0000)));
            m.attach(as, AttachRequest.of(ds).at(a(0x2_0000)));
            var thread = m.thread(as);
            low = resolved(m.read(thread, 0x1_0000));
            high = resolved(m.read(thread, 0x2_0000));
        }
    }

    @Test
    void onFocADetachRevokesTheMappingsOfTheSameFramesMadeThroughTheOtherRegionToo() {
        TwoViews v = new TwoViews("foc");
        assertThat(v.low).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x1_0000), a(0x0), Log2.of(16));
        assertThat(v.high).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x2_0000), a(0x0), Log2.of(16));

        v.m.lab.detach(v.as, a(0x1_0000)).orThrow();

        assertThat(v.m.lab.mappings(v.as).orThrow()).isEmpty();
        assertThat(v.m.events).contains(new LabEvent.MappingFlushed(v.as, v.low),
                new LabEvent.MappingFlushed(v.as, v.high));
    }

    @Test
    void onNovaADetachFlushesOnlyTheMappingMadeThroughIt() {
        TwoViews v = new TwoViews("nova");

        v.m.lab.detach(v.as, a(0x1_0000)).orThrow();

        assertThat(v.m.lab.mappings(v.as).orThrow()).containsExactly(v.high);
        LabEvent.RegionDetached detached = lastDetach(v.m);
        assertThat(detached.revoked().rule()).isEqualTo(Revocation.PATH);
        assertThat(detached.revoked().mappingsFlushed()).isEqualTo(1);
    }

    @Test
    void physicalRevocationReachesOtherAddressSpaces() {
        Machines m = Machines.fresh("fiasco");
        DataspaceId ds = m.ram(0x1_0000);
        RegionMapId one = m.rm(1L << 30);
        RegionMapId two = m.rm(1L << 30);
        m.attach(one, ds);
        m.attach(two, AttachRequest.of(ds).at(a(0x10_0000)));
        Mapping inOne = resolved(m.read(m.thread(one), 0x8000));
        Mapping inTwo = resolved(m.read(m.thread(two), 0x10_0000));

        m.lab.detach(one, a(0x0)).orThrow();

        assertThat(m.lab.mappings(one).orThrow()).isEmpty();
        assertThat(m.lab.mappings(two).orThrow()).isEmpty();
        assertThat(m.events).contains(new LabEvent.MappingFlushed(two, inTwo), new LabEvent.MappingFlushed(one, inOne));
        assertThat(lastDetach(m).revoked().physical()).isEqualTo(new AddrRange(0x0, 0xFFFF));
    }

    @Test
    void aManagedRegionRevokesTheCoreLocalRangeOfTheLeafAtItsOffset() {
        // sub shows a 64 KiB RAM dataspace at 0x1_0000; AS shows sub from offset 0x1_0000, so the region's core-local
        // address is the RAM's (0x0), and a detach flushes [0x0, 0xffff]: also a mapping of the RAM made directly.
        Machines m = Machines.fresh("pistachio");
        RegionMapId as = m.rm(1L << 30);
        RegionMapId sub = m.rm(0x2_0000);
        DataspaceId ram = m.ram(0x1_0000);
        m.attach(sub, AttachRequest.of(ram).at(a(0x1_0000)));
        m.attach(as, AttachRequest.of(m.managed(sub)).at(a(0x100_0000)).window(s(0x1_0000), s(0x1_0000)));
        m.attach(as, AttachRequest.of(ram).at(a(0x200_0000)));
        var thread = m.thread(as);
        resolved(m.read(thread, 0x100_0000));
        resolved(m.read(thread, 0x200_0000));

        m.lab.detach(as, a(0x100_0000)).orThrow();

        assertThat(m.lab.mappings(as).orThrow()).isEmpty();
        assertThat(lastDetach(m).revoked().physical()).isEqualTo(new AddrRange(0x0, 0xFFFF));
    }

    @Test
    void aManagedRegionOverNothingOrACycleRevokesNothing() {
        Machines m = Machines.fresh("foc");
        RegionMapId as = m.rm(1L << 30);
        RegionMapId empty = m.rm(0x1_0000);
        RegionMapId cycle = m.rm(0x1_0000);
        m.attach(cycle, AttachRequest.of(m.managed(cycle)).at(a(0x0)));
        DataspaceId ram = m.ram(0x1000);
        m.attach(as, AttachRequest.of(ram).at(a(0x0)));
        m.attach(as, AttachRequest.of(m.managed(empty)).at(a(0x100_0000)));
        m.attach(as, AttachRequest.of(m.managed(cycle)).at(a(0x200_0000)));
        Mapping direct = resolved(m.read(m.thread(as), 0x0));

        m.lab.detach(as, a(0x100_0000)).orThrow();
        assertThat(lastDetach(m).revoked().physical().valid()).isFalse();
        m.lab.detach(as, a(0x200_0000)).orThrow();
        assertThat(lastDetach(m).revoked().physical().valid()).isFalse();

        assertThat(m.lab.mappings(as).orThrow()).containsExactly(direct);
    }

    @Test
    void theTraceSaysWhichRevocationRuleWillTakeTheMappingBack() {
        for (String platform : new String[] {"foc", "nova"}) {
            Machines m = Machines.fresh(platform);
            RegionMapId as = m.rm(1L << 30);
            m.attach(as, m.ram(0x1000));
            TraceStep.Leaf leaf = m.read(m.thread(as), 0x0).trace().stream()
                    .filter(step -> step instanceof TraceStep.Leaf).map(step -> (TraceStep.Leaf) step)
                    .findFirst().orElseThrow();
            assertThat(leaf.note()).contains(platform.equals("foc") ? "mapping database" : "virtual range");
        }
    }

    // ---------------------------------------------------------------- 11. Reserved

    @Test
    void aDestroyedDataspaceLeavesItsRegionReservedUntilDetached() {
        Machines m = Machines.fresh();
        RegionMapId as = m.rm(1L << 30);
        m.handlerAt(as);
        DataspaceId ds = m.ram(0x1000);
        m.attach(as, AttachRequest.of(ds).at(a(0x0)));
        var thread = m.thread(as);
        resolved(m.read(thread, 0x0));

        m.lab.destroyDataspace(ds).orThrow();

        assertThat(m.lab.mappings(as).orThrow()).isEmpty();
        var reserved = m.lab.regions(as).orThrow();
        assertThat(reserved).hasSize(1);
        assertThat(reserved.getFirst().reserved()).isTrue();
        assertThat(reserved.getFirst().dataspace()).isNull();
        assertThat(m.events).anyMatch(e -> e instanceof LabEvent.RegionReserved r && r.region().reserved());

        var fault = m.read(thread, 0x0);
        assertThat(fault.resolution()).isEqualTo(
                new FaultResolution.Reflected(as, new Fault(Access.READ, a(0x0)), Cause.NO_REGION));
        assertThat(fault.trace().getFirst().note()).contains("reserved");

        DataspaceId other = m.ram(0x1000);
        assertThat(refusal(m.lab.attach(as, AttachRequest.of(other).at(a(0x0))))).isEqualTo(Code.REGION_CONFLICT);

        m.lab.detach(as, a(0x0)).orThrow();
        Attached attached = m.lab.attach(as, AttachRequest.of(other).at(a(0x0))).orThrow();
        assertThat(attached.resumed()).hasSize(1);
        assertThat(attached.resumed().getFirst().resolution()).isInstanceOf(FaultResolution.Resolved.class);
        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.RUNNING);
    }

    @Test
    void aFaultInAReservedRegionWithoutHandlerIsNoRegion() {
        Machines m = Machines.fresh("nova");
        RegionMapId as = m.rm(1L << 30);
        DataspaceId ds = m.ram(0x1000);
        m.attach(as, ds);
        m.lab.destroyDataspace(ds).orThrow();
        var thread = m.thread(as);
        assertThat(m.read(thread, 0x0).resolution())
                .isEqualTo(new FaultResolution.NoRegion(as, new Fault(Access.READ, a(0x0))));
        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.STOPPED);
    }

    @Test
    void reservedRegionsCountAgainstTheRegionQuotaUntilDetached() {
        Machines m = Machines.withQuotas(new Quotas(16, 16, 1, 16, 16, 16));
        RegionMapId as = m.rm(1L << 30);
        DataspaceId ds = m.ram(0x1000);
        m.attach(as, ds);
        m.lab.destroyDataspace(ds).orThrow();
        DataspaceId other = m.ram(0x1000);
        assertThat(refusal(m.lab.attach(as, AttachRequest.of(other).at(a(0x10_0000)))))
                .isEqualTo(Code.QUOTA_EXCEEDED);
        m.lab.detach(as, a(0x0)).orThrow();
        m.attach(as, other);
    }

    private static LabEvent.RegionDetached lastDetach(Machines m) {
        return m.events.reversed().stream().filter(e -> e instanceof LabEvent.RegionDetached)
                .map(e -> (LabEvent.RegionDetached) e).findFirst().orElseThrow();
    }
}
