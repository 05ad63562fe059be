package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The primitive hash table against {@link HashMap}, with keys that collide and removals that shift probe runs. */
class LongTableTest {

    @Test
    void answersEveryGetPutAndRemoveAsAHashMapDoes() {
        SeededCases.check("long table", random -> {
            LongTable<Long> table = new LongTable<>();
            Map<Long, Long> reference = new HashMap<>();
            // Few distinct keys in a narrow band, some near 2^64: long probe runs and many removals inside them.
            long band = random.nextBoolean() ? 0 : -1L << 20;
            for (int step = 0; step < 400; step++) {
                long key = band + random.nextInt(64) * (random.nextBoolean() ? 1 : 1L << 40);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        long value = random.nextLong();
                        table.put(key, value);
                        reference.put(key, value);
                    }
                    case 1 -> assertThat(table.remove(key)).isEqualTo(reference.remove(key));
                    default -> assertThat(table.get(key)).isEqualTo(reference.get(key));
                }
                assertThat(table.size()).isEqualTo(reference.size());
            }
            reference.forEach((k, v) -> assertThat(table.get(k)).isEqualTo(v));
        });
    }
}
