package dev.pagerlab.app.storage;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.ThreadId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
            // Each hand-over: a few consecutive operations of a lab, now and then a fault batch's thousands.
            List<LabStore.Append> appends = new ArrayList<>();
            int count = 1 + random.nextInt(random.nextBoolean() ? 10 : 12_000);
            for (int k = 0; k < count; ) {
                int l = random.nextInt(labs);
                if (random.nextInt(200) == 0) {
                    next[l] = 1;
                }
                int size = Math.min(count - k, random.nextInt(10) == 0 ? 1 + random.nextInt(4_096)
                        : 1 + random.nextInt(3));
                List<Operation> operations = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    operations.add(operation(random));
                }
                appends.add(new LabStore.Append("lab-" + l, next[l], operations));
                next[l] += size;
                k += size;
            }

            List<JournalRow> rows = JournalRow.of(appends, format);

            for (JournalRow row : rows) {
                List<Operation> operations = format.unpack(row.packed(), row.lastSeq() - row.firstSeq() + 1);
                assertThat(row.packed().length <= JournalRow.MAX_BYTES || operations.size() == 1)
                        .as("seed %d: a row outgrows its size only with one operation", seed).isTrue();
            }
            for (int l = 0; l < labs; l++) {
                // The lab's rows, in the order they come: its operations in its order, each at its sequence.
                String lab = "lab-" + l;
                List<JournalRow> own = rows.stream().filter(r -> r.labId().equals(lab)).toList();
                // Operation by operation, as (sequence, operation): what was handed over, and what the rows hold.
                List<Map.Entry<Long, Operation>> labAppends = new ArrayList<>();
                appends.stream().filter(a -> a.labId().equals(lab)).forEach(a -> {
                    for (int k = 0; k < a.operations().size(); k++) {
                        labAppends.add(Map.entry(a.firstSeq() + k, a.operations().get(k)));
                    }
                });
                List<Map.Entry<Long, Operation>> stored = new ArrayList<>();
                long bytes = 0;
                for (JournalRow r : own) {
                    var operations = format.unpack(r.packed(), r.lastSeq() - r.firstSeq() + 1);
                    for (int k = 0; k < operations.size(); k++) {
                        stored.add(Map.entry(r.firstSeq() + k, operations.get(k)));
                    }
                    bytes += r.packed().length;
                }
                assertThat(stored).as("seed %d, %s", seed, lab).isEqualTo(labAppends);
                long breaks = 0;
                for (int k = 1; k < labAppends.size(); k++) {
                    breaks += labAppends.get(k).getKey() == labAppends.get(k - 1).getKey() + 1 ? 0 : 1;
                }
                assertThat((long) own.size()).as("seed %d: few rows for %s", seed, lab)
                        .isLessThanOrEqualTo(breaks + 1 + 2 * bytes / JournalRow.MAX_BYTES);
            }
        }
    }

    /** Mostly faults, as a journal holds; now and then another operation, rarely one larger than a whole row. */
    private static Operation operation(SplittableRandom random) {
        if (random.nextInt(10) > 0) {
            return new Operation.SubmitFault(new ThreadId(1 + random.nextInt(8)),
                    Addr.of(random.nextLong() >>> random.nextInt(64)), Access.values()[random.nextInt(3)]);
        }
        return new Operation.CreateFaultHandler("x".repeat(random.nextInt(random.nextInt(200) == 0 ? 40_000 : 200)));
    }
}
