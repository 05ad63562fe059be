package dev.pagerlab.scenario;

import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code traceRun} step: its answer in names, its expectations (runs exact in length and order, ratios to the
 * decimals written), its refusals and malformed forms, and that it leaves the lab, its history and its export alone.
 */
class TraceRunStepTest {

    /** A 64K dataspace at 0x0 of a MicroBlaze address space: BEST maps it whole (2^16), SINGLE_PAGE page by page. */
    private static final String LAB = """
            scenario: trace
            platform: microblaze
            steps:
              - dataspace: {name: ds, type: RAM, size: 64K}
                expect: {physAddr: 0x0}
              - rmSession: {name: as, size: 1M}
              - attach: {rmSession: as, dataspace: ds}
                expect: {at: 0x0}
              - thread: {name: main, rmSession: as}
            """;

    /**
     * Four accesses, the last outside the region: under BEST the first faults in the whole 64K, the next two hit, the
     * last misses and faults with NO_REGION, which ends the run; under SINGLE_PAGE every access is a new page.
     */
    private static final String RUN = LAB + """
              - traceRun:
                  thread: main
                  accesses: [{type: READ, addr: 0x0}, {type: READ, addr: 0x1000}, {type: WRITE, addr: 0x8000},
                             {type: READ, addr: 0x10000}]
                expect:
                  runs:
                    - {pager: BEST, accesses: 4, tlbMisses: 2, faults: 2, mappingsInstalled: 1,
                       mappingSizes: {"16": 1},
                       stoppedAt: {index: 3, type: READ, addr: 0x10000, outcome: NO_REGION, rmSession: as}}
                    - {pager: SINGLE_PAGE, accesses: 4, tlbMisses: 4, faults: 4, mappingsInstalled: 3,
                       mappingSizes: {"12": 3}}
                  ratios: {tlbMisses: 2, faults: 2.0}
              - check:
                expect: {mappings: {as: []}, threads: {main: RUNNING}}
            """;

    static Report check(String yaml) {
        return Scenarios.check(ScenarioReader.read(yaml, Format.YAML, Limits.DEFAULT), Quotas.DEFAULT,
                Limits.DEFAULT);
    }

