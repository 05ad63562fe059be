package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Log2Range;
import dev.pagerlab.engine.lab.BruteForcePager.Walk;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceKind;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.platform.Revocation;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the engine over many seeded random labs; a failure names its seed. */
class PagerInvariantsTest {

    private static final int STEPS = 40;

    @Test
    void regionsNeverOverlapAndStayInsideTheirMap() {
        SeededCases.check("layout", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                scenario.step();
                assertLayoutConsistent(scenario.lab);
            }
        });
    }

    @Test
    void everyFaultIsAnsweredAsTheBruteForcePagerAnswersIt() {
        SeededCases.check("resolution", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                scenario.step().ifPresent(step -> assertAnsweredLikeBruteForce(scenario, step));
            }
        });
    }

    @Test
    void noInstalledMappingOutlivesTheRegionsItCameFrom() {
        SeededCases.check("mappings", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                scenario.step();
                assertMappingsStillResolve(scenario);
            }
        });
    }

    @Test
    void everyRemovalFlushesExactlyWhatTheBruteForceRevocationFlushes() {
        SeededCases.check("revocation", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                scenario.step();
                scenario.expectedAfterRemoval.ifPresent(expected -> {
                    for (RegionMapId rm : scenario.regionMaps()) {
                        assertThat(new HashSet<>(scenario.lab.mappings(rm).orThrow()))
                                .as("mappings of %s after %s on %s", rm, expected.getKey(), scenario.platform.name())
                                .isEqualTo(expected.getValue().get(rm));
                    }
                    assertThat(expected.getValue().keySet()).as("region maps").containsExactlyInAnyOrderElementsOf(
                            scenario.regionMaps());
                });
            }
        });
    }

    @Test
    void faultersAreQueuedExactlyWhereTheirThreadsWait() {
        SeededCases.check("faulters", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < STEPS; i++) {
                scenario.step();
                assertFaultersConsistent(scenario.lab);
            }
        });
    }

    static void assertLayoutConsistent(Lab lab) {
        for (RegionMapView rm : lab.regionMaps()) {
            List<RegionView> regions = rm.regions();
            for (int i = 0; i < regions.size(); i++) {
                RegionView r = regions.get(i);
                assertThat(r.range().valid()).as("region %s of %s", r, rm.id()).isTrue();
                assertThat(Long.compareUnsigned(r.range().last(), rm.size().value() - 1))
                        .as("region %s inside %s", r, rm.id()).isLessThanOrEqualTo(0);
                if (i > 0) {
                    assertThat(Long.compareUnsigned(regions.get(i - 1).range().last(), r.range().first()))
                            .as("%s before %s in %s", regions.get(i - 1), r, rm.id()).isLessThan(0);
                }
            }
        }
        // RAM and I/O memory: physical ranges exclusive (docs/concepts.md, docs/concepts.md, "Dataspaces"), I/O memory never cached.
        List<DataspaceView> leaves = lab.dataspaces().stream().filter(d -> d.kind() != DataspaceKind.MANAGED)
                .sorted(Comparator.comparing(DataspaceView::physAddr)).toList();
        for (int i = 1; i < leaves.size(); i++) {
            long previousEnd = leaves.get(i - 1).physAddr().value() + leaves.get(i - 1).size().value();
            assertThat(Long.compareUnsigned(previousEnd, leaves.get(i).physAddr().value()))
                    .as("physical ranges of %s and %s", leaves.get(i - 1), leaves.get(i)).isLessThanOrEqualTo(0);
        }
        assertThat(leaves).filteredOn(d -> d.kind() == DataspaceKind.IO_MEM).extracting(DataspaceView::cache)
                .doesNotContain(dev.pagerlab.engine.model.Cache.CACHED);
    }

    static void assertAnsweredLikeBruteForce(RandomScenario s, RandomScenario.FaultStep step) {
        BruteForcePager oracle = step.before();
        Walk walk = oracle.walk(step.addressSpace(), s.pageAround(step.addr()), step.addr(), step.access());
        FaultResolution actual = step.report().resolution();
        switch (walk) {
            case Walk.Leaf leaf -> assertBestMapping(s, step, actual);
            case Walk.NoRegion(RegionMapId rm, var local) -> assertFailedAt(oracle, rm, new Fault(step.access(), local),
                    Cause.NO_REGION, actual);
            case Walk.Denied(RegionMapId rm, var local) -> assertFailedAt(oracle, rm, new Fault(step.access(), local),
                    step.access() == Access.WRITE ? Cause.WRITE_VIOLATION : Cause.EXEC_VIOLATION, actual);
            case Walk.TooDeep(RegionMapId rm, var local) -> assertThat(actual)
                    .isEqualTo(new FaultResolution.RecursionLimit(rm, new Fault(step.access(), local)));
            case Walk.Straddles straddles -> throw new AssertionError("a page cannot straddle regions");
        }
    }

    private static void assertFailedAt(BruteForcePager oracle, RegionMapId rm, Fault fault, Cause cause,
                                       FaultResolution actual) {
        boolean hasHandler = oracle.regionMap(rm).faultHandler() != null;
        FaultResolution expected = hasHandler ? new FaultResolution.Reflected(rm, fault, cause) : switch (cause) {
            case NO_REGION -> new FaultResolution.NoRegion(rm, fault);
            case WRITE_VIOLATION -> new FaultResolution.WriteViolation(rm, fault);
            case EXEC_VIOLATION -> new FaultResolution.ExecViolation(rm, fault);
        };
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertBestMapping(RandomScenario s, RandomScenario.FaultStep step, FaultResolution actual) {
        assertThat(actual).isInstanceOf(FaultResolution.Resolved.class);
        Mapping mapping = ((FaultResolution.Resolved) actual).mapping();
        BruteForcePager oracle = step.before();
        assertThat(s.platform.installableSizes()).as("platform sizes").contains(mapping.sizeLog2().value());
        assertThat(mapping.virtRange().contains(step.addr())).as("mapping covers the fault").isTrue();
        Walk whole = oracle.walk(step.addressSpace(), mapping.virtRange(), step.addr(), step.access());
        assertThat(whole).as("the whole mapping lies in one region at every level").isInstanceOf(Walk.Leaf.class);
        Walk.Leaf leaf = (Walk.Leaf) whole;
        assertThat(leaf.phys().start()).as("physical backing of %s", mapping).isEqualTo(mapping.phys());
        assertThat(leaf.rights()).isEqualTo(mapping.rights());
        assertThat(mapping.ioMem()).isEqualTo(leaf.dataspace().kind() == DataspaceKind.IO_MEM);
        assertThat(mapping.cache()).isEqualTo(leaf.dataspace().cache());
        for (int larger : s.platform.installableSizes()) {
            if (larger <= mapping.sizeLog2().value()) {
                continue;
            }
            var block = Log2Range.around(step.addr(), Log2.of(larger)).range();
            Walk candidate = oracle.walk(step.addressSpace(), block, step.addr(), step.access());
            boolean valid = candidate instanceof Walk.Leaf l && l.phys().start().alignedTo(Log2.of(larger));
            assertThat(valid).as("a 2^%s flexpage %s would also be valid, %s is not maximal", larger, block, mapping)
                    .isFalse();
        }
    }

    /**
     * Every installed mapping still lies in one region chain that backs it, as installed; except that a kernel
     * revoking by physical range (docs/fidelity.md, revocation) can leave mappings made through a managed region whose core-local range did
     * not cover them, as Genode does there: the revocation invariant checks those labs exactly instead.
     */
    static void assertMappingsStillResolve(RandomScenario s) {
        BruteForcePager oracle = new BruteForcePager(s.lab);
        boolean byPath = s.platform.revocation() == Revocation.PATH;
        for (RegionMapId rm : s.regionMaps()) {
            List<Mapping> installed = s.lab.mappings(rm).orThrow();
            for (Mapping m : byPath ? installed : List.<Mapping>of()) {
                Walk walk = oracle.walk(rm, m.virtRange(), m.virt(), Access.READ);
                assertThat(walk).as("%s in %s still lies in one region chain", m, rm).isInstanceOf(Walk.Leaf.class);
                assertThat(((Walk.Leaf) walk).phys().start()).as("%s in %s", m, rm).isEqualTo(m.phys());
                assertThat(((Walk.Leaf) walk).rights()).isEqualTo(m.rights());
            }
            assertThat(new HashSet<>(installed)).as("events of %s", rm)
                    .isEqualTo(s.mappingsFromEvents.getOrDefault(rm, new HashSet<>()));
        }
    }

    static void assertFaultersConsistent(Lab lab) {
        Map<RegionMapId, RegionMapView> rms = lab.regionMaps().stream()
                .collect(Collectors.toMap(RegionMapView::id, v -> v));
        int queued = 0;
        for (RegionMapView rm : rms.values()) {
            for (var faulter : rm.faulters()) {
                ThreadView t = lab.thread(faulter.thread()).orElseThrow();
                assertThat(t.state()).isEqualTo(ThreadState.FAULTED);
                assertThat(t.waitingAt()).isEqualTo(rm.id());
                assertThat(t.pendingFault()).isEqualTo(faulter.fault());
                queued++;
            }
        }
        long faulted = lab.threads().stream().filter(t -> t.state() == ThreadState.FAULTED).count();
        assertThat(faulted).as("every faulted thread waits in exactly one queue").isEqualTo(queued);
    }
}
