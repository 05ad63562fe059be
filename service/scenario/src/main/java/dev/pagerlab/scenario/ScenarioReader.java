package dev.pagerlab.scenario;

import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.tlb.AccessTrace;
import dev.pagerlab.engine.tlb.MemoryAccess;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.TextTrace;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TlbPolicy;
import dev.pagerlab.engine.tlb.TracePattern;
import org.jspecify.annotations.Nullable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario document (YAML or JSON) into a {@link Scenario}. Anything malformed (an unknown step or field,
 * arguments that are not a mapping, a value that is not a number, an unknown platform, a name used twice) refuses
 * the whole document with its line and column. Unknown names inside steps are not malformed: they make a refused
 * step when the scenario runs.
 */
public final class ScenarioReader {

    /** The step keys, in the order the format documents them. */
    public static final List<String> STEP_KINDS = List.of("dataspace", "rmSession", "destroy", "attach", "detach",
            "faultHandler", "setFaultHandler", "thread", "fault", "deliverSignal", "traceRun", "check");

    private static final Set<String> TOP = Set.of("scenario", "description", "platform", "customPlatform",
            "physicalMemory", "steps");

    private ScenarioReader() {
    }

    /** The scenario {@code text} spells; refused with {@link ScenarioException} when malformed or over the limits. */
    public static Scenario read(String text, Format format, Limits limits) {
        Node root = TreeReader.read(text, format);
        return read(root, limits);
    }

    static Scenario read(Node root, Limits limits) {
        Node.Obj doc = obj(root, "a scenario is a mapping with 'steps'");
        unknownKeys(doc, TOP);
        String name = optString(doc, "scenario");
        String description = optString(doc, "description");
        PlatformSpec platform = platform(doc);
        Scenario.PhysicalMemory memory = null;
        Node mem = doc.get("physicalMemory");
        if (mem != null && !isNull(mem)) {
            Node.Obj m = obj(mem, "physicalMemory is a mapping {base, size}");
            unknownKeys(m, Set.of("base", "size"));
            memory = new Scenario.PhysicalMemory(u64(m, "base"), u64(m, "size"));
        }
        Node stepsNode = doc.get("steps");
        if (stepsNode == null) {
            throw new ScenarioException(doc.at(), "a scenario needs 'steps'");
        }
        if (!(stepsNode instanceof Node.Arr steps)) {
            throw new ScenarioException(stepsNode.at(), "'steps' is a list");
        }
        if (steps.items().size() > limits.maxSteps()) {
            throw new ScenarioException(steps.at(), steps.items().size() + " steps exceed the limit of "
                    + limits.maxSteps());
        }
        Names names = new Names();
        List<Step> parsed = new ArrayList<>();
        for (Node item : steps.items()) {
            parsed.add(step(item, names));
        }
        return new Scenario(name == null ? "scenario" : name, description, platform, memory, parsed);
    }

