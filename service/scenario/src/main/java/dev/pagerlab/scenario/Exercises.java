package dev.pagerlab.scenario;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.tlb.TlbPolicy;
import dev.pagerlab.engine.tlb.TracePattern;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.pagerlab.scenario.Answers.map;

/**
 * Exercise generators: a scenario whose expectations are the questions, generated from a seed (any string; see
 * {@link SeedRandom} for the fixed algorithm). The answers come from running the engine, so an answer key always
 * passes its own check; without answers the questions are present with {@code null} values.
 */
public final class Exercises {

    /** An exercise kind and what it asks. */
    public record Kind(String name, String description) {
    }

    /** The kinds, in a stable order. */
    public static final List<Kind> KINDS = List.of(
            new Kind("best-mapping", "A few RAM dataspaces attached into one address space, some at a given address,"
                    + " some where the region map chooses, some with an offset that breaks alignment; then faults."
                    + " Where does each dataspace land in physical memory, where are the chosen regions, and what"
                    + " mapping (virt, phys, sizeLog2) does each fault get?"),
            new Kind("nested-translation", "A chain of managed dataspaces: a region map inside a region map inside"
                    + " an address space, with RAM in the innermost one and a fault handler at some levels. For each"
                    + " fault: the outcome, and either the mapping or the region map (and the address there) where"
                    + " the fault is reflected or fails."),
            new Kind("fault-handling", "Threads fault in an address space with a fault handler; then one attach"
                    + " covers some of their faults. Which threads does the attach resume, with which outcome, and"
                    + " what are the region map's state, each thread's state and the handler's signal count?"),
            new Kind("revocation", "One dataspace attached into two address spaces, faulted in both, then detached"
                    + " from one. How many mappings does the detach flush, and which mappings remain? Generate it"
                    + " for platform=foc and platform=nova and compare."),
            new Kind("tlb", "A RAM dataspace attached into an address space, aligned or from an offset that breaks"
                    + " alignment, then a trace run (a sequential scan or a page-strided walk) through a small TLB"
                    + " under the best-mapping pager and one that maps single pages. How many TLB misses, faults and"
                    + " mappings does each pager need, and what are the ratios? Its default platform is"
                    + " microblaze."));

    private Exercises() {
    }

