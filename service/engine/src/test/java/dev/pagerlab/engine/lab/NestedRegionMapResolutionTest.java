package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.TraceStep;
import dev.pagerlab.engine.event.LabEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.pagerlab.engine.lab.Machines.a;
import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md, Nesting: AS contains top, top contains shim1 and shim2, shim2 shows two read-only pages. */
class NestedRegionMapResolutionTest {

    private Machines m;
    private RegionMapId as;
    private RegionMapId top;
    private RegionMapId shim2;
    private ThreadId thread;

    @BeforeEach
    void nestThreeLevels() {
        m = Machines.fresh();
        as = m.rm(1L << 30);
        top = m.rm(0xA000);
        RegionMapId shim1 = m.rm(0x6000);
        shim2 = m.rm(0x4000);
        assertThat(m.attach(as, m.managed(top)).at()).isEqualTo(a(0x0));
        assertThat(m.attach(top, m.managed(shim1)).at()).isEqualTo(a(0x0));
        assertThat(m.attach(top, m.managed(shim2)).at()).isEqualTo(a(0x6000));
        var pages = m.ram(0x2000);
        assertThat(m.lab.dataspace(pages).orElseThrow().physAddr()).isEqualTo(a(0x0));
        m.attach(shim2, AttachRequest.of(pages).at(a(0x1000)).rights(Rights.READ_ONLY));
        thread = m.thread(as);
    }

    @Test
    void resolvesThroughTwoManagedDataspacesWithReadOnlyRights() {
        FaultReport report = m.read(thread, 0x7000);

        Mapping mapping = ((FaultResolution.Resolved) report.resolution()).mapping();
        assertThat(mapping).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x7000), a(0x0), Log2.of(12));
        assertThat(mapping.rights().writable()).isFalse();
    }

    @Test
    void explainsOneStepPerLevelAndTheLeaf() {
        FaultReport report = m.read(thread, 0x7000);

        assertThat(report.trace()).hasSize(4);
        assertThat(report.trace().subList(0, 3)).allMatch(step -> step instanceof TraceStep.Level);
        var levels = report.trace().subList(0, 3).stream().map(step -> (TraceStep.Level) step).toList();
        assertThat(levels).extracting(TraceStep.Level::regionMap).containsExactly(as, top, shim2);
        assertThat(levels).extracting(TraceStep.Level::hotspot).containsExactly(a(0x7000), a(0x7000), a(0x1000));
        var leaf = (TraceStep.Leaf) report.trace().get(3);
        assertThat(leaf.sourceBlock()).isEqualTo(Log2.of(13));
        assertThat(leaf.commonSize()).isEqualTo(Log2.of(12));
    }

    @Test
    void stopsTheThreadWhenTheInnermostMapHasNoRegionAndNoHandler() {
        FaultReport report = m.read(thread, 0x6000);

        assertThat(report.resolution()).isEqualTo(new FaultResolution.NoRegion(shim2, new Fault(Access.READ, a(0x0))));
        assertThat(report.threadState()).isEqualTo(ThreadState.STOPPED);
        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.STOPPED);
    }

    @Test
    void reflectsAtTheInnermostRegionMapInItsCoordinates() {
        var handler = m.handlerAt(shim2);

        FaultReport report = m.read(thread, 0x6000);

        assertThat(report.resolution()).isEqualTo(
                new FaultResolution.Reflected(shim2, new Fault(Access.READ, a(0x0)), Cause.NO_REGION));
        assertThat(report.threadState()).isEqualTo(ThreadState.FAULTED);
        assertThat(m.lab.state(shim2).orThrow()).contains(new Fault(Access.READ, a(0x0)));
        assertThat(m.lab.state(top).orThrow()).isEmpty();
        assertThat(m.lab.state(as).orThrow()).isEmpty();
        assertThat(m.events).filteredOn(e -> e instanceof LabEvent.SignalSubmitted).hasSize(1);
        assertThat(m.lab.faultHandler(handler).orElseThrow().undelivered()).isEqualTo(1);
    }

    @Test
    void reflectsWriteViolationAtTheInnermostRegionMapAlthoughTheRamIsWritable() {
        m.handlerAt(shim2);

        FaultReport report = m.write(thread, 0x7000);

        assertThat(report.resolution()).isEqualTo(
                new FaultResolution.Reflected(shim2, new Fault(Access.WRITE, a(0x1000)), Cause.WRITE_VIOLATION));
        assertThat(m.lab.state(shim2).orThrow()).isEqualTo(Optional.of(new Fault(Access.WRITE, a(0x1000))));
    }

    @Test
    void stopsOnWriteViolationWithoutHandler() {
        FaultReport report = m.write(thread, 0x7000);

        assertThat(report.resolution()).isEqualTo(
                new FaultResolution.WriteViolation(shim2, new Fault(Access.WRITE, a(0x1000))));
        assertThat(report.threadState()).isEqualTo(ThreadState.STOPPED);
    }
}
