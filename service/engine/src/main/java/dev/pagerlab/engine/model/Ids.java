package dev.pagerlab.engine.model;

import java.util.Optional;

/** The one place that knows how an id is written: a prefix, a dash and a positive decimal number. */
final class Ids {

    private Ids() {
    }

    static void requirePositive(int number) {
        if (number <= 0) {
            throw new IllegalArgumentException("ids are positive: " + number);
        }
    }

    static Optional<Integer> number(String prefix, String text) {
        if (!text.startsWith(prefix + "-")) {
            return Optional.empty();
        }
        String digits = text.substring(prefix.length() + 1);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(digits));
    }
}
