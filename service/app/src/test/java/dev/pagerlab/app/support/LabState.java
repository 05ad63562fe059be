package dev.pagerlab.app.support;

import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.HandlerView;
import dev.pagerlab.engine.model.LabSummary;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.ThreadView;

import java.util.List;
import java.util.Optional;

/**
 * Everything a lab shows, as comparable values: its summary, dataspaces, region maps with their regions, installed
 * mappings and faulter state, threads, fault handlers with their signal counts, and its history.
 */
public record LabState(LabSummary summary, List<DataspaceView> dataspaces, List<RegionMapView> regionMaps,
                       List<List<RegionView>> regions, List<List<Mapping>> mappings, List<Optional<Fault>> states,
                       List<ThreadView> threads, List<HandlerView> handlers, List<Operation> history) {

    /** This state with an empty history: what a compacted lab must equal. */
    public LabState apartFromHistory() {
        return new LabState(summary, dataspaces, regionMaps, regions, mappings, states, threads, handlers, List.of());
    }

    public static LabState of(Lab lab) {
        return lab.atomically(() -> {
            List<RegionMapView> rms = lab.regionMaps();
            return new LabState(lab.summary(), lab.dataspaces(), rms,
                    rms.stream().map(rm -> lab.regions(rm.id()).orThrow()).toList(),
                    rms.stream().map(rm -> lab.mappings(rm.id()).orThrow()).toList(),
                    rms.stream().map(rm -> lab.state(rm.id()).orThrow()).toList(),
                    lab.threads(), lab.faultHandlers(), lab.history());
        });
    }
}
