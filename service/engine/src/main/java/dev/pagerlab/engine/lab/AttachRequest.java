package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.Rights;

import java.util.Optional;

/**
 * The arguments of attach (docs/concepts.md, "Region maps"): {@code size} zero means the rest of the dataspace after
 * {@code offset}; no {@code at} lets the region map choose the address best for later mappings.
 */
public record AttachRequest(DataspaceId dataspace, Size size, Size offset, Optional<Addr> at, Rights rights) {

    /** The whole dataspace, wherever it fits best, read-write. */
    public static AttachRequest of(DataspaceId dataspace) {
        return new AttachRequest(dataspace, Size.ZERO, Size.ZERO, Optional.empty(), Rights.READ_WRITE);
    }

    /** The same request at {@code at}. */
    public AttachRequest at(Addr address) {
        return new AttachRequest(dataspace, size, offset, Optional.of(address), rights);
    }

    /** The same request showing {@code windowSize} bytes from {@code windowOffset}. */
    public AttachRequest window(Size windowOffset, Size windowSize) {
        return new AttachRequest(dataspace, windowSize, windowOffset, at, rights);
    }

    /** The same request with {@code newRights}. */
    public AttachRequest rights(Rights newRights) {
        return new AttachRequest(dataspace, size, offset, at, newRights);
    }
}
