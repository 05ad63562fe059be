package dev.pagerlab.engine.model;

/** The kind of memory access that faulted. Reads are always allowed by a region; writes and execution need rights. */
public enum Access {
    READ, WRITE, EXEC
}
