package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadState;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Destroying dataspaces and region maps (docs/fidelity.md, revocation). */
class DestroyTest {

    private final Machines m = Machines.fresh();

    @Test
    void destroyingADataspaceFlushesItsMappingsAndLeavesItsRegionsReserved() {
        RegionMapId as = m.rm(1L << 30);
        RegionMapId sub = m.rm(0x10_0000);
        var ds = m.ram(0x1_0000);
        m.attach(sub, ds);
        m.attach(as, AttachRequest.of(m.managed(sub)).at(a(0x100_0000)));
        m.attach(as, AttachRequest.of(ds).at(a(0x0)));
        var thread = m.thread(as);
        m.read(thread, 0x100_0000);
        m.read(thread, 0x0);
        assertThat(m.lab.mappings(as).orThrow()).hasSize(2);

        m.lab.destroyDataspace(ds).orThrow();

        assertThat(m.lab.regions(sub).orThrow()).extracting(r -> r.at(), r -> r.reserved(), r -> r.dataspace())
                .containsExactly(tuple(a(0x0), true, null));
        assertThat(m.lab.regions(as).orThrow()).extracting(r -> r.at(), r -> r.reserved())
                .containsExactly(tuple(a(0x0), true), tuple(a(0x100_0000), false));
        assertThat(m.lab.mappings(as).orThrow()).isEmpty();
        assertThat(m.lab.dataspace(ds)).isEmpty();
        assertThat(m.lab.summary().regions()).as("reserved regions still count").isEqualTo(3);
    }

    @Test
    void aManagedDataspaceGoesOnlyWithItsRegionMap() {
        RegionMapId sub = m.rm(0x1000);
        var refused = m.lab.destroyDataspace(m.managed(sub));
        assertThat(((Result.Refused<?>) refused).failure().code()).isEqualTo(Code.INVALID_ARGUMENTS);
    }

    @Test
    void destroyingAnAddressSpaceStopsItsThreadsAndDetachesItsDataspaceEverywhere() {
        RegionMapId as = m.rm(0x10_0000);
        RegionMapId outer = m.rm(0x100_0000);
        m.attach(outer, m.managed(as));
        var thread = m.thread(as);
        var managed = m.managed(as);
        m.attach(as, m.ram(0x1000));
        m.read(thread, 0x0);
        var installed = m.lab.mappings(as).orThrow().getFirst();

        m.lab.destroyRegionMap(as).orThrow();

        assertThat(m.events).contains(new dev.pagerlab.engine.event.LabEvent.MappingFlushed(as, installed));
        assertThat(m.lab.summary().installedMappings()).isZero();

        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.STOPPED);
        assertThat(m.lab.regions(outer).orThrow()).isEmpty();
        assertThat(m.lab.dataspace(managed)).isEmpty();
        assertThat(m.lab.regionMap(as)).isEmpty();
    }
}
