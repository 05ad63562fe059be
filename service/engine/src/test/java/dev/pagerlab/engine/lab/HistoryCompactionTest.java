package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.OperationHistoryTest.Observed;
import dev.pagerlab.engine.lab.OperationHistoryTest.Recorder;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compacted history builds the same lab: equal in every view, and equal in what it does next. Seeded random labs,
 * some with page tables small enough that full ones evict.
 */
class HistoryCompactionTest {

    @Test
    void aCompactedHistoryBuildsTheSameLabThatThenBehavesTheSame() {
        AtomicInteger compacted = new AtomicInteger();
        AtomicInteger cases = new AtomicInteger();
        long[] lengths = new long[2];
        SeededCases.check("history-compaction", random -> {
            cases.incrementAndGet();
            Quotas quotas = random.nextInt(3) == 0 ? smallPageTables(1 + random.nextInt(6)) : Quotas.DEFAULT;
            RandomScenario scenario = new RandomScenario(random, quotas);
            int steps = 20 + random.nextInt(120);
            for (int i = 0; i < steps; i++) {
                scenario.step();
                if (random.nextInt(10) == 0) {
                    scenario.handlers.forEach(scenario.lab::deliverSignal);
                }
            }
            Lab live = scenario.lab;
            List<Operation> history = live.history();
            Recorder heard = new Recorder();

            HistoryCompaction.Outcome outcome = HistoryCompaction.compact(live, heard);

            assertThat(live.history()).as("the compacted lab is left alone").isEqualTo(history);
            if (!(outcome instanceof HistoryCompaction.Outcome.Compacted(List<Operation> shorter, Lab replayed))) {
                // By the analysis, the only reason to keep a history is that nothing could be dropped.
                assertThat(((HistoryCompaction.Outcome.Kept) outcome).reason()).startsWith("no fault of the");
                return;
            }
            compacted.incrementAndGet();
            lengths[0] += history.size();
            lengths[1] += shorter.size();
            assertThat(shorter).hasSizeLessThan(history.size());
            assertThat(history).containsSubsequence(shorter);
            assertThat(shorter).as("only faults are dropped")
                    .containsAll(history.stream().filter(op -> !(op instanceof Operation.SubmitFault)).toList());
            assertThat(replayed.history()).isEqualTo(shorter);
            assertThat(heard.accepted).isEqualTo(shorter);
            assertThat(Observed.of(replayed)).isEqualTo(Observed.of(live));

            // What it does next: the same results and events as a lab replaying the full history, op by op.
            Recorder fullEvents = new Recorder();
            Lab full = Lab.create(scenario.config(), fullEvents).orThrow();
            history.forEach(full::apply);
            for (int i = 0; i < 60; i++) {
                scenario.step();
            }
            List<Operation> next = live.history().subList(history.size(), live.history().size());
            for (Operation op : next) {
                fullEvents.events.clear();
                heard.events.clear();
                Result<?> expected = full.apply(op);
                Result<?> actual = replayed.apply(op);
                assertThat(actual).as("result of %s", op).isEqualTo(expected);
                assertThat(heard.events).as("events of %s", op).isEqualTo(fullEvents.events);
            }
            assertThat(Observed.of(replayed)).isEqualTo(Observed.of(live));
        });
        System.out.printf("history-compaction: %d of %d labs compacted, %d operations to %d%n", compacted.get(),
                cases.get(), lengths[0], lengths[1]);
        assertThat(compacted.get()).as("random labs fault a lot: most histories have faults to drop")
                .isGreaterThan(cases.get() / 2);
    }

    @Test
    void aLongFaultHeavyHistoryShrinksToWhatTheLabHolds() {
        SeededCases.check("history-compaction-long", random -> {
            Lab live = studentLab(random, 1_000);
            var outcome = HistoryCompaction.compact(live, LabEventListener.NONE);

            assertThat(outcome).isInstanceOf(HistoryCompaction.Outcome.Compacted.class);
            var compacted = (HistoryCompaction.Outcome.Compacted) outcome;
            long setUp = live.history().stream().filter(op -> !(op instanceof Operation.SubmitFault)).count();
            // One fault per installed mapping is all that is left of the faults.
            assertThat(compacted.history()).hasSize((int) setUp + live.summary().installedMappings());
            assertThat(Observed.of(compacted.lab())).isEqualTo(Observed.of(live));
        });
    }

