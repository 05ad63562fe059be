package dev.pagerlab.engine.model;

import java.util.Optional;

/** Identifies a region map (RM session) inside its lab, printed as {@code rm-N}. */
public record RegionMapId(int number) {

    /** The id printed as {@code rm-number}; {@code number} must be positive. */
    public RegionMapId {
        Ids.requirePositive(number);
    }

    /** The id written as {@code rm-N}, or empty when {@code text} is not one. */
    public static Optional<RegionMapId> parse(String text) {
        return Ids.number("rm", text).map(RegionMapId::new);
    }

    @Override
    public String toString() {
        return "rm-" + number;
    }
}
