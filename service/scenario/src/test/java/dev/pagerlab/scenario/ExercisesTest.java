package dev.pagerlab.scenario;

import dev.pagerlab.engine.lab.Quotas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exercises: the same seed gives a byte-identical exercise in every version (golden files), different seeds differ,
 * an answer key passes its own check, and the exercise has its questions present with null values.
 * {@code -Dpagerlab.golden.regenerate=true} rewrites the golden files after a deliberate change.
 */
class ExercisesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final List<String> SEEDS = List.of("course-2026:alice", "course-2026:bob", "42");

    @Test
    void theSameSeedGivesTheGoldenExercise() throws IOException {
        boolean regenerate = Boolean.getBoolean("pagerlab.golden.regenerate");
        for (Exercises.Kind kind : Exercises.KINDS) {
            for (String seed : SEEDS.subList(0, 2)) {
                String text = ScenarioWriter.write(Exercises.generate(kind.name(), seed, null, false), Format.YAML);
                Path file = GOLDEN.resolve(kind.name() + "-" + seed.replace(':', '-') + ".yaml");
                if (regenerate) {
                    Files.createDirectories(GOLDEN);
                    Files.writeString(file, text, StandardCharsets.UTF_8);
                }
                assertThat(text).as("%s for seed %s (regenerate deliberately with -Dpagerlab.golden.regenerate=true)",
                        kind.name(), seed).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentExercises() {
        for (Exercises.Kind kind : Exercises.KINDS) {
            List<String> texts = new ArrayList<>();
            for (String seed : SEEDS) {
                texts.add(ScenarioWriter.write(Exercises.generate(kind.name(), seed, "foc", false), Format.YAML)
                        .replace(seed, "SEED"));
            }
            assertThat(texts).as(kind.name()).doesNotHaveDuplicates();
        }
    }

    @Test
    void everyAnswerKeyPassesItsOwnCheckAndTheExerciseAsksWithNulls() {
        for (Exercises.Kind kind : Exercises.KINDS) {
            for (int i = 0; i < 50; i++) {
                String seed = "seed-" + i;
                for (String platform : new String[] {"foc", "nova", "x86_64"}) {
                    Scenario key = Exercises.generate(kind.name(), seed, platform, true);
                    String text = ScenarioWriter.write(key, Format.YAML);
                    Report report = Scenarios.check(ScenarioReader.read(text, Format.YAML, Limits.DEFAULT),
                            Quotas.DEFAULT, Limits.DEFAULT);
                    assertThat(report.failureSummary()).as("%s seed %s on %s", kind.name(), seed, platform).isEmpty();
                    assertThat(report.passed()).isPositive();

                    Scenario exercise = Exercises.generate(kind.name(), seed, platform, false);
                    Report unanswered = Scenarios.check(exercise, Quotas.DEFAULT, Limits.DEFAULT);
                    assertThat(unanswered.passed()).isZero();
                    assertThat(unanswered.failed()).isPositive().isLessThanOrEqualTo(report.passed());
                    assertThat(exercise.steps()).extracting(Step::action).isEqualTo(key.steps().stream()
                            .map(Step::action).toList());
                    // Grading the exercise as the hand-out with the key as the answer passes everything.
                    Report graded = Scenarios.check(Handout.merge(exercise, key), Quotas.DEFAULT, Limits.DEFAULT);
                    assertThat(graded.failed()).isZero();
                }
            }
        }
    }

    @Test
    void anExerciseHasEveryQuestionPresentWithANullValue() {
        Scenario exercise = Exercises.generate("best-mapping", "x", null, false);
        List<Map<String, Object>> expectations = exercise.steps().stream().map(Step::expect)
                .filter(Objects::nonNull).toList();
        assertThat(expectations).isNotEmpty();
        assertThat(ScenarioWriter.write(exercise, Format.YAML)).contains("sizeLog2: null").contains("physAddr: null");
    }
}
