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

    /**
     * Whether the lab is to build the events of the fault it is resolving now, asked once per fault that found a
     * mapping: a listener that would drop them unseen (a stream nobody watches, whose buffer the rest of a long
     * batch overwrites anyway) says no and is told {@link #resolvedUnheard} instead, which spares the fault the
     * event values (a third of what a batch allocated). Says yes unless overridden.
     */
    default boolean wantsFaultEvents() {
        return true;
    }

    /**
     * A fault resolved whose events were not built because {@link #wantsFaultEvents} said no: in their place,
     * {@code flushed} {@link LabEvent.MappingFlushed} (the mappings its install replaced or evicted), one
     * {@link LabEvent.MappingInstalled} of a mapping of {@code 2^sizeLog2} bytes, and one
     * {@link LabEvent.FaultAnswered} that it resolved, in that order. Called before {@link #accepted}, as they would
     * have been. Does nothing unless overridden.
     */
    default void resolvedUnheard(int flushed, int sizeLog2) {
    }
}
