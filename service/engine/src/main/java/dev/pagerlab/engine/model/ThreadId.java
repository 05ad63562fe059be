package dev.pagerlab.engine.model;

import java.util.Optional;

/** Identifies a thread (pager object) inside its lab, printed as {@code th-N}. */
public record ThreadId(int number) {

    /** The id printed as {@code th-number}; {@code number} must be positive. */
    public ThreadId {
        Ids.requirePositive(number);
    }

    /** The id written as {@code th-N}, or empty when {@code text} is not one. */
    public static Optional<ThreadId> parse(String text) {
        return Ids.number("th", text).map(ThreadId::new);
    }

    @Override
    public String toString() {
        return "th-" + number;
    }
}
