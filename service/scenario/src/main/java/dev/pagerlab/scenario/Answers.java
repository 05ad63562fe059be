package dev.pagerlab.scenario;

import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.HandlerView;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.tlb.PagerRun;
import dev.pagerlab.engine.tlb.TraceRunReport;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Engine results written as a scenario's answers: plain maps with the API's field names, names instead of ids, and
 * addresses and sizes as lowercase {@code 0x} hex strings.
 */
final class Answers {

    private final Bindings names;

    Answers(Bindings names) {
        this.names = names;
    }

    static Map<String, @Nullable Object> map(Object... keysAndValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /** A fault result as the API answers it: outcome, thread, and mapping, reflected or failedAt. */
    Map<String, @Nullable Object> fault(FaultReport report) {
        Map<String, @Nullable Object> thread = map("name", names.name(report.thread()), "state",
                report.threadState().name());
        return switch (report.resolution()) {
            case FaultResolution.Resolved r -> map("outcome", "RESOLVED", "thread", thread, "mapping",
                    mapping(r.mapping()));
            case FaultResolution.Reflected r -> map("outcome", "REFLECTED", "thread", thread, "reflected",
                    located(r.regionMap(), r.fault(), r.cause().name()));
            case FaultResolution.Stopped r -> map("outcome", r.outcome(), "thread", thread, "failedAt",
                    located(r.regionMap(), r.fault(), null));
        };
    }

    Map<String, @Nullable Object> located(RegionMapId rm, Fault fault, @Nullable String cause) {
        return map("rmSession", names.name(rm), "type", fault.type().name(), "addr", fault.addr().hex(), "cause",
                cause);
    }

    static Map<String, @Nullable Object> mapping(Mapping m) {
        return map("virt", m.virt().hex(), "phys", m.phys().hex(), "sizeLog2", m.sizeLog2().value(), "size",
                m.size().hex(), "writable", m.rights().writable(), "executable", m.rights().executable(), "ioMem",
                m.ioMem(), "cache", m.cache().name());
    }

    /**
     * A region: where, how large, which dataspace from which offset, with which rights; a reserved region (the range
     * a destroyed dataspace left behind) names no dataspace.
     */
    Map<String, @Nullable Object> region(RegionView r) {
        if (r.reserved() || r.dataspace() == null) {
            return map("at", r.at().hex(), "size", r.size().hex(), "reserved", true);
        }
        return map("at", r.at().hex(), "size", r.size().hex(), "dataspace", names.name(r.dataspace()), "offset",
                r.offset().hex(), "writable", r.rights().writable(), "executable", r.rights().executable(),
                "reserved", false);
    }

    /**
     * A trace run as the API answers it: one run per pager in the order asked ({@code pager, accesses, tlbMisses,
     * faults, mappingsInstalled, mappingSizes}, and {@code stoppedAt} when a fault did not resolve), and the ratios
     * SINGLE_PAGE / BEST, each left out when a pager did not run or BEST's count is zero.
     */
    Map<String, @Nullable Object> traceRun(TraceRunReport report) {
        List<Object> runs = new ArrayList<>();
        for (PagerRun run : report.runs()) {
            Map<String, @Nullable Object> sizes = new LinkedHashMap<>();
            run.mappingSizes().forEach((log2, count) -> sizes.put(Integer.toString(log2), count));
            runs.add(map("pager", run.pager().name(), "accesses", run.accesses(), "tlbMisses", run.tlbMisses(),
                    "faults", run.faults(), "mappingsInstalled", run.mappingsInstalled(), "mappingSizes", sizes,
                    "stoppedAt", run.stoppedAt().map(this::stop).orElse(null)));
        }
        TraceRunReport.Ratios r = report.ratios();
        return map("runs", runs, "ratios", map("tlbMisses", boxed(r.tlbMisses()), "faults", boxed(r.faults())));
    }

    private Map<String, @Nullable Object> stop(PagerRun.Stop stop) {
        RegionMapId where = switch (stop.resolution()) {
            case FaultResolution.Reflected r -> r.regionMap();
            case FaultResolution.Stopped s -> s.regionMap();
            case FaultResolution.Resolved r -> null;
        };
        return map("index", stop.index(), "type", stop.access().type().name(), "addr", stop.access().addr().hex(),
                "outcome", stop.resolution().outcome(), "rmSession", where == null ? null : names.name(where));
    }

    private static @Nullable Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** The whole lab, as the {@code check} step answers it. */
    Map<String, @Nullable Object> state(Lab lab) {
        return lab.atomically(() -> {
            Map<String, @Nullable Object> state = new LinkedHashMap<>();
            Map<String, @Nullable Object> mappings = new LinkedHashMap<>();
            Map<String, @Nullable Object> regions = new LinkedHashMap<>();
            for (RegionMapView rm : lab.regionMaps()) {
                String name = names.name(rm.id());
                state.put(name, rm.state().map(f -> map("type", f.type().name(), "addr", f.addr().hex()))
                        .orElseGet(() -> map("type", "READY")));
                List<Object> installed = new ArrayList<>();
                lab.mappings(rm.id()).orThrow().forEach(m -> installed.add(mapping(m)));
                mappings.put(name, installed);
                List<Object> shown = new ArrayList<>();
                rm.regions().forEach(r -> shown.add(region(r)));
                regions.put(name, shown);
            }
            Map<String, @Nullable Object> threads = new LinkedHashMap<>();
            for (ThreadView t : lab.threads()) {
                threads.put(names.name(t.id()), t.state().name());
            }
            Map<String, @Nullable Object> signals = new LinkedHashMap<>();
            for (HandlerView h : lab.faultHandlers()) {
                signals.put(names.name(h.id()), h.submitted());
            }
            return map("state", state, "mappings", mappings, "threads", threads, "signals", signals, "regions",
                    regions);
        });
    }
}
