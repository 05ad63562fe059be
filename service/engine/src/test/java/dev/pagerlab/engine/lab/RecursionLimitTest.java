package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadState;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md, Recursion: a region map attached into itself ends in RECURSION_LIMIT, and the lab goes on. */
class RecursionLimitTest {

    @Test
    void aSelfAttachedRegionMapStopsTheThreadAtTheRecursionLimit() {
        Machines m = Machines.fresh();
        RegionMapId as = m.rm(1L << 30);
        RegionMapId s = m.rm(0x1_0000);
        m.attach(s, AttachRequest.of(m.managed(s)).at(a(0x0)));
        m.attach(as, AttachRequest.of(m.managed(s)).at(a(0x2000_0000)));
        var thread = m.thread(as);

        var report = m.read(thread, 0x2000_0000);

        assertThat(report.resolution()).isInstanceOf(FaultResolution.RecursionLimit.class);
        assertThat(((FaultResolution.RecursionLimit) report.resolution()).regionMap()).isEqualTo(s);
        assertThat(report.threadState()).isEqualTo(ThreadState.STOPPED);

        // The lab keeps serving: another thread resolves a fault elsewhere.
        m.attach(as, AttachRequest.of(m.ram(0x1000)).at(a(0x0)));
        var other = m.thread(as);
        assertThat(m.read(other, 0x0).resolution()).isInstanceOf(FaultResolution.Resolved.class);
    }

    @Test
    void detachingASelfAttachedRegionEnds() {
        Machines m = Machines.fresh();
        RegionMapId s = m.rm(0x1_0000);
        m.attach(s, AttachRequest.of(m.managed(s)).at(a(0x0)));

        m.lab.detach(s, a(0x0)).orThrow();

        assertThat(m.lab.regions(s).orThrow()).isEmpty();
    }
}
