package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A lab's history replays into the same lab: the basis of export, journals and "what if" copies. */
class OperationHistoryTest {

    /** Everything a client can observe of a lab, in one consistent read. */
    record Observed(Object summary, Object dataspaces, Object regionMaps, Object threads, Object handlers,
                    List<Object> mappings) {
        static Observed of(Lab lab) {
            return lab.atomically(() -> {
                List<Object> mappings = new ArrayList<>();
                for (RegionMapView rm : lab.regionMaps()) {
                    mappings.add(lab.mappings(rm.id()).orThrow());
                }
                return new Observed(lab.summary(), lab.dataspaces(), lab.regionMaps(), lab.threads(),
                        lab.faultHandlers(), mappings);
            });
        }
    }

    /** Records events and the accepted operations with their sequence numbers. */
    static final class Recorder implements LabEventListener {
        final List<LabEvent> events = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        final List<Operation> accepted = new ArrayList<>();

        @Override
        public void on(LabEvent event) {
            events.add(event);
        }

        @Override
        public void accepted(long sequence, Operation operation) {
            sequences.add(sequence);
            accepted.add(operation);
        }
    }

    @Test
    void replayingTheHistoryBuildsTheSameLabWithTheSameEvents() {
        SeededCases.check("history-replay", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < 40; i++) {
                scenario.step();
            }
            if (random.nextBoolean()) {
                scenario.handlers.forEach(scenario.lab::deliverSignal);
            }
            List<Operation> history = scenario.lab.history();

            Recorder original = new Recorder();
            Lab first = Lab.create(LabConfig.of(scenario.platform), original).orThrow();
            history.forEach(op -> assertThat(first.apply(op)).isInstanceOf(
                    dev.pagerlab.engine.model.Result.Ok.class));
            Recorder again = new Recorder();
            Lab second = Lab.create(LabConfig.of(scenario.platform), again).orThrow();
            first.history().forEach(second::apply);

            assertThat(Observed.of(first)).isEqualTo(Observed.of(scenario.lab));
            assertThat(Observed.of(second)).isEqualTo(Observed.of(first));
            assertThat(again.events).isEqualTo(original.events);
            assertThat(first.history()).isEqualTo(history);
        });
    }

    @Test
    void refusedOperationsAreNotRecordedAndAcceptedOnesAreNumberedInOrder() {
        Recorder recorder = new Recorder();
        Lab lab = Lab.create(LabConfig.of(PlatformProfile.builtIn("foc").orElseThrow()), recorder).orThrow();
        RegionMapId as = lab.createRegionMap(Size.of(1L << 30), "AS").orThrow().id();
        var ds = lab.allocateRam(DataspaceRequest.of(Size.of(0x40_0000))).orThrow().id();
        lab.attach(as, AttachRequest.of(ds)).orThrow();
        assertThat(lab.attach(as, AttachRequest.of(ds).at(Addr.of(0x1000)))).isInstanceOf(
                dev.pagerlab.engine.model.Result.Refused.class);
        ThreadId main = lab.createThread(as, "main").orThrow().id();
        lab.fault(main, Addr.of(0x12_3456), Access.READ, Explain.TRACE).orThrow();
        assertThat(lab.deliverSignal(new HandlerId(9))).isInstanceOf(dev.pagerlab.engine.model.Result.Refused.class);

        assertThat(lab.history()).containsExactly(
                new Operation.CreateRegionMap(Size.of(1L << 30), "AS"),
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(0x40_0000))),
                new Operation.Attach(as, AttachRequest.of(ds)),
                new Operation.CreateThread(as, "main"),
                new Operation.SubmitFault(main, Addr.of(0x12_3456), Access.READ));
        assertThat(recorder.accepted).isEqualTo(lab.history());
        assertThat(recorder.sequences).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void anEmptySignalDeliveryIsNotPartOfTheHistoryButADeliveryIs() {
        Lab lab = Lab.create(LabConfig.of(PlatformProfile.builtIn("foc").orElseThrow()), LabEventListener.NONE)
                .orThrow();
        RegionMapId as = lab.createRegionMap(Size.of(0x1_0000), "AS").orThrow().id();
        HandlerId h = lab.createFaultHandler("h").orThrow().id();
        lab.setFaultHandler(as, h).orThrow();
        assertThat(lab.deliverSignal(h).orThrow()).isEmpty();
        ThreadId t = lab.createThread(as, "t").orThrow().id();
        lab.fault(t, Addr.of(0x0), Access.READ, Explain.NO_TRACE).orThrow();
        assertThat(lab.deliverSignal(h).orThrow()).isPresent();

        assertThat(lab.history()).endsWith(new Operation.SubmitFault(t, Addr.ZERO, Access.READ),
                new Operation.DeliverSignal(h));
        assertThat(lab.history()).filteredOn(op -> op instanceof Operation.DeliverSignal).hasSize(1);
    }
}
