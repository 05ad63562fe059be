package dev.pagerlab.scenario;

import dev.pagerlab.engine.tlb.MemoryAccess;
import dev.pagerlab.engine.tlb.TracePattern;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pagerlab.scenario.Answers.map;

/** Writes a {@link Scenario} as a document: addresses and sizes as {@code 0x} hex strings, absent fields left out. */
public final class ScenarioWriter {

    private ScenarioWriter() {
    }

    /** The scenario in {@code format}. */
    public static String write(Scenario scenario, Format format) {
        return format.write(plain(scenario));
    }

    /** The scenario as plain values. */
    public static Map<String, Object> plain(Scenario s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", s.name());
        if (s.description() != null) {
            doc.put("description", s.description());
        }
        switch (s.platform()) {
            case PlatformSpec.BuiltIn b -> doc.put("platform", b.name());
            case PlatformSpec.Custom c -> doc.put("customPlatform", map("name", c.name(), "pageSizeLog2",
                    c.pageSizeLog2(), "addressBits", c.addressBits(), "mapSizes", c.mapSizes(), "flexpageMaxLog2",
                    c.flexpageMaxLog2(), "revocation", c.revocation() == null ? null : c.revocation().name()));
        }
        if (s.physicalMemory() != null) {
            doc.put("physicalMemory", map("base", hex(s.physicalMemory().base()), "size",
                    hex(s.physicalMemory().size())));
        }
        List<Object> steps = new ArrayList<>();
        for (Step step : s.steps()) {
            Map<String, @Nullable Object> entry = new LinkedHashMap<>();
            entry.put(step.action().key(), arguments(step.action()));
            if (step.note() != null) {
                entry.put("note", step.note());
            }
            if (step.expect() != null) {
                entry.put("expect", step.expect());
            }
            steps.add(entry);
        }
        doc.put("steps", steps);
        return doc;
    }

    static Map<String, @Nullable Object> arguments(Action action) {
        return switch (action) {
            case Action.NewDataspace d -> map("name", d.name(), "type", d.ioMem() ? "IO_MEM" : "RAM", "size",
                    hex(d.size()), "physAddr", hex(d.physAddr()), "writable", d.writable(), "cache", d.cache() == null
                            ? null : d.cache().name());
            case Action.NewRmSession r -> map("name", r.name(), "size", hex(r.size()), "label", r.label());
            case Action.Destroy d -> map(d.rmSession() ? "rmSession" : "dataspace", d.name());
            case Action.Attach a -> map("rmSession", a.rmSession(), "dataspace", a.dataspace(), "size", hex(a.size()),
                    "offset", hex(a.offset()), "at", hex(a.at()), "writable", a.writable(), "executable",
                    a.executable());
            case Action.Detach d -> map("rmSession", d.rmSession(), "addr", hex(d.addr()));
            case Action.NewFaultHandler h -> map("name", h.name(), "label", h.label());
            case Action.SetFaultHandler s -> {
                Map<String, @Nullable Object> args = map("rmSession", s.rmSession());
                args.put("handler", s.handler());
                yield args;
            }
            case Action.NewThread t -> map("name", t.name(), "rmSession", t.rmSession(), "label", t.label());
            case Action.Fault f -> map("thread", f.thread(), "addr", hex(f.addr()), "type", f.type().name());
            case Action.DeliverSignal d -> map("handler", d.handler());
            case Action.TraceRun t -> traceRun(t);
            case Action.Check c -> map();
        };
    }

    private static Map<String, @Nullable Object> traceRun(Action.TraceRun t) {
        List<Object> accesses = null;
        if (t.accesses() != null) {
            accesses = new ArrayList<>();
            for (MemoryAccess a : t.accesses()) {
                accesses.add(map("type", a.type().name(), "addr", a.addr().hex()));
            }
        }
        Map<String, @Nullable Object> pattern = null;
        if (t.pattern() != null) {
            TracePattern.Parameters p = t.pattern().parameters();
            pattern = map("name", t.pattern().name(), "base", p.base() == null ? null : p.base().hex(), "size",
                    size(p.size()), "step", size(p.step()), "stride", size(p.stride()), "granularity",
                    size(p.granularity()), "elementSize", size(p.elementSize()), "rows", p.rows(), "passes",
                    p.passes(), "accesses", p.accesses(), "seed", p.seed() == null ? null
                            : Long.toUnsignedString(p.seed()), "type", p.type() == null ? null : p.type().name());
        }
        Map<String, @Nullable Object> tlb = t.tlbEntries() == null && t.tlbPolicy() == null ? null
                : map("entries", t.tlbEntries(), "policy", t.tlbPolicy() == null ? null : t.tlbPolicy().name());
        return map("thread", t.thread(), "accesses", accesses, "trace", t.trace(), "pattern", pattern, "tlb", tlb,
                "pagers", t.pagers() == null ? null : t.pagers().stream().map(Enum::name).toList());
    }

    private static @Nullable String size(dev.pagerlab.engine.addr.@Nullable Size size) {
        return size == null ? null : size.hex();
    }

    private static @Nullable String hex(@Nullable Long value) {
        return value == null ? null : Notation.hex(value);
    }
}
