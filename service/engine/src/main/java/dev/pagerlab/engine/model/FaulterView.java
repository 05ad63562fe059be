package dev.pagerlab.engine.model;

/** A thread waiting in a region map's faulter queue, with its fault in that region map's coordinates. */
public record FaulterView(ThreadId thread, Fault fault) {
}
