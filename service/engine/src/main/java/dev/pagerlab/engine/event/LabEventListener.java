package dev.pagerlab.engine.event;

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
}
