package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shortens a lab's history without changing the lab it builds (docs/durability.md, "Compaction verified by
 * replay"): drops the faults whose only lasting effect, an installed mapping, is gone again, and accepts the shorter
 * history only when a fresh lab replaying it equals the original in every view.
 *
 * <p>Why dropping such a fault is safe: a fault that resolved changes nothing but the installed mappings of its
 * address space (its thread keeps running, no handler hears of it, no id is taken), and no operation's effect on
 * anything else depends on the installed mappings (a lookup reads regions only). The mappings themselves stay equal
 * as long as every flush of a mapping the shorter history still installs happens in it too, which the analysis below
 * makes sure of; the replay then checks it.
 *
 * <p>Uses only the lab's public API: it replays the history on fresh labs (two to a few times, engine only), so it
 * costs about as much as those replays and never touches the lab it compacts.
 */
public final class HistoryCompaction {

    /** Rounds of the analysis before giving up; each round only adds faults to keep, so few are ever needed. */
    private static final int MAX_ROUNDS = 16;

    private HistoryCompaction() {
    }

    /** What {@link #compact} found. */
    public sealed interface Outcome {

        /**
         * A shorter history, and the fresh lab that replayed it (created with the listener given to
         * {@link #compact}); it equals the original in every view.
         */
        record Compacted(List<Operation> history, Lab lab) implements Outcome {
            /** The history is copied. */
            public Compacted {
                history = List.copyOf(history);
            }
        }

        /** The history stays as it is, and why: nothing to drop, or the shorter one did not replay the same lab. */
        record Kept(String reason) implements Outcome {
        }
    }

    /**
     * Compacts {@code live}'s history while holding its lock; the replayed lab of a {@link Outcome.Compacted} is
     * created with {@code listener}, which hears its replay.
     */
    public static Outcome compact(Lab live, LabEventListener listener) {
        return live.atomically(() -> {
            LabConfig config = new LabConfig(live.platform(), live.summary().physicalMemory(), live.quotas());
            List<Operation> history = live.history();
            BitSet keep = analyse(config, history);
            if (keep == null) {
                return new Outcome.Kept("the analysis did not settle within " + MAX_ROUNDS + " rounds");
            }
            if (keep.cardinality() == history.size()) {
                return new Outcome.Kept("no fault of the " + history.size() + " operations can be dropped");
            }
            List<Operation> shorter = new ArrayList<>(keep.cardinality());
            keep.stream().forEach(i -> shorter.add(history.get(i)));
            Lab replayed = Lab.create(config, listener).orThrow();
            for (int i = 0; i < shorter.size(); i++) {
                if (replayed.apply(shorter.get(i)) instanceof Result.Refused<?>(var failure)) {
                    return new Outcome.Kept("operation " + (i + 1) + " of the compacted history is refused: "
                            + failure.code());
                }
            }
            if (replayed.history().size() != shorter.size()) {
                return new Outcome.Kept("the compacted history replays into a different history");
            }
            String difference = View.of(live).difference(View.of(replayed));
            if (difference != null) {
                return new Outcome.Kept("the compacted history builds a different lab: " + difference);
            }
            return new Outcome.Compacted(shorter, replayed);
        });
    }

