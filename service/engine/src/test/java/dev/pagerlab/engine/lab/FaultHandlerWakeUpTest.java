package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Attached;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Signal;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** the worked checks of docs/concepts.md, Wake-up: a fault reflected to sub's handler is resolved by attaching memory there. */
class FaultHandlerWakeUpTest {

    private Machines m;
    private RegionMapId as;
    private RegionMapId sub;
    private ThreadId thread;
    private dev.pagerlab.engine.model.HandlerId handler;

    @BeforeEach
    void attachAnEmptySubRegionMapWithAHandler() {
        m = Machines.fresh();
        as = m.rm(1L << 30);
        sub = m.rm(0x1_0000);
        m.attach(as, AttachRequest.of(m.managed(sub)).at(a(0x1800_0000)));
        handler = m.handlerAt(sub);
        thread = m.thread(as);
    }

    @Test
    void reflectsTheFaultAndWakesTheThreadWhenMemoryIsAttached() {
        var reflected = m.read(thread, 0x1800_0000);
        assertThat(reflected.resolution()).isEqualTo(
                new FaultResolution.Reflected(sub, new Fault(Access.READ, a(0x0)), Cause.NO_REGION));
        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.FAULTED);
        assertThat(m.lab.faultHandler(handler).orElseThrow().submitted()).isEqualTo(1);

        var page = m.ram(0x1000);
        Attached attached = m.lab.attach(sub, AttachRequest.of(page).at(a(0x0))).orThrow();

        assertThat(attached.resumed()).hasSize(1);
        var retried = attached.resumed().getFirst();
        assertThat(retried.thread()).isEqualTo(thread);
        Mapping mapping = ((FaultResolution.Resolved) retried.resolution()).mapping();
        assertThat(mapping).extracting(Mapping::virt, Mapping::phys, Mapping::sizeLog2)
                .containsExactly(a(0x1800_0000), a(0x0), Log2.of(12));
        assertThat(m.lab.state(sub).orThrow()).isEmpty();
        assertThat(m.lab.thread(thread).orElseThrow().state()).isEqualTo(ThreadState.RUNNING);
        assertThat(m.lab.mappings(as).orThrow()).containsExactly(mapping);
    }

    @Test
    void refusesAFaultFromAThreadThatWaits() {
        m.read(thread, 0x1800_0000);

        var again = m.lab.fault(thread, a(0x1800_0000), Access.READ, Explain.NO_TRACE);

        assertThat(again).isInstanceOf(dev.pagerlab.engine.model.Result.Refused.class);
        assertThat(((dev.pagerlab.engine.model.Result.Refused<?>) again).failure().code())
                .isEqualTo(dev.pagerlab.engine.model.Failure.Code.THREAD_NOT_RUNNING);
    }

    @Test
    void wakesOnlyFaultersTheNewRegionCoversInFifoOrder() {
        ThreadId second = m.thread(as);
        ThreadId elsewhere = m.thread(as);
        m.read(thread, 0x1800_0000);
        m.read(elsewhere, 0x1800_8000);
        m.read(second, 0x1800_0fff);

        var page = m.ram(0x1000);
        Attached attached = m.lab.attach(sub, AttachRequest.of(page).at(a(0x0))).orThrow();

        assertThat(attached.resumed()).extracting(r -> r.thread()).containsExactly(thread, second);
        assertThat(m.lab.state(sub).orThrow()).contains(new Fault(Access.READ, a(0x8000)));
        assertThat(m.lab.thread(elsewhere).orElseThrow().state()).isEqualTo(ThreadState.FAULTED);
    }

    @Test
    void countsSignalsUntilTheyAreDelivered() {
        ThreadId second = m.thread(as);
        m.read(thread, 0x1800_0000);
        m.read(second, 0x1800_1000);

        Signal signal = m.lab.deliverSignal(handler).orThrow().orElseThrow();

        assertThat(signal.count()).isEqualTo(2);
        assertThat(signal.regionMap()).isEqualTo(sub);
        assertThat(signal.state()).contains(new Fault(Access.READ, a(0x0)));
        assertThat(m.lab.deliverSignal(handler).orThrow()).isEmpty();
        assertThat(m.events).filteredOn(e -> e instanceof LabEvent.SignalSubmitted).hasSize(2);
    }

    @Test
    void aRetriedFaultThatStillMissesIsReflectedAgain() {
        m.read(thread, 0x1800_0000);
        var page = m.ram(0x1000);
        var readOnly = AttachRequest.of(page).at(a(0x0)).rights(dev.pagerlab.engine.model.Rights.READ_ONLY);
        m.lab.clearFaultHandler(sub).orThrow();
        m.handlerAt(sub);
        // The thread retries a READ, which a read-only region allows; a waiting WRITE would fault again.
        ThreadId writer = m.thread(as);
        m.write(writer, 0x1800_0000);

        Attached attached = m.lab.attach(sub, readOnly).orThrow();

        assertThat(attached.resumed()).extracting(r -> r.resolution().outcome())
                .containsExactly("RESOLVED", "REFLECTED");
        assertThat(m.lab.state(sub).orThrow()).contains(new Fault(Access.WRITE, a(0x0)));
        assertThat(m.lab.thread(writer).orElseThrow().state()).isEqualTo(ThreadState.FAULTED);
    }

    @Test
    void destroyingTheRegionMapStopsItsFaulters() {
        m.read(thread, 0x1800_0000);

        m.lab.destroyRegionMap(sub).orThrow();

        var view = m.lab.thread(thread).orElseThrow();
        assertThat(view.state()).isEqualTo(ThreadState.STOPPED);
        assertThat(view.stopReason()).contains("destroyed");
        assertThat(m.lab.regions(as).orThrow()).isEmpty();
    }
}
