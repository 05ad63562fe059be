package dev.pagerlab.engine.event;

import dev.pagerlab.engine.lab.Operation;

/**
 * Receives a lab's events in the order they happened.
 *
 * <p>Called while the lab's lock is held, so that the order is the lab's order: an implementation must be quick and
 * must not call back into a different lab.
 */
@FunctionalInterface
public interface LabEventListener {

    /** Ignores every event. */
    LabEventListener NONE = event -> { };

    /** One event; never null. */
    void on(LabEvent event);

    /**
     * The lab accepted {@code operation}, the {@code sequence}-th of its history (1, 2, 3, ...); called after the
     * operation's events, while the lock is still held, so that a journal sees the lab's order. Does nothing unless
     * overridden.
     */
    default void accepted(long sequence, Operation operation) {
    }
}