    @Test
    void aFaultThatFilledAPageTableStaysWhenTheTableEvictsAKeptMapping() {
        // Two mappings per address space. A woken faulter's mapping (part of an attach, always kept) is evicted by
        // a fault that found the table full; the mapping that filled it is gone at the end, but its fault must stay:
        // without it the replay would find room, evict nothing, and keep the woken mapping for good.
        Lab live = Lab.create(new LabConfig(PlatformProfile.builtIn("x86_64").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, smallPageTables(2)), LabEventListener.NONE).orThrow();
        var as = live.createRegionMap(Size.of(1 << 24), "as").orThrow().id();
        var handler = live.createFaultHandler("h").orThrow().id();
        live.setFaultHandler(as, handler).orThrow();
        var first = live.allocateRam(DataspaceRequest.of(Size.of(1 << 16))).orThrow().id();
        var second = live.allocateRam(DataspaceRequest.of(Size.of(1 << 16))).orThrow().id();
        ThreadId waiting = live.createThread(as, "waits").orThrow().id();
        ThreadId worker = live.createThread(as, "works").orThrow().id();
        live.fault(waiting, Addr.of(0x10_0000), Access.READ, Explain.NO_TRACE).orThrow();
        live.attach(as, AttachRequest.of(first).at(Addr.of(0x10_0000))).orThrow();   // woken: maps 0x100000
        live.attach(as, AttachRequest.of(second).at(Addr.of(0x20_0000))).orThrow();
        live.fault(worker, Addr.of(0x20_0000), Access.READ, Explain.NO_TRACE).orThrow();  // fills the table
        live.fault(worker, Addr.of(0x10_1000), Access.READ, Explain.NO_TRACE).orThrow();  // evicts 0x100000
        live.detach(as, Addr.of(0x20_0000)).orThrow();                                     // flushes 0x200000
        live.fault(worker, Addr.of(0x10_2000), Access.READ, Explain.NO_TRACE).orThrow();  // can go
        live.fault(worker, Addr.of(0x10_2000), Access.READ, Explain.NO_TRACE).orThrow();
        assertThat(live.mappings(as).orThrow()).extracting(m -> m.virt().value())
                .containsExactly(0x10_1000L, 0x10_2000L);

        var outcome = HistoryCompaction.compact(live, LabEventListener.NONE);

        assertThat(outcome).isInstanceOf(HistoryCompaction.Outcome.Compacted.class);
        var compacted = (HistoryCompaction.Outcome.Compacted) outcome;
        List<Operation> expected = new java.util.ArrayList<>(live.history());
        expected.remove(expected.size() - 2);
        assertThat(compacted.history()).isEqualTo(expected);
        assertThat(Observed.of(compacted.lab())).isEqualTo(Observed.of(live));
    }

    /** A student's lab: an address space with a RAM dataspace, a thread, and then {@code faults} faults in it. */
    private static Lab studentLab(Random random, int faults) {
        PlatformProfile platform = PlatformProfile.builtIns().get(random.nextInt(PlatformProfile.builtIns().size()));
        Lab lab = Lab.create(LabConfig.of(platform), LabEventListener.NONE).orThrow();
        var as = lab.createRegionMap(Size.of(1L << 30), "as").orThrow().id();
        long size = 1L << (16 + random.nextInt(7));
        var ds = lab.allocateRam(DataspaceRequest.of(Size.of(size))).orThrow().id();
        var region = lab.attach(as, AttachRequest.of(ds)).orThrow().region();
        ThreadId thread = lab.createThread(as, "main").orThrow().id();
        for (int i = 0; i < faults; i++) {
            long addr = region.at().value() + (long) (random.nextDouble() * size);
            lab.fault(thread, Addr.of(addr), random.nextBoolean() ? Access.READ : Access.WRITE, Explain.NO_TRACE)
                    .orThrow();
        }
        return lab;
    }

    private static Quotas smallPageTables(int mappings) {
        Quotas d = Quotas.DEFAULT;
        return new Quotas(d.dataspaces(), d.regionMaps(), d.regions(), d.threads(), d.faultHandlers(), mappings);
    }
}
