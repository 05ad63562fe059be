package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;
import org.jspecify.annotations.Nullable;

/**
 * A dataspace to allocate: {@code size} bytes (rounded up to pages), writable or not, with a cache attribute; a null
 * {@code cache} means the kind's default: {@code CACHED} for RAM, {@code UNCACHED} for I/O memory.
 */
public record DataspaceRequest(Size size, boolean writable, @Nullable Cache cache) {

    /** A writable dataspace of {@code size} bytes with the kind's default cache attribute. */
    public static DataspaceRequest of(Size size) {
        return new DataspaceRequest(size, true, null);
    }
}
