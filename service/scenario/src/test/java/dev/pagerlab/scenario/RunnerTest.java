package dev.pagerlab.scenario;

import dev.pagerlab.engine.lab.Quotas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading, running and checking scenarios: expectations, refusals, names, parse errors with line and column. */
class RunnerTest {

    static Report check(String yaml) {
        return Scenarios.check(ScenarioReader.read(yaml, Format.YAML, Limits.DEFAULT), Quotas.DEFAULT, Limits.DEFAULT);
    }

    private static final String SUPERPAGE = """
            scenario: superpage
            platform: foc
            steps:
              - dataspace: {name: small, type: RAM, size: 4K}
                expect: {physAddr: 0x0}
              - dataspace: {name: big, type: RAM, size: 4M}
                expect: {physAddr: "0x400000"}
              - rmSession: {name: as, size: 1G}
              - attach: {rmSession: as, dataspace: big}
                expect: {at: 0, size: 4M}
              - thread: {name: main, rmSession: as}
              - fault: {thread: main, addr: 0x123456, type: READ}
                expect:
                  outcome: RESOLVED
                  mapping: {virt: 0x0, phys: 0x400000, sizeLog2: 22}
                  thread: {state: RUNNING}
            """;

    @Test
    void theSuperpageScenarioPassesWithNumbersInAnyNotation() {
        Report report = check(SUPERPAGE);
        assertThat(report.failureSummary()).isEmpty();
        assertThat(report.passed()).isEqualTo(9);
        assertThat(report.steps().get(5).answer()).containsEntry("outcome", "RESOLVED");
    }

