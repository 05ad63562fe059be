package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;

/** A dataspace to allocate: {@code size} bytes (rounded up to pages), writable or not, with a cache attribute. */
public record DataspaceRequest(Size size, boolean writable, Cache cache) {

    /** A writable, cached dataspace of {@code size} bytes. */
    public static DataspaceRequest of(Size size) {
        return new DataspaceRequest(size, true, Cache.CACHED);
    }
}
