package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Rights;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An independent oracle for the pager, written the slow and obvious way: it asks whether a whole virtual block lies
 * inside one region at every level and translates it top-down, instead of narrowing bounds like the engine.
 */
final class BruteForcePager {

    /** What the walk of a block found. */
    sealed interface Walk {
        /** The block lies inside one leaf region's window; {@code phys} is where it is backed. */
        record Leaf(AddrRange phys, Rights rights, DataspaceView dataspace) implements Walk {
        }

        /** The first address has no region at {@code rm}, where it is {@code local}. */
        record NoRegion(RegionMapId rm, Addr local) implements Walk {
        }

        /** The block does not fit one region at some level (only for blocks larger than a page). */
        record Straddles() implements Walk {
        }

        /** The access is denied at the leaf region of {@code rm}, where the address is {@code local}. */
        record Denied(RegionMapId rm, Addr local) implements Walk {
        }

        /** More than five levels. */
        record TooDeep(RegionMapId rm, Addr local) implements Walk {
        }
    }

    private final Map<RegionMapId, RegionMapView> regionMaps;
    private final Map<DataspaceId, DataspaceView> dataspaces;

    BruteForcePager(Lab lab) {
        var snapshot = lab.atomically(() -> Map.entry(lab.regionMaps(), lab.dataspaces()));
        this.regionMaps = snapshot.getKey().stream().collect(Collectors.toMap(RegionMapView::id, Function.identity()));
        this.dataspaces = snapshot.getValue().stream().collect(Collectors.toMap(DataspaceView::id,
                Function.identity()));
    }

    RegionMapView regionMap(RegionMapId id) {
        return regionMaps.get(id);
    }

    /** Walks {@code block} of address space {@code as}, following the fault at {@code addr} inside it. */
    Walk walk(RegionMapId as, AddrRange block, Addr addr, Access access) {
        RegionMapId rm = as;
        AddrRange range = block;
        long hotspot = addr.value();
        Rights rights = Rights.ALL;
        for (int level = 0; level < Pager.RECURSION_LIMIT; level++) {
            RegionView region = null;
            for (RegionView r : regionMaps.get(rm).regions()) {
                if (r.range().contains(hotspot)) {
                    region = r;
                }
            }
            if (region == null || region.reserved()) {
                return new Walk.NoRegion(rm, Addr.of(hotspot));
            }
            if (!region.range().contains(range)) {
                return new Walk.Straddles();
            }
            long shift = region.offset().value() - region.at().value();
            AddrRange inDataspace = range.reducedBy(region.at().value()).increasedBy(region.offset().value());
            rights = rights.intersected(region.rights());
            DataspaceView ds = dataspaces.get(region.dataspace());
            if (ds.kind() == DataspaceKind.MANAGED) {
                rm = ds.managedBy();
                range = inDataspace;
                hotspot += shift;
                continue;
            }
            rights = rights.intersected(new Rights(ds.writable(), true));
            if (!rights.allow(access)) {
                return new Walk.Denied(rm, Addr.of(hotspot));
            }
            return new Walk.Leaf(inDataspace.increasedBy(ds.physAddr().value()), rights, ds);
        }
        return new Walk.TooDeep(rm, Addr.of(hotspot));
    }
}
