package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.platform.Revocation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent oracle for what a detach, a dataspace's destruction or a region map's destruction flushes, written
 * the slow and obvious way from docs/fidelity.md, revocation on a copy of the lab: the path rule by enumerating every chain of
 * regions from every address space (exponential, fine for small labs), the physical rule by recomputing each region's
 * core-local address and comparing every installed mapping's physical range.
 */
final class BruteForceRevocation {

    private final Revocation rule;
    private final Map<RegionMapId, List<RegionView>> regions = new LinkedHashMap<>();
    private final Map<DataspaceId, DataspaceView> dataspaces = new LinkedHashMap<>();
    private final Map<RegionMapId, Set<Mapping>> mappings = new LinkedHashMap<>();

    BruteForceRevocation(Lab lab) {
        this.rule = lab.platform().revocation();
        lab.atomically(() -> {
            for (RegionMapView rm : lab.regionMaps()) {
                regions.put(rm.id(), new ArrayList<>(rm.regions()));
                mappings.put(rm.id(), new HashSet<>(lab.mappings(rm.id()).orThrow()));
            }
            for (DataspaceView ds : lab.dataspaces()) {
                dataspaces.put(ds.id(), ds);
            }
            return null;
        });
    }

    /** The installed mappings of every region map the model still has. */
    Map<RegionMapId, Set<Mapping>> mappings() {
        return mappings;
    }

    void detach(RegionMapId rm, Addr addr) {
        RegionView region = regions.get(rm).stream().filter(r -> r.range().contains(addr)).findFirst()
                .orElseThrow();
        regions.get(rm).remove(region);
        revoke(rm, region);
    }

    void destroyDataspace(DataspaceId ds) {
        for (var entry : regions.entrySet()) {
            List<RegionView> list = entry.getValue();
            for (int i = 0; i < list.size(); i++) {
                RegionView r = list.get(i);
                if (ds.equals(r.dataspace())) {
                    revoke(entry.getKey(), r);
                    list.set(i, new RegionView(r.at(), r.size(), null, r.offset(), r.rights(), true));
                }
            }
        }
        dataspaces.remove(ds);
    }

    void destroyRegionMap(RegionMapId rm) {
        for (RegionView r : List.copyOf(regions.get(rm))) {
            regions.get(rm).remove(r);
            revoke(rm, r);
        }
        DataspaceId managed = dataspaces.values().stream().filter(d -> rm.equals(d.managedBy())).findFirst()
                .orElseThrow().id();
        for (var entry : regions.entrySet()) {
            for (RegionView r : List.copyOf(entry.getValue())) {
                if (managed.equals(r.dataspace())) {
                    entry.getValue().remove(r);
                    revoke(entry.getKey(), r);
                }
            }
        }
        regions.remove(rm);
        mappings.remove(rm);
        dataspaces.remove(managed);
    }

    private void revoke(RegionMapId rm, RegionView g) {
        if (g.reserved()) {
            return;
        }
        if (rule == Revocation.PATH) {
            for (var entry : mappings.entrySet()) {
                entry.getValue().removeIf(m -> reaches(entry.getKey(), m.virtRange(), 1, rm, g));
            }
            return;
        }
        Long coreLocal = coreLocal(g);
        if (coreLocal == null) {
            return;
        }
        long last = coreLocal + g.size().value() - 1;
        AddrRange frames = new AddrRange(coreLocal, Long.compareUnsigned(last, coreLocal) < 0 ? -1L : last);
        for (Set<Mapping> set : mappings.values()) {
            set.removeIf(m -> m.physRange().overlaps(frames));
        }
    }

    /** Whether {@code range} of region map {@code at}, at nesting level {@code level}, sees region {@code g}. */
    private boolean reaches(RegionMapId at, AddrRange range, int level, RegionMapId rm, RegionView g) {
        if (at.equals(rm) && range.overlaps(g.range())) {
            return true;
        }
        if (level == Pager.RECURSION_LIMIT) {
            return false;
        }
        for (RegionView r : regions.get(at)) {
            AddrRange shown = range.intersected(r.range());
            if (!shown.valid() || r.reserved()) {
                continue;
            }
            DataspaceView ds = dataspaces.get(r.dataspace());
            if (ds.kind() == DataspaceKind.MANAGED && regions.containsKey(ds.managedBy())
                    && reaches(ds.managedBy(), shown.reducedBy(r.at().value()).increasedBy(r.offset().value()),
                    level + 1, rm, g)) {
                return true;
            }
        }
        return false;
    }

    /** Genode's core-local address of {@code g} in this model, or null when there is none within five levels. */
    private Long coreLocal(RegionView g) {
        RegionView region = g;
        for (int level = 1; level <= Pager.RECURSION_LIMIT; level++) {
            if (region.reserved()) {
                return null;
            }
            DataspaceView ds = dataspaces.get(region.dataspace());
            if (ds.kind() != DataspaceKind.MANAGED) {
                return ds.physAddr().value() + region.offset().value();
            }
            long offset = region.offset().value();
            region = regions.get(ds.managedBy()).stream().filter(r -> r.range().contains(offset)).findFirst()
                    .orElse(null);
            if (region == null) {
                return null;
            }
        }
        return null;
    }
}