    /** The kind named {@code name}. */
    public static Optional<Kind> kind(String name) {
        return KINDS.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /**
     * The exercise of {@code kind} for {@code seed} on {@code platform} (null: the kind's default), with the answers
     * filled in or left {@code null}. Unknown kinds and platforms are {@link IllegalArgumentException}s.
     */
    public static Scenario generate(String kind, String seed, @Nullable String platform, boolean answers) {
        kind(kind).orElseThrow(() -> new IllegalArgumentException("unknown exercise kind '" + kind + "'"));
        SeedRandom random = new SeedRandom(kind, seed);
        String platformName = platform != null ? platform : switch (kind) {
            case "revocation" -> random.pick("foc", "nova");
            case "tlb" -> "microblaze";
            default -> "foc";
        };
        PlatformProfile profile = PlatformProfile.builtIn(platformName).orElseThrow(() ->
                new IllegalArgumentException("unknown platform '" + platformName + "'"));
        Builder b = new Builder(profile, answers);
        switch (kind) {
            case "best-mapping" -> bestMapping(b, random);
            case "nested-translation" -> nestedTranslation(b, random);
            case "fault-handling" -> faultHandling(b, random);
            case "revocation" -> revocation(b, random);
            case "tlb" -> tlb(b, random);
            default -> throw new IllegalStateException(kind);
        }
        String description = kind(kind).orElseThrow().description() + " (seed '" + seed + "'; fill in every null"
                + " and check the file)";
        return new Scenario(kind + "-" + seed, description, new PlatformSpec.BuiltIn(platformName), null, b.steps);
    }

    /** Runs steps as they are generated and writes their questions, answered or not. */
    private static final class Builder {
        final Runner runner;
        final boolean answers;
        final long page;
        final List<Step> steps = new ArrayList<>();

        Builder(PlatformProfile profile, boolean answers) {
            this.runner = new Runner(Lab.create(LabConfig.of(profile),
                    LabEventListener.NONE).orThrow());
            this.answers = answers;
            this.page = profile.pageSize().size().value();
        }

        /** Runs {@code action}; {@code question} names the fields asked (null leaves), or is null for none. */
        Map<String, @Nullable Object> step(Action action, @Nullable Map<String, @Nullable Object> question) {
            Map<String, @Nullable Object> answer = runner.answer(action);
            if (answer.containsKey("error")) {
                throw new IllegalStateException("a generated step was refused: " + answer);
            }
            Map<String, @Nullable Object> expect = question == null ? null : fill(question, answer);
            steps.add(new Step(action, expect, null, new Location(steps.size() + 1, 1, "")));
            return answer;
        }

        private Map<String, @Nullable Object> fill(Map<String, @Nullable Object> question, Map<?, ?> answer) {
            Map<String, @Nullable Object> filled = new LinkedHashMap<>();
            for (var e : question.entrySet()) {
                Object value = answer.get(e.getKey());
                if (e.getValue() instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked")
                    Map<String, @Nullable Object> sub = (Map<String, @Nullable Object>) nested;
                    filled.put(e.getKey(), fill(sub, value instanceof Map<?, ?> m ? m : Map.of()));
                } else {
                    filled.put(e.getKey(), answers ? value : null);
                }
            }
            return filled;
        }
    }

    private static Map<String, @Nullable Object> questions(String... keys) {
        Map<String, @Nullable Object> q = new LinkedHashMap<>();
        for (String key : keys) {
            q.put(key, null);
        }
        return q;
    }

    private static Map<String, @Nullable Object> question(String key, Map<String, @Nullable Object> nested) {
        Map<String, @Nullable Object> q = new LinkedHashMap<>();
        q.put(key, nested);
        return q;
    }

    private static long hex(@Nullable Object value) {
        return Values.unsigned(java.util.Objects.requireNonNull(value)).orElseThrow();
    }

    private static final long K = 1024;
    private static final long M = K * K;

    private static void bestMapping(Builder b, SeedRandom r) {
        b.step(new Action.NewRmSession("as", 1024 * M, null), null);
        int count = 2 + (int) r.below(2);
        record Plan(String name, long size, int mode) {
        }
        List<Plan> plans = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Plan plan = new Plan("d" + i, r.pick(16 * K, 64 * K, M, 2 * M, 4 * M), (int) r.below(3));
            plans.add(plan);
            b.step(new Action.NewDataspace(plan.name(), false, plan.size(), null, null, null), questions("physAddr"));
        }
        // Attachments at a given address come first, so that the region map's own choices cannot take their place.
        List<Plan> order = new ArrayList<>(plans.stream().filter(p -> p.mode() == 1).toList());
        order.addAll(plans.stream().filter(p -> p.mode() != 1).toList());
        record Region(long at, long size) {
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Plan p = order.get(i);
            Map<String, @Nullable Object> answer;
            if (p.mode() == 1) {
                long at = (64 * M) * (i + 1) + b.page * r.below(16) * 16;
                answer = b.step(new Action.Attach("as", p.name(), null, null, at, null, null), null);
            } else if (p.mode() == 2 && p.size() > b.page) {
                long offset = b.page * (1 + r.below(Math.min(p.size() / b.page - 1, 64)));
                answer = b.step(new Action.Attach("as", p.name(), null, offset, null, null, null), questions("at"));
            } else {
                answer = b.step(new Action.Attach("as", p.name(), null, null, null, null, null), questions("at"));
            }
            regions.add(new Region(hex(answer.get("at")), hex(answer.get("size"))));
        }
        b.step(new Action.NewThread("main", "as", null), null);
        int faults = 3 + (int) r.below(2);
        for (int i = 0; i < faults; i++) {
            Region region = regions.get((int) r.below(regions.size()));
            long addr = region.at() + r.below(region.size() / 8) * 8;
            b.step(new Action.Fault("main", addr, r.pick(Access.READ, Access.WRITE)),
                    question("mapping", questions("virt", "phys", "sizeLog2")));
        }
    }

    private static void nestedTranslation(Builder b, SeedRandom r) {
        long outerSize = r.pick(16 * M, 32 * M);
        long innerSize = r.pick(2 * M, 4 * M);
        long ramSize = r.pick(64 * K, M);
        b.step(new Action.NewRmSession("as", 1024 * M, null), null);
        b.step(new Action.NewRmSession("outer", outerSize, null), null);
        b.step(new Action.NewRmSession("inner", innerSize, null), null);
        b.step(new Action.NewFaultHandler("h", null), null);
        b.step(new Action.SetFaultHandler("inner", "h"), null);
        if (r.chance()) {
            b.step(new Action.SetFaultHandler("outer", "h"), null);
        }
        b.step(new Action.NewDataspace("ram", false, ramSize, null, null, null), null);
        long ramAt = 64 * K * r.below((innerSize - ramSize) / (64 * K) + 1);
        b.step(new Action.Attach("inner", "ram", null, null, ramAt, null, null), null);
        long innerAt = M * r.below((outerSize - innerSize) / M + 1);
        b.step(new Action.Attach("outer", "inner.dataspace", null, null, innerAt, null, null), null);
        long outerAt = outerSize * (1 + r.below(8));
        b.step(new Action.Attach("as", "outer.dataspace", null, null, outerAt, null, null), null);
        int faults = 3 + (int) r.below(2);
        for (int i = 1; i <= faults; i++) {
            String thread = "t" + i;
            b.step(new Action.NewThread(thread, "as", null), null);
            long addr = switch ((int) r.below(3)) {
                case 0 -> outerAt + innerAt + ramAt + r.below(ramSize / 8) * 8;
                case 1 -> outerAt + innerAt + r.below(innerSize / 8) * 8;
                default -> outerAt + r.below(outerSize / 8) * 8;
            };
            Action.Fault fault = new Action.Fault(thread, addr, r.pick(Access.READ, Access.WRITE));
            // Ask what the kind of outcome calls for: the mapping, or where the fault was reflected or failed.
            Map<String, @Nullable Object> preview = previewOutcome(b, fault);
            Map<String, @Nullable Object> q = questions("outcome");
            String where = preview.containsKey("mapping") ? "mapping" : preview.containsKey("reflected")
                    ? "reflected" : "failedAt";
            q.put(where, where.equals("mapping") ? questions("virt", "phys", "sizeLog2")
                    : questions("rmSession", "addr"));
            b.steps.add(new Step(fault, b.fill(q, preview), null, new Location(b.steps.size() + 1, 1, "")));
        }
    }

