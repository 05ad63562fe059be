package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SlotRanges}, the page table and the physical index, answers every operation as the TreeMap reference
 * ({@link ReferenceRanges}) does, over random sequences of aligned power-of-two blocks near 0 and near 2^64, with
 * enough removes and re-puts to exercise its holes and compactions. The block sizes live outside the structure, as
 * they do in the {@link MappingTable}.
 */
class SlotRangesTest {

    @Test
    void answersAsTheTreeMapReference() {
        SeededCases.check("slot ranges", random -> {
            Map<Integer, Integer> log2s = new HashMap<>();
            SlotRanges fast = new SlotRanges((first, slot) -> first | ((1L << log2s.get(slot)) - 1));
            ReferenceRanges<Integer> clear = new ReferenceRanges<>();
            List<Long> starts = new ArrayList<>();
            long base = random.nextBoolean() ? 0 : -(1L << 20);
            long span = (long) (1 << (6 + random.nextInt(8))) << 4;
            int ops = 50 + random.nextInt(400);
            for (int op = 0; op < ops; op++) {
                int log2 = 4 + random.nextInt(6);
                long first = base + (random.nextLong(span) & ~((1L << log2) - 1));
                AddrRange range = new AddrRange(first, first + (1L << log2) - 1);
                switch (random.nextInt(7)) {
                    case 0, 1 -> {
                        if (!clear.overlapsAny(range)) {
                            log2s.put(op, log2);
                            fast.put(range.first(), range.last(), op);
                            clear.put(range, op);
                            starts.add(first);
                        }
                    }
                    case 2 -> {
                        long at = !starts.isEmpty() && random.nextInt(4) > 0
                                ? starts.remove(random.nextInt(starts.size())) : first;
                        Integer removed = clear.remove(at);
                        assertThat(fast.remove(at)).isEqualTo(removed == null ? -1 : removed);
                    }
                    case 3 -> {
                        long probe = first + random.nextInt(1 << 10);
                        Integer found = clear.at(probe);
                        assertThat(fast.at(probe)).isEqualTo(found == null ? -1 : found);
                    }
                    case 4 -> {
                        List<Integer> found = new ArrayList<>();
                        fast.overlapping(range.first(), range.last(), found::add);
                        assertThat(found).isEqualTo(clear.overlapping(range));
                    }
                    case 5 -> {
                        List<Integer> expected = clear.overlapping(range);
                        for (Integer v : expected) {
                            clear.remove(clear.rangeOf(v).first());
                        }
                        List<Integer> removed = new ArrayList<>();
                        fast.removeOverlapping(range.first(), range.last(), removed::add);
                        assertThat(removed).isEqualTo(expected);
                    }
                    default -> {
                        if (!starts.isEmpty() && random.nextBoolean()) {
                            long at = starts.get(random.nextInt(starts.size()));
                            Integer old = clear.at(at);
                            if (old != null && clear.rangeOf(old).first() == at) {
                                long last = clear.rangeOf(old).last();
                                log2s.put(op, log2s.get(old));
                                assertThat(fast.putOrReplace(at, last, op)).isEqualTo(old);
                                clear.remove(at);
                                clear.put(new AddrRange(at, last), op);
                            }
                        } else if (!clear.overlapsAny(range)) {
                            log2s.put(op, log2);
                            assertThat(fast.putOrReplace(range.first(), range.last(), op)).isEqualTo(-1);
                            clear.put(range, op);
                            starts.add(first);
                        }
                    }
                }
                assertThat(fast.size()).isEqualTo(clear.size());
                Integer lowest = clear.first();
                assertThat(fast.first()).isEqualTo(lowest == null ? -1 : lowest);
            }
            assertThat(Arrays.stream(fast.values()).boxed().toList()).containsExactlyElementsOf(clear.values());
        });
    }
}
