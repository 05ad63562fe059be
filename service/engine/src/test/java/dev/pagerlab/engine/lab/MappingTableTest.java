package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Rights;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A slot of the {@link MappingTable} gives back what was stored, and a handle dies with its mapping. */
class MappingTableTest {

    private final MappingTable table = new MappingTable();
    private final RegionMap as = new RegionMap(new RegionMapId(1), "as", Size.of(1L << 30), table);

    @Test
    void aSlotGivesBackTheMappingStoredInIt() {
        for (Cache cache : Cache.values()) {
            for (Rights rights : new Rights[] {Rights.ALL, Rights.READ_ONLY, Rights.READ_WRITE, Rights.of(false, true)}) {
                int slot = table.add(-1L << 21, 0x20_0000, 21, rights, cache != Cache.CACHED, cache, as);
                var m = table.mapping(slot);
                assertThat(m.virt().value()).isEqualTo(-1L << 21);
                assertThat(m.phys().value()).isEqualTo(0x20_0000);
                assertThat(m.sizeLog2().value()).isEqualTo(21);
                assertThat(m.rights()).isEqualTo(rights);
                assertThat(m.ioMem()).isEqualTo(cache != Cache.CACHED);
                assertThat(m.cache()).isEqualTo(cache);
                assertThat(table.virtLast(slot)).isEqualTo(-1L);
                assertThat(table.owner(slot)).isSameAs(as);
            }
        }
    }

    @Test
    void aFreedSlotIsReusedButItsOldHandleStaysDead() {
        int slot = table.add(0x1000, 0x2000, 12, Rights.ALL, false, Cache.CACHED, as);
        long handle = table.handle(slot);
        assertThat(table.live(handle)).isTrue();
        table.free(slot);
        assertThat(table.live(handle)).isFalse();
        int again = table.add(0x3000, 0x4000, 12, Rights.ALL, false, Cache.CACHED, as);
        assertThat(again).isEqualTo(slot);
        assertThat(table.live(handle)).isFalse();
        assertThat(table.live(table.handle(again))).isTrue();
        assertThat(MappingTable.slot(table.handle(again))).isEqualTo(slot);
    }
}
