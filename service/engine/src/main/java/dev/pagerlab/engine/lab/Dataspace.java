package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/** A memory object: {@code size} bytes with rights, a cache attribute and a backing; knows where it is attached. */
final class Dataspace {

    final DataspaceId id;
    final Size size;
    final boolean writable;
    final Cache cache;
    final Backing backing;
    // The regions that show this dataspace, in attach order: a list linked through the regions themselves, so that
    // an attachment costs no entry object and detaching one is O(1).
    private @Nullable Region firstShown;
    private @Nullable Region lastShown;
    private int shownBy;

    Dataspace(DataspaceId id, Size size, boolean writable, Cache cache, Backing backing) {
        this.id = id;
        this.size = size;
        this.writable = writable;
        this.cache = cache;
        this.backing = backing;
    }

    /** Appends {@code region}, which shows this dataspace, to its attachments. */
    void attached(Region region) {
        region.prevShown = lastShown;
        region.nextShown = null;
        if (lastShown != null) {
            lastShown.nextShown = region;
        } else {
            firstShown = region;
        }
        lastShown = region;
        shownBy++;
    }

    /** Removes {@code region} from the attachments. */
    void detached(Region region) {
        Region prev = region.prevShown;
        Region next = region.nextShown;
        if (prev != null) {
            prev.nextShown = next;
        } else {
            firstShown = next;
        }
        if (next != null) {
            next.prevShown = prev;
        } else {
            lastShown = prev;
        }
        region.prevShown = null;
        region.nextShown = null;
        shownBy--;
    }

    /** The regions that show this dataspace, in attach order, as a copy. */
    List<Region> attachments() {
        List<Region> all = new ArrayList<>(shownBy);
        for (Region r = firstShown; r != null; r = r.nextShown) {
            all.add(r);
        }
        return all;
    }

    /** Forgets every attachment at once. */
    void clearAttachments() {
        for (Region r : attachments()) {
            r.prevShown = null;
            r.nextShown = null;
        }
        firstShown = null;
        lastShown = null;
        shownBy = 0;
    }

    /** The physical address of byte 0; zero for a managed dataspace, as attach's alignment rule wants. */
    long physBase() {
        return switch (backing) {
            case Backing.Ram(Addr base) -> base.value();
            case Backing.IoMem(Addr base) -> base.value();
            case Backing.Managed m -> 0;
        };
    }

    DataspaceView view() {
        return switch (backing) {
            case Backing.Ram(Addr base) -> new DataspaceView(id, DataspaceKind.RAM, size, writable, cache, base, null,
                    shownBy);
            case Backing.IoMem(Addr base) -> new DataspaceView(id, DataspaceKind.IO_MEM, size, writable, cache, base,
                    null, shownBy);
            case Backing.Managed(RegionMap rm) -> new DataspaceView(id, DataspaceKind.MANAGED, size, writable, cache,
                    null, rm.id, shownBy);
        };
    }
}