    @Test
    void theRunnerAnswersATraceRunInNamesAndChangesNothing() {
        Report report = check(RUN);
        assertThat(report.failureSummary()).isEmpty();
        // 2 + 1 before, runs and the two ratios, then mappings.as and threads.main.
        assertThat(report.passed()).isEqualTo(7);
        Report.StepReport step = report.steps().get(4);
        assertThat(step.operation()).isEqualTo("traceRun");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) step.answer().get("runs");
        assertThat(runs).extracting(r -> r.get("pager")).containsExactly("BEST", "SINGLE_PAGE");
        assertThat(runs.get(1).get("stoppedAt")).isEqualTo(runs.get(0).get("stoppedAt"));
        assertThat(step.answer().get("ratios")).isEqualTo(Map.of("tlbMisses", 2.0, "faults", 2.0));
    }

    @Test
    void aTraceRunIsNoPartOfTheHistoryAndAnExportDoesNotWriteIt() {
        Scenario scenario = ScenarioReader.read(RUN, Format.YAML, Limits.DEFAULT);
        Lab lab = Scenarios.freshLab(scenario, Quotas.DEFAULT, LabEventListener.NONE);
        Runner runner = new Runner(lab);
        List<Step> steps = scenario.steps();
        for (int i = 0; i < 4; i++) {
            runner.apply(steps.get(i), i + 1);
        }
        List<Operation> before = lab.history();
        Report.StepReport traced = runner.apply(steps.get(4), 5);
        assertThat(traced.expectations()).allMatch(Report.Expectation::passed);
        assertThat(lab.history()).isEqualTo(before);
        assertThat(lab.summary().installedMappings()).isZero();

        Scenario exported = Exporter.export("after", Scenarios.labConfig(scenario, Quotas.DEFAULT), lab.history(),
                true);
        assertThat(exported.steps()).extracting(s -> s.action().key())
                .containsExactly("dataspace", "rmSession", "attach", "thread", "check");
    }

    @Test
    void aWrongCountFailsExactlyThere() {
        Report report = check(RUN.replace("tlbMisses: 4, faults: 4", "tlbMisses: 3, faults: 4"));
        assertThat(report.failed()).isEqualTo(1);
        Report.Expectation failed = report.steps().stream().flatMap(s -> s.expectations().stream())
                .filter(e -> !e.passed()).findFirst().orElseThrow();
        assertThat(failed.path()).isEqualTo("runs");
        assertThat(failed.note()).isEqualTo("entry 1 differs");
        assertThat(report.steps().get(4).expectations()).filteredOn(e -> !e.passed()).hasSize(1);

        Report ratio = check(RUN.replace("ratios: {tlbMisses: 2, faults: 2.0}", "ratios: {tlbMisses: 2, faults: 2.5}"));
        assertThat(ratio.failed()).isEqualTo(1);
        assertThat(ratio.steps().get(4).expectations()).filteredOn(e -> !e.passed())
                .extracting(Report.Expectation::path).containsExactly("ratios.faults");
    }

    @Test
    void runsAreExactInLengthAndOrderAndEachEntryNamesItsPager() {
        String one = "    - {pager: BEST, accesses: 4, tlbMisses: 2, faults: 2, mappingsInstalled: 1,\n"
                + "       mappingSizes: {\"16\": 1},\n"
                + "       stoppedAt: {index: 3, type: READ, addr: 0x10000, outcome: NO_REGION, rmSession: as}}\n";
        String two = "    - {pager: SINGLE_PAGE, accesses: 4, tlbMisses: 4, faults: 4, mappingsInstalled: 3,\n"
                + "       mappingSizes: {\"12\": 3}}\n";
        String runs = (one + two).indent(4);
        assertThat(RUN).contains(runs);
        assertThat(check(RUN.replace(runs, two.indent(4))).failed()).isEqualTo(1);
        assertThat(check(RUN.replace(runs, (two + one).indent(4))).failed()).isEqualTo(1);
        // An entry that names only its pager passes; one that names nothing cannot.
        assertThat(check(RUN.replace(runs, "    - {pager: BEST}\n    - {pager: SINGLE_PAGE}\n".indent(4)))
                .failed()).isZero();
        Report nameless = check(RUN.replace(runs, "    - {}\n    - {pager: SINGLE_PAGE}\n".indent(4)));
        assertThat(nameless.failed()).isEqualTo(1);
        assertThat(nameless.steps().get(4).expectations().getFirst().note()).isEqualTo("entry 0: must name pager");
        // A question inside a list cannot be answered there: the list is asked as a whole.
        Report asked = check(RUN.replace(runs, "    - {pager: BEST, tlbMisses: null}\n    - {pager: SINGLE_PAGE}\n"
                .indent(4)));
        assertThat(asked.steps().get(4).expectations().getFirst().note()).startsWith("entry 0: unanswered");
    }

    @Test
    void aTextTraceAPatternAndTheTlbAndPagerChoicesAreHonoured() {
        // A one-entry FIFO TLB: under SINGLE_PAGE, 0x1000 evicts 0x0, so the third access misses without faulting.
        Report text = check(LAB + """
                  - traceRun:
                      thread: main
                      trace: |
                        # address space as
                        READ 0x0
                        READ 0x1000

                        READ 0x0
                        READ 0x2000
                      tlb: {entries: 1, policy: FIFO}
                      pagers: [SINGLE_PAGE, BEST]
                    expect:
                      runs:
                        - {pager: SINGLE_PAGE, accesses: 4, tlbMisses: 4, faults: 3, mappingsInstalled: 3}
                        - {pager: BEST, accesses: 4, tlbMisses: 1, faults: 1, mappingsInstalled: 1}
                      ratios: {tlbMisses: 4, faults: 3}
                """);
        assertThat(text.failureSummary()).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) text.steps().get(4).answer().get("runs");
        assertThat(runs).allSatisfy(run -> assertThat(run).doesNotContainKey("stoppedAt"));

        // A sequential scan of the 64K every 64 bytes: 1024 reads; BEST needs one mapping, SINGLE_PAGE sixteen.
        Report pattern = check(LAB + """
                  - traceRun:
                      thread: main
                      pattern: {name: sequential, base: 0x0, size: 64K}
                      pagers: [BEST]
                    expect:
                      runs: [{pager: BEST, accesses: 1024, tlbMisses: 1, faults: 1, mappingsInstalled: 1}]
                  - traceRun:
                      thread: main
                      pattern: {name: strided, base: 0x0, size: 64K, stride: 4K, accesses: 32}
                      tlb: {entries: 8}
                    expect:
                      runs:
                        - {pager: BEST, accesses: 32, tlbMisses: 1, faults: 1}
                        - {pager: SINGLE_PAGE, accesses: 32, tlbMisses: 32, faults: 16}
                      ratios: {tlbMisses: 32, faults: 16}
                """);
        assertThat(pattern.failureSummary()).isEmpty();
        assertThat(pattern.steps().get(4).answer().get("ratios")).isEqualTo(Map.of());
    }

    @Test
    void whatDependsOnTheLabIsARefusal() {
        Report report = check(LAB + """
                  - traceRun: {thread: nobody, accesses: [{type: READ, addr: 0x0}]}
                    expect: {error: NOT_FOUND}
                  - traceRun: {thread: main, accesses: [{type: READ, addr: 0x100000000}]}
                    expect: {error: VALIDATION_FAILED}
                  - traceRun: {thread: main, pattern: {name: sequential, base: 0x0, size: 0}}
                    expect: {error: VALIDATION_FAILED}
                  - fault: {thread: main, addr: 0x80000, type: READ}
                    expect: {outcome: NO_REGION, thread: {state: STOPPED}}
                  - traceRun: {thread: main, trace: "READ 0x0"}
                    expect: {error: THREAD_NOT_RUNNING}
                  - traceRun: {thread: main, trace: "READ 0x0"}
                """);
        assertThat(report.passed()).isEqualTo(2 + 3 + 2 + 1);
        assertThat(report.failed()).isEqualTo(1);
        Report.Expectation refused = report.steps().getLast().expectations().getFirst();
        assertThat(refused.path()).isEqualTo("error");
        assertThat(refused.actual()).isEqualTo("THREAD_NOT_RUNNING");
    }

    @Test
    void whatTheReaderCanJudgeIsMalformedWithItsLine() {
        int line = LAB.split("\n").length + 1;
        record Bad(String step, String message) {
        }
        for (Bad bad : List.of(
                new Bad("{thread: main}", "exactly one form"),
                new Bad("{thread: main, trace: \"READ 0x0\", accesses: []}", "exactly one form"),
                new Bad("{thread: main, trace: \"READ 0x0\\nLOAD 0x1000\"}", "trace line 2"),
                new Bad("{thread: main, pattern: {name: zigzag, base: 0x0}}", "unknown trace pattern 'zigzag'"),
                new Bad("{thread: main, pattern: {name: strided, base: 0, size: 4K, step: 64}}", "takes no 'step'"),
                new Bad("{thread: main, pattern: {name: sequential, base: 0}}", "needs 'size'"),
                new Bad("{thread: main, pattern: {name: sequential, base: 0, size: 4K, colour: red}}",
                        "unknown field 'colour'"),
                new Bad("{thread: main, trace: \"READ 0x0\", tlb: {entries: 0}}", "from 1 to 65536"),
                new Bad("{thread: main, trace: \"READ 0x0\", tlb: {policy: RANDOM}}", "is not one of"),
                new Bad("{thread: main, trace: \"READ 0x0\", pagers: [BEST, BEST]}", "named twice"),
                new Bad("{thread: main, trace: \"READ 0x0\", pagers: []}", "'pagers' is a list"),
                new Bad("{thread: main, accesses: [{type: READ, address: 0x0}]}", "unknown field 'address'"),
                new Bad("{thread: main, trace: \"READ 0x0\", tlbs: {}}", "unknown field 'tlbs'"))) {
            assertThatThrownBy(() -> check(LAB + "  - traceRun: " + bad.step() + "\n")).as(bad.step())
                    .isInstanceOfSatisfying(ScenarioException.class, e -> {
                        assertThat(e.location().line()).as(bad.step()).isEqualTo(line);
                        assertThat(e.getMessage()).as(bad.step()).contains(bad.message());
                    });
        }
    }

    @Test
    void aTraceRunTravelsThroughYamlAndJsonUnchanged() {
        String all = RUN + """
                  - traceRun:
                      thread: main
                      pattern: {name: random, base: 0x0, size: 64K, granularity: 8, accesses: 100,
                                seed: 18446744073709551615, type: WRITE}
                      tlb: {policy: FIFO}
                  - traceRun: {thread: main, trace: "READ 0x0\\nEXEC 0x1000\\n", pagers: [SINGLE_PAGE]}
                """;
        Scenario yaml = ScenarioReader.read(all, Format.YAML, Limits.DEFAULT);
        for (Format format : Format.values()) {
            Scenario back = ScenarioReader.read(ScenarioWriter.write(yaml, format), format, Limits.DEFAULT);
            assertThat(back.steps()).extracting(Step::action)
                    .isEqualTo(yaml.steps().stream().map(Step::action).toList());
            assertThat(Scenarios.check(back, Quotas.DEFAULT, Limits.DEFAULT).failureSummary()).isEmpty();
        }
    }

    @Test
    void ratiosCompareToTheDecimalsWritten() {
        double third = 4.0 / 3;
        assertThat(Values.same(new BigDecimal("1.33"), third)).isTrue();
        assertThat(Values.same(new BigDecimal("1.3"), third)).isTrue();
        assertThat(Values.same(new BigDecimal("1.333"), third)).isTrue();
        assertThat(Values.same(new BigDecimal("1.34"), third)).isFalse();
        assertThat(Values.same(BigInteger.ONE, third)).isFalse();
        assertThat(Values.same(BigInteger.valueOf(16), 16.0)).isTrue();
        assertThat(Values.same(BigInteger.valueOf(16), 16.3)).isFalse();
        assertThat(Values.same(new BigDecimal("16.3"), 16.25)).isTrue();
        assertThat(Values.same("4096", 4096.0)).isTrue();
        assertThat(Values.same("a lot", 4096.0)).isFalse();
        // Integers still compare as unsigned values, whatever their notation.
        assertThat(Values.same("4K", 4096L)).isTrue();
    }
}