    private static PlatformSpec platform(Node.Obj doc) {
        Node builtIn = doc.get("platform");
        Node custom = doc.get("customPlatform");
        if (builtIn != null && custom != null) {
            throw new ScenarioException(custom.at(), "give platform or customPlatform, not both");
        }
        if (custom != null) {
            Node.Obj c = obj(custom, "customPlatform is a mapping");
            unknownKeys(c, Set.of("name", "pageSizeLog2", "addressBits", "mapSizes", "flexpageMaxLog2",
                    "revocation"));
            List<Integer> sizes = null;
            Node list = c.get("mapSizes");
            if (list != null && !isNull(list)) {
                if (!(list instanceof Node.Arr arr)) {
                    throw new ScenarioException(list.at(), "mapSizes is a list of log2 sizes");
                }
                sizes = new ArrayList<>();
                for (Node n : arr.items()) {
                    sizes.add(smallInt(n, 10, 63));
                }
            }
            Node flex = c.get("flexpageMaxLog2");
            String revocation = optString(c, "revocation");
            if (revocation != null && !revocation.equals("PATH") && !revocation.equals("PHYSICAL")) {
                throw new ScenarioException(c.get("revocation").at(), "revocation must be one of PATH, PHYSICAL");
            }
            var spec = new PlatformSpec.Custom(optString(c, "name"), smallInt(need(c, "pageSizeLog2"), 10, 30),
                    smallInt(need(c, "addressBits"), 32, 64), sizes,
                    flex == null || isNull(flex) ? null : smallInt(flex, 10, 63),
                    revocation == null ? null : dev.pagerlab.engine.platform.Revocation.valueOf(revocation));
            String problem = spec.problem();
            if (problem != null) {
                throw new ScenarioException(custom.at(), problem);
            }
            return spec;
        }
        String name = builtIn == null ? "foc" : string(builtIn);
        PlatformSpec spec = new PlatformSpec.BuiltIn(name);
        if (spec.profile().isEmpty()) {
            throw new ScenarioException(builtIn == null ? doc.at() : builtIn.at(), "unknown platform '" + name
                    + "'; GET /api/v1/platforms lists them");
        }
        return spec;
    }

    /** Names are unique per kind; a region map's managed dataspace takes the dataspace name {@code <rm>.dataspace}. */
    private static final class Names {
        final Map<String, Map<String, Location>> byKind = new HashMap<>();

        void declare(String kind, String name, Location at) {
            if (name.isBlank()) {
                throw new ScenarioException(at, "a name must not be empty");
            }
            Location earlier = byKind.computeIfAbsent(kind, k -> new HashMap<>()).putIfAbsent(name, at);
            if (earlier != null) {
                throw new ScenarioException(at, "the " + kind + " name '" + name + "' is used twice (first at line "
                        + earlier.line() + ")");
            }
        }
    }

    private static Step step(Node item, Names names) {
        Node.Obj step = obj(item, "a step is a mapping with one operation, such as {attach: {...}}");
        String kind = null;
        for (String key : step.fields().keySet()) {
            if (key.equals("expect") || key.equals("note")) {
                continue;
            }
            if (!STEP_KINDS.contains(key)) {
                throw new ScenarioException(step.keyAt(key), "unknown step '" + key + "'; steps are "
                        + String.join(", ", STEP_KINDS));
            }
            if (kind != null) {
                throw new ScenarioException(step.keyAt(key), "a step has one operation, not both " + kind
                        + " and " + key);
            }
            kind = key;
        }
        if (kind == null) {
            throw new ScenarioException(step.at(), "a step needs an operation: one of " + String.join(", ",
                    STEP_KINDS));
        }
        Node argsNode = step.get(kind);
        Node.Obj args = kind.equals("check") && isNull(argsNode) ? new Node.Obj(new java.util.LinkedHashMap<>(),
                Map.of(), argsNode.at()) : obj(argsNode, "the arguments of '" + kind + "' are a mapping");
        Action action = action(kind, args, names);
        Map<String, @Nullable Object> expect = null;
        Node e = step.get("expect");
        if (e != null && !isNull(e)) {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> plain = (Map<String, @Nullable Object>) Node.plain(
                    obj(e, "'expect' is a mapping of expectations"));
            expect = plain;
        }
        return new Step(action, expect, optString(step, "note"), step.at());
    }

