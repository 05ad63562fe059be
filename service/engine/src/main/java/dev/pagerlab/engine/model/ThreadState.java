package dev.pagerlab.engine.model;

/** A thread runs, waits in a region map's faulter queue, or has stopped for good (the segmentation fault). */
public enum ThreadState {
    RUNNING, FAULTED, STOPPED
}
