package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.OperationHistoryTest.Observed;
import dev.pagerlab.engine.lab.OperationHistoryTest.Recorder;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Lab.fault} into a reused {@link FaultAnswer} answers every fault as the ordinary {@code Lab.fault} does and
 * leaves the same lab, with the same events and history; and a lab without a listener (which builds no events on
 * the fault path) ends up the same too. Over the 1,000 seeded random labs, replayed from their histories.
 */
class FaultAnswerTest {

    @Test
    void answersAsTheOrdinaryFaultAndLeavesTheSameLab() {
        SeededCases.check("fault-answer", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < 40; i++) {
                scenario.step();
            }
            List<Operation> history = scenario.lab.history();

            Recorder ordinaryEvents = new Recorder();
            Lab ordinary = Lab.create(scenario.config(), ordinaryEvents).orThrow();
            Recorder answeredEvents = new Recorder();
            Lab answered = Lab.create(scenario.config(), answeredEvents).orThrow();
            Lab silent = Lab.create(scenario.config(), LabEventListener.NONE).orThrow();
            FaultAnswer answer = new FaultAnswer();
            for (Operation op : history) {
                Result<?> done = ordinary.apply(op);
                assertThat(done).isInstanceOf(Result.Ok.class);
                if (op instanceof Operation.SubmitFault(ThreadId thread, Addr addr, Access access)) {
                    FaultReport report = (FaultReport) done.orThrow();
                    assertThat(answered.fault(thread, addr.value(), access, answer)).isTrue();
                    assertThat(answer.refusal()).isNull();
                    assertThat(answer.resolution()).isEqualTo(report.resolution());
                    assertThat(answer.threadState()).isEqualTo(report.threadState());
                    assertThat(answer.isResolved()).isEqualTo(report.resolution() instanceof FaultResolution.Resolved);
                    if (answer.isResolved()) {
                        assertThat(answer.mapping()).isEqualTo(((FaultResolution.Resolved) report.resolution())
                                .mapping());
                        assertThat(answer.virt()).isEqualTo(answer.mapping().virt().value());
                        assertThat(answer.phys()).isEqualTo(answer.mapping().phys().value());
                        assertThat(answer.sizeLog2()).isEqualTo(answer.mapping().sizeLog2().value());
                    }
                    assertThat(silent.fault(thread, addr.value(), access, answer)).isTrue();
                } else {
                    assertThat(answered.apply(op)).isInstanceOf(Result.Ok.class);
                    assertThat(silent.apply(op)).isInstanceOf(Result.Ok.class);
                }
            }
            assertThat(Observed.of(answered)).isEqualTo(Observed.of(ordinary));
            assertThat(Observed.of(silent)).isEqualTo(Observed.of(ordinary));
            assertThat(answeredEvents.events).isEqualTo(ordinaryEvents.events);
            assertThat(answeredEvents.accepted).isEqualTo(ordinaryEvents.accepted);
            assertThat(answered.history()).isEqualTo(ordinary.history());
            assertThat(silent.history()).isEqualTo(ordinary.history());

            // Refusals: an unknown thread, and every thread that is no longer running.
            ThreadId unknown = new ThreadId(1_000_000);
            assertThat(answered.fault(unknown, 0, Access.READ, answer)).isFalse();
            assertThat(answer.refusal()).isEqualTo(((Result.Refused<FaultReport>) ordinary.fault(unknown, Addr.ZERO,
                    Access.READ, Explain.NO_TRACE)).failure());
            for (var t : ordinary.threads()) {
                Result<FaultReport> expected = ordinary.fault(t.id(), Addr.ZERO, Access.READ, Explain.NO_TRACE);
                boolean accepted = answered.fault(t.id(), 0, Access.READ, answer);
                assertThat(accepted).isEqualTo(expected instanceof Result.Ok);
                if (expected instanceof Result.Refused<FaultReport>(var failure)) {
                    assertThat(answer.refusal()).isEqualTo(failure);
                } else {
                    assertThat(answer.resolution()).isEqualTo(expected.orThrow().resolution());
                }
            }
        });
    }
}
