package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares a step's expectations with its answer (scenarios.md, "Checking"). A mapping is compared on the fields it
 * names, each leaf its own expectation; a list is one expectation, exact in length and order, each entry compared
 * on the fields it names; a null is a question left unanswered and fails.
 *
 * <p>Where an answer is a list entry or a whole mapping, a few fields must be named, so that an empty entry
 * ({@code {}}) cannot pass by naming nothing: {@code resumed} entries name {@code thread} and {@code outcome},
 * {@code mappings} entries {@code virt}, {@code phys} and {@code sizeLog2}, {@code regions} entries {@code at} and
 * {@code size}, a {@code state} entry its {@code type}, a trace run's {@code runs} entries their {@code pager}.
 */
final class Comparison {

    private record Required(Pattern path, List<String> fields) {
    }

    private static final List<Required> REQUIRED = List.of(
            new Required(Pattern.compile("(^|.*\\.)resumed"), List.of("thread", "outcome")),
            new Required(Pattern.compile("mappings\\.[^\\[]+"), List.of("virt", "phys", "sizeLog2")),
            new Required(Pattern.compile("regions\\.[^\\[]+"), List.of("at", "size")),
            new Required(Pattern.compile("state\\.[^\\[]+"), List.of("type")),
            new Required(Pattern.compile("runs"), List.of("pager")));

    private Comparison() {
    }

    /**
     * The expectations of one step against its answer. A refused step's answer holds {@code error}; when the step
     * does not expect one, the failed entry {@code {path: error, expected: null, actual: CODE}} comes first.
     */
    static List<Report.Expectation> compare(@Nullable Map<String, @Nullable Object> expect,
                                            Map<String, @Nullable Object> answer) {
        List<Report.Expectation> out = new ArrayList<>();
        Object error = answer.get("error");
        if (error != null && (expect == null || !expect.containsKey("error"))) {
            out.add(new Report.Expectation("error", null, error, false, "the step was refused with " + error
                    + ": " + answer.get("detail")));
        }
        if (expect != null) {
            for (var e : expect.entrySet()) {
                compare(e.getKey(), e.getValue(), answer.get(e.getKey()), out);
            }
        }
        return out;
    }

    private static void compare(String path, @Nullable Object expected, @Nullable Object actual,
                                List<Report.Expectation> out) {
        if (expected == null) {
            out.add(new Report.Expectation(path, null, actual, false, "unanswered"));
            return;
        }
        if (expected instanceof Map<?, ?> fields) {
            String missing = missing(path, fields);
            if (missing != null) {
                out.add(new Report.Expectation(path, expected, actual, false, missing));
                return;
            }
            Map<?, ?> actualFields = actual instanceof Map<?, ?> m ? m : Map.of();
            for (var e : fields.entrySet()) {
                compare(path + "." + e.getKey(), e.getValue(), actualFields.get(e.getKey()), out);
            }
            return;
        }
        if (expected instanceof List<?> entries) {
            String why = listMismatch(path, entries, actual);
            out.add(new Report.Expectation(path, expected, actual, why == null, why));
            return;
        }
        out.add(new Report.Expectation(path, expected, actual, Values.same(expected, actual), null));
    }

    private static @Nullable String listMismatch(String path, List<?> expected, @Nullable Object actual) {
        if (!(actual instanceof List<?> entries)) {
            return "expected a list";
        }
        if (entries.size() != expected.size()) {
            return "expected " + expected.size() + " entries, got " + entries.size();
        }
        for (int i = 0; i < expected.size(); i++) {
            Object want = expected.get(i);
            if (want instanceof Map<?, ?> fields) {
                String missing = missing(path, fields);
                if (missing != null) {
                    return "entry " + i + ": " + missing;
                }
            }
            if (!matches(want, entries.get(i))) {
                return "entry " + i + (asks(want) ? ": unanswered (a list is asked as a whole: " + path + ": null)"
                        : " differs");
            }
        }
        return null;
    }

    /** Whether {@code value} holds a null anywhere: a question, which a list entry cannot ask. */
    private static boolean asks(@Nullable Object value) {
        return switch (value) {
            case null -> true;
            case Map<?, ?> m -> m.values().stream().anyMatch(Comparison::asks);
            case List<?> l -> l.stream().anyMatch(Comparison::asks);
            default -> false;
        };
    }

    /** Whether {@code actual} has every field {@code expected} names, with the same values, at any depth. */
    private static boolean matches(@Nullable Object expected, @Nullable Object actual) {
        if (expected instanceof Map<?, ?> fields) {
            if (!(actual instanceof Map<?, ?> got)) {
                return false;
            }
            return fields.entrySet().stream().allMatch(e -> matches(e.getValue(), got.get(e.getKey())));
        }
        if (expected instanceof List<?> list) {
            if (!(actual instanceof List<?> got) || got.size() != list.size()) {
                return false;
            }
            for (int i = 0; i < list.size(); i++) {
                if (!matches(list.get(i), got.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return expected != null && Values.same(expected, actual);
    }

    private static @Nullable String missing(String path, Map<?, ?> fields) {
        for (Required r : REQUIRED) {
            if (r.path().matcher(path).matches()) {
                List<String> absent = r.fields().stream().filter(f -> !fields.containsKey(f)).toList();
                if (!absent.isEmpty()) {
                    return "must name " + String.join(", ", absent);
                }
            }
        }
        return null;
    }
}
