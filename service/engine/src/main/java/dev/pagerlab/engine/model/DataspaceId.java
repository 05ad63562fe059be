package dev.pagerlab.engine.model;

import java.util.Optional;

/** Identifies a dataspace inside its lab, printed as {@code ds-N}. */
public record DataspaceId(int number) {

    /** The id printed as {@code ds-number}; {@code number} must be positive. */
    public DataspaceId {
        Ids.requirePositive(number);
    }

    /** The id written as {@code ds-N}, or empty when {@code text} is not one. */
    public static Optional<DataspaceId> parse(String text) {
        return Ids.number("ds", text).map(DataspaceId::new);
    }

    @Override
    public String toString() {
        return "ds-" + number;
    }
}