    private static Action action(String kind, Node.Obj a, Names names) {
        return switch (kind) {
            case "dataspace" -> {
                unknownKeys(a, Set.of("name", "type", "size", "physAddr", "writable", "cache"));
                String name = name(a, "name");
                names.declare("dataspace", name, a.at());
                String type = string(need(a, "type"));
                if (!type.equals("RAM") && !type.equals("IO_MEM")) {
                    throw new ScenarioException(a.get("type").at(), "type is RAM or IO_MEM");
                }
                yield new Action.NewDataspace(name, type.equals("IO_MEM"), u64(a, "size"), optU64(a, "physAddr"),
                        optBool(a, "writable"), optEnum(a, "cache", Cache.class));
            }
            case "rmSession" -> {
                unknownKeys(a, Set.of("name", "size", "label"));
                String name = name(a, "name");
                names.declare("rmSession", name, a.at());
                names.declare("dataspace", name + ".dataspace", a.at());
                yield new Action.NewRmSession(name, u64(a, "size"), optString(a, "label"));
            }
            case "destroy" -> {
                unknownKeys(a, Set.of("dataspace", "rmSession"));
                if ((a.get("dataspace") == null) == (a.get("rmSession") == null)) {
                    throw new ScenarioException(a.at(), "destroy names one of dataspace and rmSession");
                }
                boolean rm = a.get("rmSession") != null;
                yield new Action.Destroy(rm, name(a, rm ? "rmSession" : "dataspace"));
            }
            case "attach" -> {
                unknownKeys(a, Set.of("rmSession", "dataspace", "size", "offset", "at", "writable", "executable"));
                yield new Action.Attach(name(a, "rmSession"), name(a, "dataspace"), optU64(a, "size"),
                        optU64(a, "offset"), optU64(a, "at"), optBool(a, "writable"), optBool(a, "executable"));
            }
            case "detach" -> {
                unknownKeys(a, Set.of("rmSession", "addr"));
                yield new Action.Detach(name(a, "rmSession"), u64(a, "addr"));
            }
            case "faultHandler" -> {
                unknownKeys(a, Set.of("name", "label"));
                String name = name(a, "name");
                names.declare("faultHandler", name, a.at());
                yield new Action.NewFaultHandler(name, optString(a, "label"));
            }
            case "setFaultHandler" -> {
                unknownKeys(a, Set.of("rmSession", "handler"));
                if (!a.fields().containsKey("handler")) {
                    throw new ScenarioException(a.at(), "setFaultHandler needs 'handler' (null unregisters)");
                }
                yield new Action.SetFaultHandler(name(a, "rmSession"), optString(a, "handler"));
            }
            case "thread" -> {
                unknownKeys(a, Set.of("name", "rmSession", "label"));
                String name = name(a, "name");
                names.declare("thread", name, a.at());
                yield new Action.NewThread(name, name(a, "rmSession"), optString(a, "label"));
            }
            case "fault" -> {
                unknownKeys(a, Set.of("thread", "addr", "type"));
                yield new Action.Fault(name(a, "thread"), u64(a, "addr"), enumValue(need(a, "type"), Access.class));
            }
            case "deliverSignal" -> {
                unknownKeys(a, Set.of("handler"));
                yield new Action.DeliverSignal(name(a, "handler"));
            }
            case "traceRun" -> traceRun(a);
            case "check" -> {
                unknownKeys(a, Set.of());
                yield new Action.Check();
            }
            default -> throw new IllegalStateException(kind);
        };
    }

