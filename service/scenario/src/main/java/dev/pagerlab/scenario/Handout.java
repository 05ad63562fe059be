package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grading an answer against its hand-out: the hand-out fixes the platform, the steps and the questions (its
 * expectations); the answer supplies only the values of the questions the hand-out left {@code null}. A value the
 * hand-out gives stays as given, an expectation the answer adds is ignored, and a step of the answer that differs
 * from the hand-out's step at the same position (another operation or other arguments) contributes no values, so
 * its questions stay unanswered. A student can therefore neither change the lab nor drop a question.
 */
public final class Handout {

    private Handout() {
    }

    /** The hand-out with the answer's values filled in, ready to run. */
    public static Scenario merge(Scenario handout, Scenario answer) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < handout.steps().size(); i++) {
            Step question = handout.steps().get(i);
            Step given = i < answer.steps().size() ? answer.steps().get(i) : null;
            Map<String, @Nullable Object> values = given != null && given.action().equals(question.action())
                    ? given.expect() : null;
            steps.add(question.expect() == null ? question : question.expecting(fill(question.expect(), values)));
        }
        return handout.withSteps(steps);
    }

    /** The steps of {@code answer} that differ from the hand-out's, as 1-based numbers, for a warning. */
    public static List<Integer> changedSteps(Scenario handout, Scenario answer) {
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < Math.max(handout.steps().size(), answer.steps().size()); i++) {
            if (i >= handout.steps().size() || i >= answer.steps().size()
                    || !handout.steps().get(i).action().equals(answer.steps().get(i).action())) {
                changed.add(i + 1);
            }
        }
        return changed;
    }

    private static Map<String, @Nullable Object> fill(Map<String, @Nullable Object> question,
                                                      @Nullable Map<?, ?> values) {
        Map<String, @Nullable Object> filled = new LinkedHashMap<>();
        for (var e : question.entrySet()) {
            Object given = values == null ? null : values.get(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                filled.put(e.getKey(), given);
            } else if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> sub = (Map<String, @Nullable Object>) nested;
                filled.put(e.getKey(), fill(sub, given instanceof Map<?, ?> m ? m : null));
            } else {
                filled.put(e.getKey(), value);
            }
        }
        return filled;
    }
}
