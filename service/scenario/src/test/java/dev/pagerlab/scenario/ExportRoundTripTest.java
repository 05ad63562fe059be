package dev.pagerlab.scenario;

import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.RandomScenario;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Export then create-from-export gives the same lab, over many seeded random labs; an exported answer key passes. */
class ExportRoundTripTest {

    private static final int STEPS = 40;

    @Test
    void exportThenReplayGivesAnIdenticalLab() {
        SeededCases.check("export", random -> {
            RandomScenario original = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                original.step();
            }
            Lab lab = original.lab();
            LabConfig config = original.config();
            Scenario exported = Exporter.export("random", config, lab.history(), false);
            // Through the text, as a teacher's file would travel.
            Format format = random.nextBoolean() ? Format.YAML : Format.JSON;
            Scenario read = ScenarioReader.read(ScenarioWriter.write(exported, format), format, Limits.DEFAULT);
            Lab replayed = Scenarios.freshLab(read, config.quotas(), LabEventListener.NONE);
            Report report = Runner.run(read, replayed, Limits.DEFAULT);
            assertThat(report.failureSummary()).as("replay refused a step").isEmpty();
            assertSameLab(replayed, lab);
        });
    }

    @Test
    void anExportedAnswerKeyPassesItsOwnCheck() {
        // Writing and re-reading whole-lab check steps costs more: 100 labs here, the round trip above runs 1,000.
        for (long seed = 1; seed <= 100; seed++) {
            java.util.Random random = new java.util.Random(seed);
            RandomScenario original = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                original.step();
            }
            Scenario key = Exporter.export("key", original.config(), original.lab().history(), true);
            Scenario read = ScenarioReader.read(ScenarioWriter.write(key, Format.YAML), Format.YAML, Limits.DEFAULT);
            Report report = Scenarios.check(read, Quotas.DEFAULT, Limits.DEFAULT);
            assertThat(report.failureSummary()).as("seed %d", seed).isEmpty();
            assertThat(report.passed()).isPositive();
            assertThat(read.steps().getLast().action()).isEqualTo(new Action.Check());
        }
    }

    static void assertSameLab(Lab actual, Lab expected) {
        assertThat(actual.summary()).isEqualTo(expected.summary());
        assertThat(actual.dataspaces()).isEqualTo(expected.dataspaces());
        assertThat(actual.regionMaps()).isEqualTo(expected.regionMaps());
        assertThat(actual.threads()).isEqualTo(expected.threads());
        assertThat(actual.faultHandlers()).isEqualTo(expected.faultHandlers());
        List<Object> mappingsActual = new ArrayList<>();
        List<Object> mappingsExpected = new ArrayList<>();
        for (RegionMapView rm : expected.regionMaps()) {
            mappingsExpected.add(expected.mappings(rm.id()).orThrow());
            mappingsActual.add(actual.mappings(rm.id()).orThrow());
        }
        assertThat(mappingsActual).isEqualTo(mappingsExpected);
        assertThat(actual.history()).isEqualTo(expected.history());
    }
}
