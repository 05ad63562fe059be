package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Rights;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Dataspace bytes {@code [offset, offset+size-1]} shown at {@code [at, at+size-1]} of a region map, or a reserved
 * range whose dataspace was destroyed (Genode's {@code Rm_region::mark_as_reserved}).
 *
 * <p>On path-revoking platforms a region also lists the installed mappings resolved through it, so that a detach
 * flushes exactly those (docs/fidelity.md, revocation) at a cost that grows with them, not with the attachment paths.
 */
final class Region {

    private static final long[] NONE = new long[0];

    // Plain values rather than Addr and Size objects: a fault reads them on every level, and three objects fewer
    // per region are three cache misses fewer among thousands of regions (and 48 bytes less each).
    private final long at;
    private final long size;
    private final long offset;
    private final Rights rights;
    /** The region map this region belongs to. */
    final RegionMap regionMap;
    private @Nullable Dataspace dataspace;
    /** Neighbours among the regions that show the same dataspace (see {@link Dataspace#attachments()}). */
    @Nullable Region prevShown;
    @Nullable Region nextShown;
    /**
     * Handles ({@link MappingTable#handle}) of the mappings resolved through this region, flushed ones included
     * until the next compaction: removing a mapping from the lists of all its regions would cost a search per
     * region, while skipping it here costs nothing.
     */
    private long[] through = NONE;
    private int throughCount;

    Region(RegionMap regionMap, Addr at, Size size, Dataspace dataspace, Size offset, Rights rights) {
        this.regionMap = regionMap;
        this.at = at.value();
        this.size = size.value();
        this.dataspace = dataspace;
        this.offset = offset.value();
        this.rights = rights;
    }

    Addr at() {
        return Addr.of(at);
    }

    Size size() {
        return Size.of(size);
    }

    Size offset() {
        return Size.of(offset);
    }

    Rights rights() {
        return rights;
    }

    /** The dataspace shown; null once the region is reserved. */
    @Nullable Dataspace dataspace() {
        return dataspace;
    }

    boolean reserved() {
        return dataspace == null;
    }

    /** Keeps the range but drops the dataspace: faults here are handled as if no region were there. */
    void markAsReserved() {
        dataspace = null;
    }

    AddrRange range() {
        return AddrRange.of(at(), size());
    }

    /** The dataspace bytes this region shows. */
    AddrRange window() {
        return AddrRange.of(Addr.of(offset), size());
    }

    /** Records that the mapping of {@code handle} in {@code table} was resolved through this region. */
    void recordThrough(long handle, MappingTable table) {
        if (throughCount == through.length) {
            int live = 0;
            for (int i = 0; i < throughCount; i++) {
                if (table.live(through[i])) {
                    through[live++] = through[i];
                }
            }
            throughCount = live;
            // Grow only when at least half is live, so the array stays within twice the live mappings.
            if (live * 2 >= through.length) {
                through = Arrays.copyOf(through, Math.max(4, through.length * 2));
            }
        }
        through[throughCount++] = handle;
    }

    /**
     * Hands the slot of every mapping resolved through this region that is still installed to {@code flush}, then
     * forgets them.
     */
    void flushThrough(MappingTable table, IntConsumer flush) {
        long[] all = through;
        int count = throughCount;
        through = NONE;
        throughCount = 0;
        for (int i = 0; i < count; i++) {
            if (table.live(all[i])) {
                flush.accept(MappingTable.slot(all[i]));
            }
        }
    }

    RegionView view() {
        Dataspace ds = dataspace;
        return ds == null ? new RegionView(at(), size(), null, offset(), rights, true)
                : new RegionView(at(), size(), ds.id, offset(), rights, false);
    }
}
