package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.OperationHistoryTest.Observed;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that declines a resolved fault's events ({@link LabEventListener#wantsFaultEvents}) is told, in their
 * place and at their place, exactly what they would have said: how many mappings the fault flushed, the size of the
 * mapping it installed, and that it resolved; the lab ends up the same. Over the 1,000 seeded random labs, each replayed
 * twice from its history, once heard in full and once with faults declined at random.
 */
class UnheardFaultEventsTest {

    /** What a fault's events were replaced by. */
    private record Unheard(int flushed, int sizeLog2) {
    }

    /** Everything a listener is told, in order: events, stand-ins for declined events, and accepted sequences. */
    private static final class Told implements LabEventListener {
        final List<Object> told = new ArrayList<>();
        private final @org.jspecify.annotations.Nullable SplittableRandom declines;

        Told(@org.jspecify.annotations.Nullable SplittableRandom declines) {
            this.declines = declines;
        }

        @Override
        public void on(LabEvent event) {
            told.add(event);
        }

        @Override
        public boolean wantsFaultEvents() {
            return declines == null || declines.nextInt(3) > 0;
        }

        @Override
        public void resolvedUnheard(int flushed, int sizeLog2) {
            told.add(new Unheard(flushed, sizeLog2));
        }

        @Override
        public void accepted(long sequence, Operation operation) {
            told.add(sequence);
        }
    }

    @Test
    void aDeclinedFaultIsToldAsItsEventsWouldHaveSaidIt() {
        long[] declinedFaults = {0};
        SeededCases.check("unheard-fault-events", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < 60; i++) {
                scenario.step();
            }
            Told heard = new Told(null);
            Lab full = Lab.create(scenario.config(), heard).orThrow();
            Told declined = new Told(new SplittableRandom(random.nextLong()));
            Lab spared = Lab.create(scenario.config(), declined).orThrow();
            for (Operation op : scenario.lab.history()) {
                Result<?> expected = full.apply(op);
                assertThat(spared.apply(op)).isEqualTo(expected);
            }
            assertThat(Observed.of(spared)).isEqualTo(Observed.of(full));
            assertThat(spared.history()).isEqualTo(full.history());

            // Each stand-in replaces a run of MappingFlushed, one MappingInstalled and a resolved FaultAnswered.
            List<Object> expected = new ArrayList<>();
            int standIns = 0;
            for (int i = 0, j = 0; i < heard.told.size(); i++) {
                Object next = declined.told.get(j);
                if (next instanceof Unheard unheard) {
                    int flushed = 0;
                    while (heard.told.get(i + flushed) instanceof LabEvent.MappingFlushed) {
                        flushed++;
                    }
                    LabEvent.MappingInstalled installed = (LabEvent.MappingInstalled) heard.told.get(i + flushed);
                    LabEvent.FaultAnswered answered = (LabEvent.FaultAnswered) heard.told.get(i + flushed + 1);
                    assertThat(answered.resolution()).isEqualTo(new FaultResolution.Resolved(installed.mapping()));
                    expected.add(new Unheard(flushed, installed.mapping().sizeLog2().value()));
                    i += flushed + 1;
                    standIns++;
                } else {
                    expected.add(heard.told.get(i));
                }
                j++;
            }
            assertThat(declined.told).isEqualTo(expected);
            declinedFaults[0] += standIns;
        });
        assertThat(declinedFaults[0]).as("faults declined over all labs").isGreaterThan(1_000);
    }
}