    /**
     * Which operations to keep, by index; null when the rounds did not settle. Every operation is kept but a fault
     * that installed a mapping, which is dropped unless (1) its mapping is still installed at the end, (2) it flushes
     * a mapping that a kept operation installed (by overlap or by evicting it from a full page table), or (3) a kept
     * operation evicts a kept mapping from a full page table while this fault's mapping is in that table too: the
     * shorter history must fill the table the same way, or it would not evict.
     */
    private static @Nullable BitSet analyse(LabConfig config, List<Operation> history) {
        Pass survival = new Pass(null, new BitSet());
        replay(config, history, survival);
        BitSet survives = survival.installedNow();
        BitSet forced = new BitSet();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Pass pass = new Pass(survives, forced);
            replay(config, history, pass);
            if (!pass.forcedMore) {
                return pass.kept;
            }
        }
        return null;
    }

    private static void replay(LabConfig config, List<Operation> history, Pass pass) {
        Lab lab = Lab.create(config, pass).orThrow();
        for (Operation operation : history) {
            lab.apply(operation);
        }
    }

    /**
     * One replay of the history that follows every mapping from the operation that installed it to the one that
     * flushed it. With {@code survives} (the mappings still installed after a first pass) it decides what to keep.
     */
    private static final class Pass implements LabEventListener {

        private final @Nullable BitSet survives;
        private final BitSet forced;
        final BitSet kept = new BitSet();
        boolean forcedMore;
        /** The installed mappings by address space and virtual address: the index of the operation that did it. */
        private final Map<RegionMapId, Map<Long, Integer>> installedBy = new HashMap<>();
        private final List<LabEvent> events = new ArrayList<>();
        private boolean installs;

        Pass(@Nullable BitSet survives, BitSet forced) {
            this.survives = survives;
            this.forced = forced;
        }

        @Override
        public void on(LabEvent event) {
            events.add(event);
            installs |= event instanceof LabEvent.MappingInstalled;
        }

        @Override
        public void accepted(long sequence, Operation operation) {
            int index = (int) (sequence - 1);
            boolean keep = !(operation instanceof Operation.SubmitFault && installs)
                    || survives == null || survives.get(index) || forced.get(index);
            for (int i = 0; i < events.size() && !keep; i++) {
                if (events.get(i) instanceof LabEvent.MappingFlushed(RegionMapId as, Mapping m)) {
                    Integer by = space(as).get(m.virt().value());
                    keep = by == null || kept.get(by);
                }
            }
            if (keep) {
                kept.set(index);
            }
            for (int i = 0; i < events.size(); i++) {
                switch (events.get(i)) {
                    case LabEvent.MappingFlushed(RegionMapId as, Mapping m) -> {
                        Map<Long, Integer> space = space(as);
                        Integer by = space.get(m.virt().value());
                        if (keep && by != null && kept.get(by) && evicts(i, as, m)) {
                            for (int other : space.values()) {
                                if (!kept.get(other) && !forced.get(other)) {
                                    forced.set(other);
                                    forcedMore = true;
                                }
                            }
                        }
                        space.remove(m.virt().value());
                    }
                    case LabEvent.MappingInstalled(RegionMapId as, var thread, Mapping m) ->
                            space(as).put(m.virt().value(), index);
                    default -> { }
                }
            }
            events.clear();
            installs = false;
        }

        /**
         * Whether the flush of {@code m}, the {@code at}-th event, made room in a full page table: the next event
         * that is not a flush installs a mapping in the same address space that {@code m} does not overlap (flushes
         * for overlap flush only what overlaps the new mapping).
         */
        private boolean evicts(int at, RegionMapId as, Mapping m) {
            for (int i = at + 1; i < events.size(); i++) {
                LabEvent next = events.get(i);
                if (!(next instanceof LabEvent.MappingFlushed)) {
                    return next instanceof LabEvent.MappingInstalled(RegionMapId in, var thread, Mapping installed)
                            && in.equals(as) && !installed.virtRange().overlaps(m.virtRange());
                }
            }
            return false;
        }

        private Map<Long, Integer> space(RegionMapId as) {
            return installedBy.computeIfAbsent(as, k -> new HashMap<>());
        }

        /** The operations whose mappings are installed now. */
        BitSet installedNow() {
            BitSet now = new BitSet();
            installedBy.values().forEach(space -> space.values().forEach(now::set));
            return now;
        }
    }

    /** Everything a client can observe of a lab, read in one step. */
    private record View(Object summary, Object dataspaces, Object regionMaps, Object threads, Object handlers,
                        List<Object> mappings) {

        static View of(Lab lab) {
            return lab.atomically(() -> {
                List<Object> mappings = new ArrayList<>();
                lab.regionMaps().forEach(rm -> mappings.add(lab.mappings(rm.id()).orThrow()));
                return new View(lab.summary(), lab.dataspaces(), lab.regionMaps(), lab.threads(),
                        lab.faultHandlers(), mappings);
            });
        }

        /** The first part in which {@code other} differs, or null when it equals this one. */
        @Nullable String difference(View other) {
            if (!summary.equals(other.summary)) {
                return "summary";
            }
            if (!dataspaces.equals(other.dataspaces)) {
                return "dataspaces";
            }
            if (!regionMaps.equals(other.regionMaps)) {
                return "region maps";
            }
            if (!threads.equals(other.threads)) {
                return "threads";
            }
            if (!handlers.equals(other.handlers)) {
                return "fault handlers";
            }
            return mappings.equals(other.mappings) ? null : "installed mappings";
        }
    }
}
