package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A lab written down: a name, the platform (a built-in name or a custom profile), optional physical memory, and the
 * steps that build it, each with optional expectations.
 */
public record Scenario(String name, @Nullable String description, PlatformSpec platform,
                       @Nullable PhysicalMemory physicalMemory, List<Step> steps) {

    /** The steps are copied. */
    public Scenario {
        steps = List.copyOf(steps);
    }

    /** {@code physicalMemory: {base, size}}. */
    public record PhysicalMemory(long base, long size) {
    }

    /** The same scenario with other steps. */
    public Scenario withSteps(List<Step> newSteps) {
        return new Scenario(name, description, platform, physicalMemory, newSteps);
    }
}
