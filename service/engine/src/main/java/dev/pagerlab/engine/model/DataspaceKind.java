package dev.pagerlab.engine.model;

/** What backs a dataspace: simulated RAM, a caller-given physical range, or a region map (a managed dataspace). */
public enum DataspaceKind {
    RAM, IO_MEM, MANAGED
}