    /**
     * What can be judged without the lab is judged here, so that it is reported with its line: the one form of the
     * accesses, a text trace's lines, a pattern's name and parameters, the TLB's size, the pagers. What depends on the
     * lab (the thread, its state, the platform's address width) or needs the trace built (a pattern's sizes) is a
     * refusal when the step runs.
     */
    private static Action.TraceRun traceRun(Node.Obj a) {
        unknownKeys(a, Set.of("thread", "accesses", "trace", "pattern", "tlb", "pagers"));
        List<String> forms = java.util.stream.Stream.of("accesses", "trace", "pattern")
                .filter(f -> a.get(f) != null && !isNull(a.get(f))).toList();
        if (forms.size() != 1) {
            throw new ScenarioException(forms.size() > 1 ? a.keyAt(forms.get(1)) : a.at(), "give the accesses in"
                    + " exactly one form: 'accesses' (a list), 'trace' (text) or 'pattern' (a named pattern)");
        }
        List<MemoryAccess> accesses = null;
        String trace = null;
        Action.Pattern pattern = null;
        switch (forms.getFirst()) {
            case "accesses" -> {
                if (!(a.get("accesses") instanceof Node.Arr list)) {
                    throw new ScenarioException(a.get("accesses").at(), "'accesses' is a list of {type, addr}");
                }
                if (list.items().size() > AccessTrace.MAX_ACCESSES) {
                    throw new ScenarioException(list.at(), "a trace run replays at most " + AccessTrace.MAX_ACCESSES
                            + " accesses");
                }
                accesses = new ArrayList<>();
                for (Node item : list.items()) {
                    Node.Obj access = obj(item, "an access is a mapping {type, addr}");
                    unknownKeys(access, Set.of("type", "addr"));
                    accesses.add(new MemoryAccess(enumValue(need(access, "type"), Access.class),
                            Addr.of(u64(access, "addr"))));
                }
            }
            case "trace" -> {
                Node text = a.get("trace");
                trace = string(text);
                if (TextTrace.parse(trace) instanceof Result.Refused<?>(Failure f)) {
                    throw new ScenarioException(text.at(), "'trace': " + f.detail());
                }
            }
            default -> pattern = pattern(obj(a.get("pattern"), "'pattern' is a mapping {name, ...parameters}"));
        }
        Integer entries = null;
        TlbPolicy policy = null;
        Node tlbNode = a.get("tlb");
        if (tlbNode != null && !isNull(tlbNode)) {
            Node.Obj tlb = obj(tlbNode, "'tlb' is a mapping {entries, policy}");
            unknownKeys(tlb, Set.of("entries", "policy"));
            Node n = tlb.get("entries");
            entries = n == null || isNull(n) ? null : smallInt(n, 1, TlbConfig.MAX_ENTRIES);
            policy = optEnum(tlb, "policy", TlbPolicy.class);
        }
        List<PagerPolicy> pagers = null;
        Node pagersNode = a.get("pagers");
        if (pagersNode != null && !isNull(pagersNode)) {
            if (!(pagersNode instanceof Node.Arr list) || list.items().isEmpty()) {
                throw new ScenarioException(pagersNode.at(), "'pagers' is a list of BEST, SINGLE_PAGE");
            }
            pagers = new ArrayList<>();
            for (Node item : list.items()) {
                PagerPolicy p = enumValue(item, PagerPolicy.class);
                if (pagers.contains(p)) {
                    throw new ScenarioException(item.at(), "pager " + p + " is named twice");
                }
                pagers.add(p);
            }
        }
        return new Action.TraceRun(name(a, "thread"), accesses, trace, pattern, entries, policy, pagers);
    }

    private static Action.Pattern pattern(Node.Obj p) {
        Set<String> known = new java.util.HashSet<>(List.of("name"));
        for (TracePattern.Parameter parameter : TracePattern.Parameter.values()) {
            known.add(parameter.id());
        }
        unknownKeys(p, known);
        String name = string(need(p, "name"));
        TracePattern.Parameters given = new TracePattern.Parameters(optAddr(p, "base"), optSize(p, "size"),
                optSize(p, "step"), optSize(p, "stride"), optSize(p, "granularity"), optSize(p, "elementSize"),
                optCount(p, "rows"), optCount(p, "passes"), optCount(p, "accesses"), optU64(p, "seed"),
                optEnum(p, "type", Access.class));
        // Only the name and the parameters' presence are judged here; sizes are judged when the trace is built.
        if (TracePattern.named(name, given) instanceof Result.Refused<?>(Failure f)) {
            throw new ScenarioException(p.at(), "'pattern': " + f.detail());
        }
        return new Action.Pattern(name, given);
    }

    private static @Nullable Addr optAddr(Node.Obj o, String key) {
        Long value = optU64(o, key);
        return value == null ? null : Addr.of(value);
    }

