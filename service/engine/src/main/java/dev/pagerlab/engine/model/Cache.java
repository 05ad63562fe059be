package dev.pagerlab.engine.model;

/** The cache attribute of a dataspace, carried into every mapping of it. */
public enum Cache {
    CACHED, WRITE_COMBINED, UNCACHED
}
