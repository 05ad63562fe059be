package dev.pagerlab.app.storage;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one place that knows how journaled operations and a lab's configuration are written: small JSON objects in
 * the API's notation (hex strings for addresses and sizes, {@code ds-N} ids), named explicitly rather than by the
 * engine's record components, so that renaming a component in the engine cannot silently change stored data.
 */
final class StoredFormat {

    private final JsonMapper json = JsonMapper.builder().build();

    // ------------------------------------------------------------ operations

    /**
     * The stored form of {@code operation}: a JSON value, an object naming the operation and its arguments, except
     * for a fault, the operation of which a journal holds most by far: the string of the API's text notation for a
     * fault, {@code "th-1 READ 0x123456"}, a third of the object's length and written without a JSON library. (A
     * fault journaled as an object, {@code {"op":"fault",...}}, as the first versions did, reads back too.)
     */
    String write(Operation operation) {
        if (operation instanceof Operation.SubmitFault(ThreadId thread, Addr addr, Access access)) {
            return '"' + thread.toString() + ' ' + access.name() + ' ' + addr.hex() + '"';
        }
        Map<String, Object> o = new LinkedHashMap<>();
        switch (operation) {
            case Operation.AllocateRam(DataspaceRequest r) -> {
                o.put("op", "allocateRam");
                request(o, r);
            }
            case Operation.AllocateIoMem(Addr physAddr, DataspaceRequest r) -> {
                o.put("op", "allocateIoMem");
                o.put("physAddr", physAddr.hex());
                request(o, r);
            }
            case Operation.DestroyDataspace(DataspaceId ds) -> {
                o.put("op", "destroyDataspace");
                o.put("dataspace", ds.toString());
            }
            case Operation.CreateRegionMap(Size size, String label) -> {
                o.put("op", "createRegionMap");
                o.put("size", size.hex());
                o.put("label", label);
            }
            case Operation.DestroyRegionMap(RegionMapId rm) -> {
                o.put("op", "destroyRegionMap");
                o.put("rm", rm.toString());
            }
            case Operation.Attach(RegionMapId rm, AttachRequest r) -> {
                o.put("op", "attach");
                o.put("rm", rm.toString());
                o.put("dataspace", r.dataspace().toString());
                o.put("size", r.size().hex());
                o.put("offset", r.offset().hex());
                r.at().ifPresent(at -> o.put("at", at.hex()));
                o.put("writable", r.rights().writable());
                o.put("executable", r.rights().executable());
            }
            case Operation.Detach(RegionMapId rm, Addr addr) -> {
                o.put("op", "detach");
                o.put("rm", rm.toString());
                o.put("addr", addr.hex());
            }
            case Operation.CreateFaultHandler(String label) -> {
                o.put("op", "createFaultHandler");
                o.put("label", label);
            }
            case Operation.SetFaultHandler(RegionMapId rm, HandlerId handler) -> {
                o.put("op", "setFaultHandler");
                o.put("rm", rm.toString());
                o.put("handler", handler.toString());
            }
            case Operation.ClearFaultHandler(RegionMapId rm) -> {
                o.put("op", "clearFaultHandler");
                o.put("rm", rm.toString());
            }
            case Operation.CreateThread(RegionMapId rm, String name) -> {
                o.put("op", "createThread");
                o.put("rm", rm.toString());
                o.put("name", name);
            }
            case Operation.SubmitFault fault -> throw new AssertionError("written above: " + fault);
            case Operation.DeliverSignal(HandlerId handler) -> {
                o.put("op", "deliverSignal");
                o.put("handler", handler.toString());
            }
        }
        return json.writeValueAsString(o);
    }

    private static void request(Map<String, Object> o, DataspaceRequest r) {
        o.put("size", r.size().hex());
        o.put("writable", r.writable());
        // No cache attribute means the kind's default (CACHED for RAM, UNCACHED for I/O memory): kept as asked.
        if (r.cache() != null) {
            o.put("cache", r.cache().name());
        }
    }

    Operation readOperation(String text) {
        return readOperation(json.readTree(text));
    }

    /**
     * A journal row's value: the written operations {@code written} (each from {@link #write(Operation)}), in order,
     * as one JSON array.
     */
    static String row(List<String> written) {
        StringBuilder row = new StringBuilder(written.stream().mapToInt(String::length).sum() + written.size() + 1);
        row.append('[');
        for (int i = 0; i < written.size(); i++) {
            row.append(i == 0 ? "" : ",").append(written.get(i));
        }
        return row.append(']').toString();
    }

    /** The operations of a journal row's value (see {@link #row}), in order. */
    List<Operation> readRow(String text) {
        JsonNode row = json.readTree(text);
        if (!row.isArray()) {
            throw new IllegalArgumentException("a journal row is a JSON array of operations: '" + text + "'");
        }
        List<Operation> operations = new ArrayList<>(row.size());
        row.forEach(o -> operations.add(readOperation(o)));
        return operations;
    }

