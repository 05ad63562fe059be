package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sorted-array {@link OccupiedRanges} answers every operation as the TreeMap reference does, over random
 * sequences of puts, removes and lookups, near 0 and near 2^64 (where signed order would break), with enough
 * removes and re-puts to exercise its holes and compactions.
 */
class OccupiedRangesTest {

    @Test
    void answersAsTheTreeMapReference() {
        SeededCases.check("occupied ranges", random -> {
            OccupiedRanges<Integer> fast = new OccupiedRanges<>();
            ReferenceRanges<Integer> clear = new ReferenceRanges<>();
            List<Long> starts = new ArrayList<>();
            long base = random.nextBoolean() ? 0 : -(1L << 20); // near 0, or at the top of the unsigned space
            long span = (long) (1 << (6 + random.nextInt(8))) << 4;
            int ops = 50 + random.nextInt(400);
            for (int op = 0; op < ops; op++) {
                long first = base + (random.nextLong(span) & ~0xFL);
                AddrRange range = new AddrRange(first, first + (1L << (4 + random.nextInt(6))) - 1);
                switch (random.nextInt(8)) {
                    case 0, 1 -> {
                        assertThat(fast.overlapsAny(range)).isEqualTo(clear.overlapsAny(range));
                        if (range.valid() && !clear.overlapsAny(range)) {
                            fast.put(range, op);
                            clear.put(range, op);
                            starts.add(first);
                        }
                    }
                    case 2 -> {
                        // Mostly the start of a stored range, as the engine removes them; sometimes any address.
                        long at = !starts.isEmpty() && random.nextInt(4) > 0
                                ? starts.remove(random.nextInt(starts.size())) : first;
                        assertThat(fast.remove(at)).isEqualTo(clear.remove(at));
                    }
                    case 3 -> {
                        long probe = first + random.nextInt(1 << 10);
                        assertThat(fast.at(probe)).isEqualTo(clear.at(probe));
                    }
                    case 4 -> assertThat(fast.overlapping(range)).isEqualTo(clear.overlapping(range));
                    case 5 -> {
                        // removeOverlapping: the reference's overlapping ranges, removed one by one, in order.
                        List<Integer> expected = clear.overlapping(range);
                        for (Integer v : expected) {
                            clear.remove(clear.rangeOf(v).first());
                        }
                        List<Integer> removed = new ArrayList<>();
                        fast.removeOverlapping(range.first(), range.last(), removed::add);
                        assertThat(removed).isEqualTo(expected);
                    }
                    case 6 -> {
                        // putOrReplace at a stored start (same range, new value) or at a free place.
                        if (!starts.isEmpty() && random.nextBoolean()) {
                            long at = starts.get(random.nextInt(starts.size()));
                            Integer old = clear.at(at);
                            if (old != null && clear.rangeOf(old).first() == at) {
                                long last = clear.rangeOf(old).last();
                                assertThat(fast.putOrReplace(at, last, op)).isEqualTo(old);
                                clear.remove(at);
                                clear.put(new AddrRange(at, last), op);
                            }
                        } else if (range.valid() && !clear.overlapsAny(range)) {
                            assertThat(fast.putOrReplace(range.first(), range.last(), op)).isNull();
                            clear.put(range, op);
                            starts.add(first);
                        }
                    }
                    default -> {
                        AddrRange within = new AddrRange(base + random.nextLong(span / 2), base + span - 1);
                        Size size = Size.of(1L << (4 + random.nextInt(6)));
                        Log2 alignment = Log2.of(4 + random.nextInt(4));
                        assertThat(fast.lowestFit(within, size, alignment))
                                .isEqualTo(clear.lowestFit(within, size, alignment));
                    }
                }
                assertThat(fast.size()).isEqualTo(clear.size());
                assertThat(fast.first()).isEqualTo(clear.first());
            }
            assertThat(fast.values()).containsExactlyElementsOf(clear.values());
        });
    }
}
