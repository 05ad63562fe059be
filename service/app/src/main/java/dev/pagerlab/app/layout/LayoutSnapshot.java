package dev.pagerlab.app.layout;

import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the picture of one region map needs, read from a lab in one consistent step: every region map (for the
 * nested ones), every dataspace, the region map's installed mappings and the platform.
 */
record LayoutSnapshot(RegionMapId root, Map<RegionMapId, RegionMapView> regionMaps,
                      Map<DataspaceId, DataspaceView> dataspaces, List<Mapping> mappings, PlatformProfile platform) {

    /** The kinds a region is drawn as. */
    enum Kind {
        RAM, IO_MEM, MANAGED, RESERVED
    }

    LayoutSnapshot {
        regionMaps = Map.copyOf(regionMaps);
        dataspaces = Map.copyOf(dataspaces);
        mappings = List.copyOf(mappings);
    }

    /** The snapshot of region map {@code id}; refused with NOT_FOUND when the lab has none. */
    static Result<LayoutSnapshot> of(Lab lab, RegionMapId id) {
        return lab.atomically(() -> lab.mappings(id).map(mappings -> {
            Map<RegionMapId, RegionMapView> maps = new LinkedHashMap<>();
            lab.regionMaps().forEach(rm -> maps.put(rm.id(), rm));
            Map<DataspaceId, DataspaceView> dataspaces = new LinkedHashMap<>();
            lab.dataspaces().forEach(ds -> dataspaces.put(ds.id(), ds));
            return new LayoutSnapshot(id, maps, dataspaces, mappings, lab.platform());
        }));
    }

    RegionMapView rootView() {
        return regionMaps.get(root);
    }

    /**
     * How a region is drawn. A region of a destroyed dataspace is reserved (Genode's {@code mark_as_reserved}): it
     * keeps its range and shows nothing. This is the one place that decides a region's kind.
     */
    Kind kindOf(RegionView region) {
        DataspaceView dataspace = dataspaceOf(region);
        if (region.reserved() || dataspace == null) {
            return Kind.RESERVED;
        }
        return switch (dataspace.kind()) {
            case RAM -> Kind.RAM;
            case IO_MEM -> Kind.IO_MEM;
            case MANAGED -> Kind.MANAGED;
        };
    }

    /** The region map a managed region shows, or null for any other region. */
    @Nullable RegionMapView nested(RegionView region) {
        DataspaceView dataspace = dataspaceOf(region);
        if (dataspace == null || dataspace.kind() != DataspaceKind.MANAGED || dataspace.managedBy() == null) {
            return null;
        }
        return regionMaps.get(dataspace.managedBy());
    }

    /** The dataspace a region shows; null for a reserved region, which has none. */
    private @Nullable DataspaceView dataspaceOf(RegionView region) {
        DataspaceId id = region.dataspace();
        return id == null ? null : dataspaces.get(id);
    }
}