    private static Operation readOperation(JsonNode o) {
        if (o.isString()) {
            return fault(o.asString());
        }
        String op = text(o, "op");
        return switch (op) {
            case "allocateRam" -> new Operation.AllocateRam(request(o));
            case "allocateIoMem" -> new Operation.AllocateIoMem(addr(o, "physAddr"), request(o));
            case "destroyDataspace" -> new Operation.DestroyDataspace(id(o, "dataspace", DataspaceId::parse));
            case "createRegionMap" -> new Operation.CreateRegionMap(size(o, "size"), text(o, "label"));
            case "destroyRegionMap" -> new Operation.DestroyRegionMap(id(o, "rm", RegionMapId::parse));
            case "attach" -> new Operation.Attach(id(o, "rm", RegionMapId::parse), new AttachRequest(
                    id(o, "dataspace", DataspaceId::parse), size(o, "size"), size(o, "offset"),
                    o.has("at") ? Optional.of(addr(o, "at")) : Optional.empty(),
                    new Rights(bool(o, "writable"), bool(o, "executable"))));
            case "detach" -> new Operation.Detach(id(o, "rm", RegionMapId::parse), addr(o, "addr"));
            case "createFaultHandler" -> new Operation.CreateFaultHandler(text(o, "label"));
            case "setFaultHandler" -> new Operation.SetFaultHandler(id(o, "rm", RegionMapId::parse),
                    id(o, "handler", HandlerId::parse));
            case "clearFaultHandler" -> new Operation.ClearFaultHandler(id(o, "rm", RegionMapId::parse));
            case "createThread" -> new Operation.CreateThread(id(o, "rm", RegionMapId::parse), text(o, "name"));
            case "fault" -> new Operation.SubmitFault(id(o, "thread", ThreadId::parse), addr(o, "addr"),
                    Access.valueOf(text(o, "type")));
            case "deliverSignal" -> new Operation.DeliverSignal(id(o, "handler", HandlerId::parse));
            default -> throw new IllegalArgumentException("unknown journaled operation '" + op + "'");
        };
    }

    /** A fault in the API's text notation, {@code th-1 READ 0x123456}. */
    private static Operation fault(String text) {
        String[] parts = text.split(" ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a journaled fault: '" + text + "'");
        }
        return new Operation.SubmitFault(ThreadId.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException(
                "not a thread id: '" + parts[0] + "'")), Addr.of(hex(parts[2])), Access.valueOf(parts[1]));
    }

    private static DataspaceRequest request(JsonNode o) {
        return new DataspaceRequest(size(o, "size"), bool(o, "writable"),
                o.has("cache") ? Cache.valueOf(text(o, "cache")) : null);
    }

    // ------------------------------------------------------------ a lab's configuration

    String write(LabConfig config) {
        PlatformProfile p = config.platform();
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("name", p.name());
        platform.put("pageSizeLog2", p.pageSize().value());
        platform.put("addressBits", p.addressBits());
        switch (p.mapSizes()) {
            case MapSizeConstraint.Flexpage(Log2 max) -> platform.put("flexpageMaxLog2", max.value());
            case MapSizeConstraint.PageSizes(var sizes) -> platform.put("mapSizes", List.copyOf(sizes));
        }
        platform.put("revocation", p.revocation().name());
        platform.put("description", p.description());
        Quotas q = config.quotas();
        Map<String, Object> quotas = new LinkedHashMap<>();
        quotas.put("dataspaces", q.dataspaces());
        quotas.put("regionMaps", q.regionMaps());
        quotas.put("regions", q.regions());
        quotas.put("threads", q.threads());
        quotas.put("faultHandlers", q.faultHandlers());
        quotas.put("mappingsPerAddressSpace", q.mappingsPerAddressSpace());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("platform", platform);
        o.put("physicalMemory", Map.of("first", Addr.of(config.physicalMemory().first()).hex(),
                "last", Addr.of(config.physicalMemory().last()).hex()));
        o.put("quotas", quotas);
        return json.writeValueAsString(o);
    }

    LabConfig readConfig(String text) {
        JsonNode o = json.readTree(text);
        JsonNode p = o.required("platform");
        MapSizeConstraint sizes;
        if (p.has("flexpageMaxLog2")) {
            sizes = new MapSizeConstraint.Flexpage(Log2.of(p.required("flexpageMaxLog2").asInt()));
        } else {
            List<Integer> log2s = new ArrayList<>();
            p.required("mapSizes").forEach(n -> log2s.add(n.asInt()));
            sizes = new MapSizeConstraint.PageSizes(new TreeSet<>(log2s));
        }
        PlatformProfile platform = new PlatformProfile(text(p, "name"), Log2.of(p.required("pageSizeLog2").asInt()),
                p.required("addressBits").asInt(), sizes,
                p.has("revocation") ? Revocation.valueOf(text(p, "revocation")) : Revocation.PATH,
                text(p, "description"));
        JsonNode memory = o.required("physicalMemory");
        JsonNode q = o.required("quotas");
        Quotas quotas = new Quotas(q.required("dataspaces").asInt(), q.required("regionMaps").asInt(),
                q.required("regions").asInt(), q.required("threads").asInt(), q.required("faultHandlers").asInt(),
                q.required("mappingsPerAddressSpace").asInt());
        return new LabConfig(platform, new AddrRange(addr(memory, "first").value(), addr(memory, "last").value()),
                quotas);
    }

    // ------------------------------------------------------------ fields

    private static String text(JsonNode o, String field) {
        return o.required(field).asString();
    }

    private static boolean bool(JsonNode o, String field) {
        return o.required(field).asBoolean();
    }

    private static Addr addr(JsonNode o, String field) {
        return Addr.of(hex(text(o, field)));
    }

    private static Size size(JsonNode o, String field) {
        return Size.of(hex(text(o, field)));
    }

    private static long hex(String text) {
        if (!text.startsWith("0x")) {
            throw new IllegalArgumentException("not a 0x hex number: '" + text + "'");
        }
        return Long.parseUnsignedLong(text.substring(2), 16);
    }

    private static <T> T id(JsonNode o, String field, Function<String, Optional<T>> parse) {
        String text = text(o, field);
        return parse.apply(text).orElseThrow(() -> new IllegalArgumentException("not an id: '" + text + "'"));
    }
}