    private static @Nullable Size optSize(Node.Obj o, String key) {
        Long value = optU64(o, key);
        return value == null ? null : Size.of(value);
    }

    private static @Nullable Integer optCount(Node.Obj o, String key) {
        Node n = o.get(key);
        return n == null || isNull(n) ? null : smallInt(n, 1, AccessTrace.MAX_ACCESSES);
    }

    // ---------------------------------------------------------------- values

    private static Node.Obj obj(Node node, String what) {
        if (node instanceof Node.Obj o) {
            return o;
        }
        throw new ScenarioException(node.at(), what);
    }

    private static boolean isNull(Node node) {
        return node instanceof Node.Scalar(Object v, Location at) && v == null;
    }

    private static void unknownKeys(Node.Obj o, Set<String> allowed) {
        for (var e : o.fields().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new ScenarioException(o.keyAt(e.getKey()), "unknown field '" + e.getKey() + "'"
                        + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed.stream().sorted()
                        .toList())));
            }
        }
    }

    private static Node need(Node.Obj o, String key) {
        Node n = o.get(key);
        if (n == null || isNull(n)) {
            throw new ScenarioException(o.at(), "'" + key + "' is required");
        }
        return n;
    }

    private static String string(Node n) {
        if (n instanceof Node.Scalar(Object v, Location at) && (v instanceof String || v instanceof BigInteger)) {
            return v.toString();
        }
        throw new ScenarioException(n.at(), "expected a string");
    }

    private static String name(Node.Obj o, String key) {
        String name = string(need(o, key));
        if (name.length() > 100) {
            throw new ScenarioException(o.get(key).at(), "a name is at most 100 characters");
        }
        return name;
    }

    private static @Nullable String optString(Node.Obj o, String key) {
        Node n = o.get(key);
        return n == null || isNull(n) ? null : string(n);
    }

    static long u64(Node.Obj o, String key) {
        return u64(need(o, key));
    }

    private static long u64(Node n) {
        if (n instanceof Node.Scalar(Object v, Location at)) {
            if (v instanceof BigInteger i) {
                if (Notation.fits(i)) {
                    return i.longValue();
                }
                throw new ScenarioException(at, i + " is not an unsigned 64-bit value");
            }
            if (v instanceof String s) {
                return Notation.parse(s).orElseThrow(() -> new ScenarioException(at, "'" + abbreviated(s)
                        + "' is not an address or size: use 0x1000, 4096 or 4K"));
            }
        }
        throw new ScenarioException(n.at(), "expected an address or size such as 0x1000, 4096 or 4K");
    }

    private static @Nullable Long optU64(Node.Obj o, String key) {
        Node n = o.get(key);
        return n == null || isNull(n) ? null : u64(n);
    }

    private static @Nullable Boolean optBool(Node.Obj o, String key) {
        Node n = o.get(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (n instanceof Node.Scalar(Object v, Location at) && v instanceof Boolean b) {
            return b;
        }
        throw new ScenarioException(n.at(), "'" + key + "' is true or false");
    }

    private static int smallInt(Node n, int min, int max) {
        if (n instanceof Node.Scalar(Object v, Location at) && v instanceof BigInteger i
                && i.compareTo(BigInteger.valueOf(min)) >= 0 && i.compareTo(BigInteger.valueOf(max)) <= 0) {
            return i.intValue();
        }
        throw new ScenarioException(n.at(), "expected an integer from " + min + " to " + max);
    }

    private static <E extends Enum<E>> E enumValue(Node n, Class<E> type) {
        String text = string(n);
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text.toUpperCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new ScenarioException(n.at(), "'" + abbreviated(text) + "' is not one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }

    private static <E extends Enum<E>> @Nullable E optEnum(Node.Obj o, String key, Class<E> type) {
        Node n = o.get(key);
        return n == null || isNull(n) ? null : enumValue(n, type);
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
