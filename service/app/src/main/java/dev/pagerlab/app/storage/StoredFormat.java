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
     * The {@code count} operations of a journal row, in order: {@code packed} ({@link #unpack}), or for a row written
     * before schema V4 (null {@code packed}) {@code text}, a JSON array of operations in their JSON form
     * ({@link #write(Operation)}).
     */
    List<Operation> readRow(byte[] packed, String text, long count) {
        return packed != null ? unpack(packed, count) : readRow(text);
    }

    /** The operations of a journal row written before schema V4: a JSON array of their JSON forms, in order. */
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

    // ------------------------------------------------------------ a journal row, packed (schema V4)

    /**
     * The tag byte that opens an operation in a packed row: a fault is the tag of its access
     * ({@code 1 + Access.ordinal()}) followed by its thread's number and its address, each an unsigned LEB128 varint
     * (a fault in the low gigabytes takes 6 bytes); any other operation, rare in a journal, is {@code OTHER} followed
     * by the length and the UTF-8 bytes of its JSON form ({@link #write(Operation)}).
     */
    private static final int OTHER = 0;
    private static final Access[] ACCESSES = Access.values();

    /**
     * A journal row's operations being packed: bytes appended to a growing array, so that a commit of a fault batch
     * writes each fault's few bytes straight into its row, with no string per operation (H2 writes a string column a
     * character at a time, which cost a durable fault batch more than the commit itself: BENCHMARKS.md,
     * "Durability").
     */
    static final class Packer {
        private byte[] bytes = new byte[1024];
        private int size;

        int size() {
            return size;
        }

        /** Forgets what was appended after {@code size} bytes: an operation that goes into the next row instead. */
        void truncate(int size) {
            this.size = size;
        }

        byte[] toBytes() {
            return java.util.Arrays.copyOf(bytes, size);
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        private void put(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        private void varint(long value) {
            room(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        private void text(byte[] utf8) {
            varint(utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }
    }

    /** Appends {@code operation}'s packed form to {@code out}. */
    void pack(Operation operation, Packer out) {
        if (operation instanceof Operation.SubmitFault(ThreadId thread, Addr addr, Access access)) {
            out.put(1 + access.ordinal());
            out.varint(thread.number());
            out.varint(addr.value());
        } else {
            out.put(OTHER);
            out.text(write(operation).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The {@code count} operations of a packed journal row (see {@link #pack}), in order. */
    List<Operation> unpack(byte[] packed, long count) {
        List<Operation> operations = new ArrayList<>((int) Math.min(count, 1 << 16));
        int[] at = {0};
        while (at[0] < packed.length) {
            int tag = packed[at[0]++];
            if (tag == OTHER) {
                long length = varint(packed, at);
                if (length > packed.length - at[0]) {
                    throw new IllegalArgumentException("a packed operation runs past its row's end");
                }
                operations.add(readOperation(new String(packed, at[0], (int) length,
                        java.nio.charset.StandardCharsets.UTF_8)));
                at[0] += (int) length;
            } else if (tag >= 1 && tag <= ACCESSES.length) {
                long thread = varint(packed, at);
                if (thread < 1 || thread > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("not a thread number in a packed fault: " + thread);
                }
                operations.add(new Operation.SubmitFault(new ThreadId((int) thread), Addr.of(varint(packed, at)),
                        ACCESSES[tag - 1]));
            } else {
                throw new IllegalArgumentException("not a packed operation's tag: " + tag);
            }
        }
        if (operations.size() != count) {
            throw new IllegalArgumentException("a packed row of " + count + " operations holds " + operations.size());
        }
        return operations;
    }

    /** An unsigned LEB128 varint of {@code bytes} at {@code at[0]}, which it moves past the varint. */
    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("a packed row ends inside a number");
            }
            int b = bytes[at[0]++];
            if (shift == 63 && (b & 0x7E) != 0) {
                throw new IllegalArgumentException("a packed number longer than 64 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a packed number longer than 64 bits");
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
