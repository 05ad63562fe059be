package dev.pagerlab.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file under scenarios/ passes through the check command's code path; and the command's exit statuses. */
class ShippedScenariosTest {

    private static final Path SHIPPED = Path.of("../../scenarios");

    record Run(int status, String out, String err) {
    }

    static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CheckCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json")).sorted()
                    .toList();
        }
    }

    @Test
    void everyShippedScenarioPasses() throws IOException {
        List<Path> files = shipped();
        assertThat(files.stream().map(f -> f.getFileName().toString())).contains("superpage.yaml",
                "platform-constraint.yaml", "offset-breaks-alignment.yaml", "detach-flushes.yaml", "nesting.yaml",
                "wake-up.yaml", "recursion.yaml", "rm_fault.yaml", "rm_nested.yaml", "factor-ten.yaml");
        for (Path file : files) {
            Run run = check(file.toString());
            assertThat(run.status()).as("%s: %s%s", file, run.out(), run.err()).isZero();
            assertThat(run.out()).doesNotContain(" 0 passed");
        }
    }

    @Test
    void oneDeliberatelyWrongExpectationIsExactlyOneFailure(@TempDir Path dir) throws IOException {
        Path wrong = dir.resolve("rm_nested.yaml");
        String text = Files.readString(SHIPPED.resolve("rm_nested.yaml"));
        Files.writeString(wrong, text.replace("signals: {shim2_fault_handler: 1}", "signals: {shim2_fault_handler: 2}"));
        Path junit = dir.resolve("report.xml");
        Run run = check(wrong.toString(), "--junit", junit.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).containsOnlyOnce("FAIL").contains("signals.shim2_fault_handler").contains(" 1 failed");
        assertThat(Files.readString(junit)).contains("failures=\"1\"");
    }

    @Test
    void factorTenPinsTheFactorOnAnAlignedDataspaceAndItsCollapseWithAnOffset() throws IOException {
        Scenario scenario = ScenarioReader.read(Files.readString(SHIPPED.resolve("factor-ten.yaml")), Format.YAML,
                Limits.DEFAULT);
        assertThat(scenario.platform()).isEqualTo(new PlatformSpec.BuiltIn("microblaze"));
        Report report = Scenarios.check(scenario, dev.pagerlab.engine.lab.Quotas.DEFAULT, Limits.DEFAULT);
        assertThat(report.failureSummary()).isEmpty();
        List<Report.StepReport> runs = report.steps().stream().filter(s -> s.operation().equals("traceRun"))
                .toList();
        assertThat(runs).hasSize(2);
        // The file itself must ask for the counts and ratios, so that a weakened copy cannot pass this test.
        for (Report.StepReport run : runs) {
            assertThat(run.expectations()).extracting(Report.Expectation::path)
                    .contains("runs", "ratios.tlbMisses", "ratios.faults");
        }
        assertThat(ratios(runs.get(0))).allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(10.0));
        assertThat(ratios(runs.get(1))).containsExactly(1.0, 1.0);
    }

    private static List<Double> ratios(Report.StepReport run) {
        java.util.Map<?, ?> ratios = (java.util.Map<?, ?>) run.answer().get("ratios");
        return List.of((Double) ratios.get("tlbMisses"), (Double) ratios.get("faults"));
    }

    @Test
    void aMalformedFileExitsWithTwoAndItsLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "steps:\n  - check: {}\n  - fault: {thread: t, addr: 0x1000, typ: READ}\n");
        Run run = check(bad.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("bad.yaml:3:").contains("unknown field 'typ'");
        assertThat(check(dir.resolve("missing.yaml").toString()).status()).isEqualTo(2);
        assertThat(check().status()).isEqualTo(2);
    }

    @Test
    void withAHandOutTheAnswerSuppliesOnlyTheValues(@TempDir Path dir) throws IOException {
        Scenario exercise = Exercises.generate("fault-handling", "student-1", null, false);
        Scenario key = Exercises.generate("fault-handling", "student-1", null, true);
        Path handout = dir.resolve("handout.yaml");
        Files.writeString(handout, ScenarioWriter.write(exercise, Format.YAML));
        Path answer = dir.resolve("answer.json");
        Files.writeString(answer, ScenarioWriter.write(key, Format.JSON));
        assertThat(check(handout.toString(), answer.toString()).status()).isZero();
        assertThat(check(handout.toString(), handout.toString()).status()).isEqualTo(1);

        // Dropping the questions does not help: the hand-out's questions stay, unanswered.
        Scenario dropped = key.withSteps(key.steps().stream().map(s -> s.expecting(null)).toList());
        Path lazy = dir.resolve("lazy.yaml");
        Files.writeString(lazy, ScenarioWriter.write(dropped, Format.YAML));
        assertThat(check(lazy.toString()).status()).isZero();
        Run graded = check(handout.toString(), lazy.toString());
        assertThat(graded.status()).isEqualTo(1);
        assertThat(graded.out()).contains("unanswered");

        // Changing a step of the lab does not help either: its answers are not taken.
        String changed = ScenarioWriter.write(key, Format.YAML).replaceFirst("name: d\n    type: RAM\n    size: \\S+",
                "name: d\n    type: RAM\n    size: 0x200000");
        Path cheat = dir.resolve("cheat.yaml");
        Files.writeString(cheat, changed);
        Run cheated = check(handout.toString(), cheat.toString());
        assertThat(cheated.err()).contains("differs from the hand-out");
    }

    @Test
    void theExerciseCommandWritesAHandOutAndItsKeyThatTheCheckCommandGrades(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream handout = new ByteArrayOutputStream();
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(ExerciseCommand.run(List.of("revocation", "secret:17", "--platform", "nova"),
                new PrintStream(handout, true, StandardCharsets.UTF_8), err)).isZero();
        assertThat(ExerciseCommand.run(List.of("revocation", "secret:17", "--platform", "nova", "--answers"),
                new PrintStream(key, true, StandardCharsets.UTF_8), err)).isZero();
        Path handoutFile = dir.resolve("handout.yaml");
        Path keyFile = dir.resolve("key.yaml");
        Files.write(handoutFile, handout.toByteArray());
        Files.write(keyFile, key.toByteArray());
        assertThat(check(handoutFile.toString(), keyFile.toString()).status()).isZero();
        assertThat(ExerciseCommand.run(List.of("no-such-kind", "s"), System.out, err)).isEqualTo(2);
    }

    @Test
    void theSchemaNamesEveryStepTheReaderKnows() throws IOException {
        String schema = Files.readString(Path.of("../../openapi/scenario.schema.json"));
        for (String kind : ScenarioReader.STEP_KINDS) {
            assertThat(schema).contains("\"" + kind + "\"");
        }
        assertThat(Scenario.class.getResource("scenario.schema.json")).isNotNull();
    }
}