    /** Runs a fault in the builder's lab, as {@link Builder#step} would, but leaves adding the step to the caller. */
    private static Map<String, @Nullable Object> previewOutcome(Builder b, Action.Fault fault) {
        Map<String, @Nullable Object> answer = b.runner.answer(fault);
        if (answer.containsKey("error")) {
            throw new IllegalStateException("a generated fault was refused: " + answer);
        }
        return answer;
    }

    private static void faultHandling(Builder b, SeedRandom r) {
        b.step(new Action.NewRmSession("as", 256 * M, null), null);
        b.step(new Action.NewFaultHandler("h", null), null);
        b.step(new Action.SetFaultHandler("as", "h"), null);
        long size = r.pick(64 * K, M);
        long at = size * (1 + r.below(16));
        b.step(new Action.NewDataspace("d", false, size, null, null, null), null);
        int threads = 3 + (int) r.below(2);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String name = String.valueOf((char) ('a' + i));
            names.add(name);
            b.step(new Action.NewThread(name, "as", null), null);
        }
        for (String name : names) {
            long addr = r.chance() ? at + r.below(size / 8) * 8 : at + size + r.below(size / 8) * 8;
            b.step(new Action.Fault(name, addr, r.pick(Access.READ, Access.WRITE)), null);
        }
        b.step(new Action.Attach("as", "d", null, null, at, r.chance(), null), questions("resumed"));
        Map<String, @Nullable Object> threadQuestions = new LinkedHashMap<>();
        names.forEach(n -> threadQuestions.put(n, null));
        Map<String, @Nullable Object> check = new LinkedHashMap<>();
        check.put("state", questions("as"));
        check.put("threads", threadQuestions);
        check.put("signals", questions("h"));
        b.step(new Action.Check(), check);
    }

    private static void revocation(Builder b, SeedRandom r) {
        long size = r.pick(M, 2 * M, 4 * M);
        b.step(new Action.NewRmSession("as1", 64 * M, null), null);
        b.step(new Action.NewRmSession("as2", 64 * M, null), null);
        b.step(new Action.NewDataspace("d", false, size, null, null, null), null);
        long at1 = size * r.below(8);
        long offset2 = r.chance() ? 0 : size / 2;
        long at2 = size * r.below(8) + (r.chance() ? 0 : 64 * K);
        b.step(new Action.Attach("as1", "d", null, null, at1, null, null), null);
        b.step(new Action.Attach("as2", "d", null, offset2 == 0 ? null : offset2, at2, null, null), null);
        b.step(new Action.NewThread("t1", "as1", null), null);
        b.step(new Action.NewThread("t2", "as2", null), null);
        for (int i = 0; i < 2 + r.below(2); i++) {
            b.step(new Action.Fault("t1", at1 + r.below(size / 8) * 8, Access.READ), null);
            b.step(new Action.Fault("t2", at2 + r.below((size - offset2) / 8) * 8, Access.READ), null);
        }
        boolean first = r.chance();
        b.step(new Action.Detach(first ? "as1" : "as2", first ? at1 : at2), questions("flushed"));
        b.step(new Action.Check(), question("mappings", questions("as1", "as2")));
    }

    /** Small enough that an answer key's trace runs take milliseconds: at most 8192 accesses per pager. */
    private static void tlb(Builder b, SeedRandom r) {
        long size = r.pick(512 * K, M, 2 * M);
        b.step(new Action.NewDataspace("d", false, size, null, null, null), null);
        b.step(new Action.NewRmSession("as", 1024 * M, null), null);
        long offset = r.pick(0L, 0L, 4 * K, 64 * K);
        long at = 256 * M;
        long length = size - offset;
        b.step(new Action.Attach("as", "d", length, offset == 0 ? null : offset, at, null, null), null);
        b.step(new Action.NewThread("t", "as", null), null);
        TracePattern.Parameters parameters = r.chance()
                ? new TracePattern.Parameters(Addr.of(at), Size.of(length), Size.of(r.pick(256L, 1024L, 4096L)), null,
                        null, null, null, null, null, null, null)
                : new TracePattern.Parameters(Addr.of(at), Size.of(length), null, Size.of(4 * K), null, null, null,
                        null, (int) (2 * length / (4 * K)), null, null);
        String pattern = parameters.step() != null ? "sequential" : "strided";
        b.step(new Action.TraceRun("t", null, null, new Action.Pattern(pattern, parameters), r.pick(8, 16, 64),
                r.pick(TlbPolicy.LRU, TlbPolicy.FIFO), null), questions("runs", "ratios"));
    }
}
