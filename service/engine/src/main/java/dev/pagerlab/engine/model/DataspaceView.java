package dev.pagerlab.engine.model;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import org.jspecify.annotations.Nullable;

/**
 * A dataspace as seen from outside. {@code physAddr} is null for a managed dataspace, {@code managedBy} for any
 * other; {@code attachments} counts the regions that show it.
 */
public record DataspaceView(DataspaceId id, DataspaceKind kind, Size size, boolean writable, Cache cache,
                            @Nullable Addr physAddr, @Nullable RegionMapId managedBy, int attachments) {
}
