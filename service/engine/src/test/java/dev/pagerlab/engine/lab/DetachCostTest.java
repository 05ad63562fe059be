package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.pagerlab.engine.lab.Machines.a;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path explosion of a chain of region maps, each one's managed dataspace attached N times into the next: with
 * N = 200 and five maps there are 200^4 = 1.6 billion ways from the address space down to the one RAM region. A
 * detach there, which took minutes when it walked the paths, must only cost the mappings it flushes.
 */
class DetachCostTest {

    private static final int N = 200;
    private static final int FAULTS = 300;

    /** rm-1 holds one 4 KiB RAM region; rm-k+1 shows rm-k N times; threads run in rm-5. */
    private static final class Chain {
        final Machines m;
        final List<RegionMapId> maps = new ArrayList<>();
        final DataspaceId ram;
        final ThreadId thread;
        final Set<Mapping> installed = new HashSet<>();

        Chain(String platform) {
            m = Machines.fresh(platform);
            long size = 0x1000;
            RegionMapId bottom = m.rm(size);
            maps.add(bottom);
            ram = m.ram(0x1000);
            m.attach(bottom, ram);
            for (int level = 2; level <= 5; level++) {
                RegionMapId below = maps.getLast();
                RegionMapId next = m.rm(size * N);
                for (int i = 0; i < N; i++) {
                    m.attach(next, AttachRequest.of(m.managed(below)).at(a(i * size)));
                }
                size *= N;
                maps.add(next);
            }
            assertThat(m.lab.summary().regions()).isEqualTo(1 + 4 * N);
            RegionMapId as = maps.getLast();
            thread = m.thread(as);
            long pages = size / 0x1000;
            for (int i = 0; i < FAULTS; i++) {
                // Spread over the whole address space: each fault takes another of the 1.6 billion paths.
                long page = (i * 0x9E3779B97F4A7C15L >>> 1) % pages;
                var report = m.read(thread, page * 0x1000);
                installed.add(((FaultResolution.Resolved) report.resolution()).mapping());
            }
            assertThat(m.lab.mappings(as).orThrow()).hasSize(FAULTS);
        }

        RegionMapId addressSpace() {
            return maps.getLast();
        }

        Set<Mapping> flushedIn(RegionMapId as, int fromEvent) {
            Set<Mapping> flushed = new HashSet<>();
            for (LabEvent e : m.events.subList(fromEvent, m.events.size())) {
                if (e instanceof LabEvent.MappingFlushed(RegionMapId where, Mapping mapping) && where.equals(as)) {
                    flushed.add(mapping);
                }
            }
            return flushed;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nova", "foc"})
    void detachingTheBottomOfTheChainFlushesEveryMappingWithoutWalkingThePaths(String platform) {
        Chain chain = new Chain(platform);
        int before = chain.m.events.size();

        chain.m.lab.detach(chain.maps.getFirst(), a(0x0)).orThrow();

        assertThat(chain.m.lab.mappings(chain.addressSpace()).orThrow()).isEmpty();
        assertThat(chain.flushedIn(chain.addressSpace(), before)).isEqualTo(chain.installed);
        assertThat(chain.m.events.subList(before, chain.m.events.size()))
                .filteredOn(e -> e instanceof LabEvent.MappingFlushed).hasSize(FAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nova", "foc"})
    void detachingOneMiddleAttachmentFlushesOnlyTheMappingsMadeThroughIt(String platform) {
        Chain chain = new Chain(platform);
        RegionMapId middle = chain.maps.get(2);
        int before = chain.m.events.size();

        chain.m.lab.detach(middle, a(0x0)).orThrow();

        // rm-3 shows rm-2 (0x1000 * N bytes) N times, the first at 0x0; rm-3's size divides every outer one. On
        // nova exactly the mappings whose path crosses that first region go; on foc the region's core-local range
        // holds the one RAM page, so all of them go.
        long rm2 = 0x1000L * N;
        long rm3 = rm2 * N;
        Set<Mapping> expected = new HashSet<>();
        for (Mapping mp : chain.installed) {
            if (platform.equals("foc") || Long.remainderUnsigned(mp.virt().value(), rm3) < rm2) {
                expected.add(mp);
            }
        }
        assertThat(expected).isNotEmpty().hasSize(platform.equals("foc") ? FAULTS : expected.size());
        if (platform.equals("nova")) {
            assertThat(expected).as("some mappings stay on nova").hasSizeLessThan(FAULTS);
        }
        assertThat(chain.flushedIn(chain.addressSpace(), before)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nova", "foc"})
    void destroyingTheRamOrARegionMapOfTheChainIsBoundedToo(String platform) {
        Chain chain = new Chain(platform);
        chain.m.lab.destroyDataspace(chain.ram).orThrow();
        assertThat(chain.m.lab.mappings(chain.addressSpace()).orThrow()).isEmpty();

        chain.m.lab.destroyRegionMap(chain.maps.get(2)).orThrow();
        assertThat(chain.m.lab.regions(chain.maps.get(3)).orThrow()).isEmpty();
        assertThat(chain.m.lab.summary().regions()).isEqualTo(1 + N + N);
    }
}
