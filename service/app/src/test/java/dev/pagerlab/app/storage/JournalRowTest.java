package dev.pagerlab.app.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a commit's operations become journal rows: each lab's consecutive operations share a row up to the row's size,
 * and reading a lab's rows in order gives back exactly its operations, over many seeded random commits.
 */
class JournalRowTest {

    @Test
    void eachLabsRunsShareRowsThatGiveBackItsOperationsInOrder() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        StoredFormat format = new StoredFormat();
        for (int c = 0; c < 500; c++) {
            // A commit: operations of a few labs, interleaved, each lab's in its order; now and then a lab's journal
            // starts over (a reset) in the same commit, so its sequence does not go on.
            int labs = 1 + random.nextInt(4);
            long[] next = new long[labs];
            for (int l = 0; l < labs; l++) {
                next[l] = 1 + random.nextInt(1_000);
            }
            List<LabStore.Append> appends = new ArrayList<>();
            int count = 1 + random.nextInt(random.nextBoolean() ? 10 : 3_000);
            for (int k = 0; k < count; k++) {
                int l = random.nextInt(labs);
                if (random.nextInt(500) == 0) {
                    next[l] = 1;
                }
                String label = "x".repeat(random.nextInt(random.nextInt(50) == 0 ? 40_000 : 200));
                appends.add(new LabStore.Append("lab-" + l, next[l]++,
                        "{\"op\":\"createFaultHandler\",\"label\":\"" + label + "\"}"));
            }

            List<JournalRow> rows = JournalRow.of(appends);

            Map<String, List<String>> expected = new LinkedHashMap<>();
            appends.forEach(a -> expected.computeIfAbsent(a.labId(), id -> new ArrayList<>()).add(a.operation()));
            for (JournalRow row : rows) {
                List<String> operations = format.readRow(row.operations()).stream().map(format::write).toList();
                assertThat(row.lastSeq() - row.firstSeq() + 1).as("seed %d: %s", seed, row)
                        .isEqualTo(operations.size());
                assertThat(row.operations().length() <= JournalRow.MAX_CHARS + 2 || operations.size() == 1)
                        .as("seed %d: a row outgrows its size only with one operation", seed).isTrue();
            }
            for (var lab : expected.entrySet()) {
                // The lab's rows, in the order they come: its operations in its order, each at its sequence.
                List<JournalRow> own = rows.stream().filter(r -> r.labId().equals(lab.getKey())).toList();
                List<LabStore.Append> labAppends = appends.stream().filter(a -> a.labId().equals(lab.getKey()))
                        .toList();
                List<LabStore.Append> stored = new ArrayList<>();
                own.forEach(r -> {
                    var operations = format.readRow(r.operations());
                    for (int k = 0; k < operations.size(); k++) {
                        stored.add(new LabStore.Append(r.labId(), r.firstSeq() + k, format.write(operations.get(k))));
                    }
                });
                assertThat(stored).as("seed %d, %s", seed, lab.getKey()).isEqualTo(labAppends);
                long breaks = 0;
                for (int k = 1; k < labAppends.size(); k++) {
                    breaks += labAppends.get(k).sequence() == labAppends.get(k - 1).sequence() + 1 ? 0 : 1;
                }
                int chars = labAppends.stream().mapToInt(a -> a.operation().length() + 1).sum();
                assertThat((long) own.size()).as("seed %d: few rows for %s", seed, lab.getKey())
                        .isLessThanOrEqualTo(breaks + 1 + 2L * chars / JournalRow.MAX_CHARS);
            }
        }
    }
}
