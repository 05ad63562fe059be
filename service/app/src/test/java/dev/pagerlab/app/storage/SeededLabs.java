package dev.pagerlab.app.storage;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.LabState;
import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.platform.PlatformProfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storage tests' labs: seeded labs created through a service's registry, each on the next built-in platform in
 * turn, what each showed once its operations ran, and a fresh engine to compare a stored lab with.
 */
final class SeededLabs {

    /** A lab as it was before a restart: everything it showed and the id of the last event its stream handed out. */
    record Before(LabState state, long lastEventId) {

        /** What {@code entry}'s lab shows now. */
        static Before of(LabRegistry.LabEntry entry) {
            return new Before(LabState.of(entry.lab()), entry.streams().lastEventId());
        }
    }

    private SeededLabs() {
    }

    /** Lab number {@code i} of a test: on the {@code i}-th built-in platform, in turn. */
    static LabRegistry.LabEntry create(LabRegistry registry, int i) {
        PlatformProfile platform = PlatformProfile.builtIns().get(i % PlatformProfile.builtIns().size());
        return registry.create(platform, LabConfig.DEFAULT_PHYSICAL_MEMORY, "lab " + i);
    }

    /**
     * {@code count} labs, lab {@code i} running {@code operations.apply(i)}: one by one, each waiting for its own
     * commit, or in grouped runs of random length (as a fault batch or a scenario does), so that the journal gets rows
     * of one operation and of many; what each lab was afterwards, by id, in creation order.
     */
    static Map<String, Before> create(LabRegistry registry, int count, long seed,
                                      IntFunction<List<Operation>> operations) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Before> labs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            LabRegistry.LabEntry entry = create(registry, i);
            List<Operation> remaining = operations.apply(i);
            while (!remaining.isEmpty()) {
                int run = random.nextInt(3) == 0 ? 1 : Math.min(remaining.size(), 1 + random.nextInt(300));
                apply(registry, entry, remaining.subList(0, run));
                remaining = remaining.subList(run, remaining.size());
            }
            labs.put(entry.id(), Before.of(entry));
        }
        return labs;
    }

    /**
     * Runs {@code run} on {@code entry}'s lab: a single operation waiting for its own commit, several grouped as a
     * fault batch's are.
     */
    static void apply(LabRegistry registry, LabRegistry.LabEntry entry, List<Operation> run) {
        if (run.size() == 1) {
            entry.lab().apply(run.getFirst());
        } else {
            registry.grouped(entry, () -> {
                run.forEach(entry.lab()::apply);
                return null;
            });
        }
    }

    /**
     * The lab {@code id} of {@code registry}, after asserting that it is what {@code before} says it was: every view,
     * and the id of the last event its stream handed out.
     */
    static LabRegistry.LabEntry assertBack(LabRegistry registry, String id, Before before, long seed) {
        LabRegistry.LabEntry entry = registry.get(id);
        assertThat(LabState.of(entry.lab())).as("lab %s, seed %d", id, seed).isEqualTo(before.state());
        assertThat(entry.streams().lastEventId()).as("event ids of %s, seed %d", id, seed)
                .isEqualTo(before.lastEventId());
        return entry;
    }

    /** {@code count} random operations of every kind ({@link RandomOperations}). */
    static List<Operation> random(long seed, int count) {
        RandomOperations operations = new RandomOperations(seed);
        List<Operation> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            list.add(operations.next());
        }
        return list;
    }

    /** A fresh engine, without app or storage, that replays {@code history} on {@code like}'s configuration. */
    static Lab replayed(Lab like, List<Operation> history) {
        Lab lab = Lab.create(new LabConfig(like.platform(), LabConfig.DEFAULT_PHYSICAL_MEMORY, like.quotas()),
                LabEventListener.NONE).orThrow();
        history.forEach(lab::apply);
        return lab;
    }
}
