package dev.pagerlab.scenario;

import java.time.Duration;

/**
 * What one scenario may cost: at most {@code maxSteps} steps, and at most {@code maxTime} of running (the remaining
 * steps are then reported as not run), so that a hostile file cannot tie up a service.
 */
public record Limits(int maxSteps, Duration maxTime) {

    /** 1,000 steps and 5 seconds. */
    public static final Limits DEFAULT = new Limits(1000, Duration.ofSeconds(5));

    /** Both limits must be positive. */
    public Limits {
        if (maxSteps <= 0 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
