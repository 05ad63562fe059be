package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * One step of a scenario: its action, its expectations as written (plain values; a null value is a question left
 * unanswered; null as a whole when the step expects nothing), an optional note for people, and where it was written.
 */
public record Step(Action action, @Nullable Map<String, @Nullable Object> expect, @Nullable String note,
                   Location at) {

    /** The same step expecting {@code newExpect}. */
    public Step expecting(@Nullable Map<String, @Nullable Object> newExpect) {
        return new Step(action, newExpect, note, at);
    }
}
