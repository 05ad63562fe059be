package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The TLB model against a brute-force TLB, and the two replacement policies on small examples. */
class TlbTest {

    static Mapping mapping(long virt, int log2) {
        return new Mapping(Addr.of(virt), Addr.of(virt), Log2.of(log2), Rights.READ_WRITE, false, Cache.CACHED);
    }

    @Test
    void lruReplacesTheLeastRecentlyUsedEntryAndFifoTheOldest() {
        Tlb lru = new Tlb(new TlbConfig(2, TlbPolicy.LRU));
        Tlb fifo = new Tlb(new TlbConfig(2, TlbPolicy.FIFO));
        for (Tlb tlb : List.of(lru, fifo)) {
            tlb.load(mapping(0x0, 12));
            tlb.load(mapping(0x1000, 12));
            assertThat(tlb.lookup(0x0)).isEqualTo(mapping(0x0, 12)); // use the older one again
        }
        assertThat(lru.load(mapping(0x2000, 12))).isEqualTo(mapping(0x1000, 12));
        assertThat(fifo.load(mapping(0x2000, 12))).isEqualTo(mapping(0x0, 12));
    }

    @Test
    void anEntryCoversItsWholeMappingAtItsOwnSizeAcrossThe64BitSpace() {
        Tlb tlb = new Tlb(new TlbConfig(4, TlbPolicy.LRU));
        tlb.load(mapping(0x100_0000, 24));
        tlb.load(mapping(0xFFFF_FFFF_FFFF_F000L, 12));
        tlb.load(mapping(0x4000_0000_0000_0000L, 62));
        assertThat(tlb.lookup(0x1FF_FFFF)).isEqualTo(mapping(0x100_0000, 24));
        assertThat(tlb.lookup(0x200_0000)).isNull();
        assertThat(tlb.lookup(-1L)).isEqualTo(mapping(0xFFFF_FFFF_FFFF_F000L, 12));
        assertThat(tlb.lookup(0x7FFF_FFFF_FFFF_1234L)).isEqualTo(mapping(0x4000_0000_0000_0000L, 62));
        assertThat(tlb.lookup(0x8000_0000_0000_0000L)).isNull();
        assertThat(tlb.invalidate(mapping(0x100_0000, 24))).isTrue();
        assertThat(tlb.lookup(0x1FF_FFFF)).isNull();
        assertThat(tlb.size()).isEqualTo(2);
    }

    @Test
    void agreesWithTheBruteForceTlbOnEveryLookupLoadAndInvalidation() {
        SeededCases.check("tlb", random -> {
            TlbConfig config = new TlbConfig(1 + random.nextInt(12), random.nextBoolean() ? TlbPolicy.LRU
                    : TlbPolicy.FIFO);
            Tlb model = new Tlb(config);
            BruteForceTlb brute = new BruteForceTlb(config);
            List<Mapping> pageTable = new ArrayList<>();
            for (int step = 0; step < 300; step++) {
                int what = random.nextInt(10);
                if (what < 6) {
                    long addr = randomAddress(random);
                    assertThat(model.lookup(addr)).as("lookup " + Addr.of(addr)).isEqualTo(brute.lookup(addr));
                } else if (what < 9) {
                    // Like the replay: a new page-table mapping replaces those it overlaps, which leave the TLB.
                    Mapping m = randomMapping(random);
                    for (Mapping old : List.copyOf(pageTable)) {
                        if (old.virtRange().overlaps(m.virtRange())) {
                            pageTable.remove(old);
                            assertThat(model.invalidate(old)).isEqualTo(brute.invalidate(old));
                        }
                    }
                    pageTable.add(m);
                    assertThat(model.load(m)).as("load " + m).isEqualTo(brute.load(m));
                } else if (!pageTable.isEmpty()) {
                    Mapping gone = pageTable.remove(random.nextInt(pageTable.size()));
                    assertThat(model.invalidate(gone)).isEqualTo(brute.invalidate(gone));
                }
                assertThat(model.entries()).isEqualTo(brute.entries());
            }
        });
    }

    /** Addresses clustered in a few windows, so that lookups hit, plus the top of the 64-bit space. */
    private static long randomAddress(Random random) {
        long window = switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 0x4000_0000L;
            default -> 0xFFFF_FFFF_FF00_0000L;
        };
        return window + (random.nextLong() & 0xFF_FFFFL);
    }

    private static Mapping randomMapping(Random random) {
        int log2 = 12 + random.nextInt(13);
        return mapping(randomAddress(random) & ~((1L << log2) - 1), log2);
    }
}