    @Test
    void oneWrongExpectationIsExactlyOneFailure() {
        Report report = check(SUPERPAGE.replace("sizeLog2: 22", "sizeLog2: 21"));
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.passed()).isEqualTo(8);
        Report.Expectation failed = report.steps().get(5).expectations().stream().filter(e -> !e.passed())
                .findFirst().orElseThrow();
        assertThat(failed.path()).isEqualTo("mapping.sizeLog2");
        assertThat(failed.actual()).isEqualTo(22);
        assertThat(report.toJunitXml()).contains("failures=\"1\"").contains("tests=\"9\"")
                .contains("name=\"mapping.sizeLog2\"");
    }

    @Test
    void aRefusedStepWithoutErrorFailsItsExpectationsAndTheRestStillRuns() {
        Report report = check("""
                steps:
                  - rmSession: {name: as, size: 1M}
                  - dataspace: {name: ds, type: RAM, size: 64K}
                  - attach: {rmSession: as, dataspace: ds, at: 0x1000}
                  - attach: {rmSession: as, dataspace: ds, at: 0x2000}
                    expect: {at: 0x2000}
                  - attach: {rmSession: as, dataspace: ds, at: 0x8000}
                    expect: {error: REGION_CONFLICT}
                  - attach: {rmSession: as, dataspace: nothing}
                    expect: {error: INVALID_DATASPACE}
                  - check:
                    expect:
                      regions:
                        as: [{at: 0x1000, size: 64K, dataspace: ds}]
                """);
        var refused = report.steps().get(3).expectations();
        assertThat(refused).extracting(Report.Expectation::path).containsExactly("error", "at");
        assertThat(refused.getFirst().expected()).isNull();
        assertThat(refused.getFirst().actual()).isEqualTo("REGION_CONFLICT");
        assertThat(refused).noneMatch(Report.Expectation::passed);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.passed()).isEqualTo(3);
    }

    @Test
    void nullExpectationsAreUnansweredAndFail() {
        Report report = check("""
                steps:
                  - dataspace: {name: ds, type: RAM, size: 8K}
                    expect: {physAddr: null, size: 0x2000}
                """);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.steps().getFirst().expectations().getFirst().note()).isEqualTo("unanswered");
    }

    @Test
    void listsAreExactInLengthAndEntriesMustNameTheirKeyFields() {
        String base = """
                steps:
                  - rmSession: {name: as, size: 1M}
                  - faultHandler: {name: h}
                  - setFaultHandler: {rmSession: as, handler: h}
                  - thread: {name: a, rmSession: as}
                  - fault: {thread: a, addr: 0x3000, type: READ}
                    expect: {outcome: REFLECTED, reflected: {rmSession: as, addr: 0x3000}}
                  - dataspace: {name: ds, type: RAM, size: 4K}
                  - attach: {rmSession: as, dataspace: ds, at: 0x3000}
                    expect: {resumed: RESUMED}
                """;
        assertThat(check(base.replace("RESUMED", "[{thread: {name: a}, outcome: RESOLVED}]")).failed()).isZero();
        assertThat(check(base.replace("RESUMED", "[]")).failed()).isEqualTo(1);
        assertThat(check(base.replace("RESUMED", "[{}]")).failed()).isEqualTo(1);
        assertThat(check(base.replace("RESUMED", "[{thread: {name: b}, outcome: RESOLVED}]")).failed()).isEqualTo(1);
    }

    @Test
    void largeYamlIntegersAreNotLimitedTo2To53() {
        Report report = check("""
                platform: foc
                steps:
                  - dataspace: {name: io, type: IO_MEM, size: 4K, physAddr: 18446744073709547520}
                    expect: {physAddr: 0xfffffffffffff000}
                """);
        assertThat(report.failed()).isZero();
    }

    @Test
    void malformedDocumentsAreRefusedWithLineAndColumn() {
        assertThatThrownBy(() -> check("""
                steps:
                  - rmSession: {name: as, size: 1M}
                  - attatch: {rmSession: as}
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> {
            assertThat(e.location().line()).isEqualTo(3);
            assertThat(e.location().column()).isEqualTo(5);
            assertThat(e.getMessage()).contains("unknown step 'attatch'");
        });
        assertThatThrownBy(() -> check("""
                steps:
                  - rmSession: {name: as, size: 1M}
                  - rmSession: {name: as, size: 2M}
                """)).isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.location().line())
                .isEqualTo(3));
        assertThatThrownBy(() -> check("platform: amiga\nsteps: []\n")).isInstanceOfSatisfying(
                ScenarioException.class, e -> assertThat(e.location().line()).isEqualTo(1));
        assertThatThrownBy(() -> check("steps:\n  - attach: [1, 2]\n")).isInstanceOf(ScenarioException.class);
        assertThatThrownBy(() -> check("steps:\n  - detach: {rmSession: as, addr: 0xZZ}\n"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.location().line()).isEqualTo(2));
        assertThatThrownBy(() -> ScenarioReader.read("{\"steps\": [\n  {\"check\": {}},\n  {\"check\": {}, }]}",
                Format.JSON, Limits.DEFAULT)).isInstanceOfSatisfying(ScenarioException.class,
                e -> assertThat(e.location().line()).isEqualTo(3));
    }

    @Test
    void theStepLimitRefusesLongScenarios() {
        String steps = "steps:\n" + "  - check: {}\n".repeat(11);
        assertThatThrownBy(() -> ScenarioReader.read(steps, Format.YAML, new Limits(10,
                java.time.Duration.ofSeconds(1)))).isInstanceOf(ScenarioException.class).hasMessageContaining("11");
    }

    @Test
    void jsonAndYamlAreTheSameDocument() {
        Scenario yaml = ScenarioReader.read(SUPERPAGE, Format.YAML, Limits.DEFAULT);
        String json = ScenarioWriter.write(yaml, Format.JSON);
        Scenario back = ScenarioReader.read(json, Format.JSON, Limits.DEFAULT);
        assertThat(back.steps()).extracting(Step::action).isEqualTo(yaml.steps().stream().map(Step::action).toList());
        Report report = Scenarios.check(back, Quotas.DEFAULT, Limits.DEFAULT);
        assertThat(report.failed()).isZero();
        assertThat(report.passed()).isEqualTo(9);
    }
}
