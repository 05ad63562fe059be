package dev.pagerlab.engine.model;

import java.util.Optional;

/** Identifies a fault handler (signal context) inside its lab, printed as {@code fh-N}. */
public record HandlerId(int number) {

    /** The id printed as {@code fh-number}; {@code number} must be positive. */
    public HandlerId {
        Ids.requirePositive(number);
    }

    /** The id written as {@code fh-N}, or empty when {@code text} is not one. */
    public static Optional<HandlerId> parse(String text) {
        return Ids.number("fh", text).map(HandlerId::new);
    }

    @Override
    public String toString() {
        return "fh-" + number;
    }
}
