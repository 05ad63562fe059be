package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a lab's journal: its operations {@code firstSeq..lastSeq}, in order, packed into one value
 * ({@link StoredFormat#pack}). One row per commit and lab rather than per operation: a database spends about as much
 * on inserting a row as the engine spends on a fault, so a fault batch written a row per fault cost twice its work.
 */
record JournalRow(String labId, long firstSeq, long lastSeq, byte[] packed) {

    /**
     * Bytes of packed operations in one row at most: a commit of many operations of one lab takes a few rows, so
     * that a row stays small for the database (pages, PostgreSQL's TOAST) and for replay's memory. A fault takes
     * about 6 bytes, another operation 30 to 200.
     */
    static final int MAX_BYTES = 32 * 1024;

    /**
     * The rows that journal {@code appends}: each lab's consecutive operations (sequence n, n + 1, ...) share a row up
     * to {@link #MAX_BYTES}. They are written in one transaction, so their order among each other does not matter.
     */
    static List<JournalRow> of(List<LabStore.Append> appends, StoredFormat format) {
        List<JournalRow> rows = new ArrayList<>();
        Map<String, Run> open = new LinkedHashMap<>();
        for (LabStore.Append append : appends) {
            Run run = open.get(append.labId());
            if (run != null && append.firstSeq() != run.last + 1) {
                rows.add(run.row());
                run = null;
            }
            if (run == null) {
                run = new Run(append.labId(), append.firstSeq());
                open.put(append.labId(), run);
            }
            List<Operation> operations = append.operations();
            for (int i = 0; i < operations.size(); i++) {
                int before = run.packer.size();
                format.pack(operations.get(i), run.packer);
                if (run.packer.size() > MAX_BYTES && run.last >= run.first) {
                    // Full: the operation opens the lab's next row instead.
                    run.packer.truncate(before);
                    rows.add(run.row());
                    run = new Run(append.labId(), run.last + 1);
                    open.put(append.labId(), run);
                    format.pack(operations.get(i), run.packer);
                }
                run.last++;
            }
        }
        open.values().forEach(run -> rows.add(run.row()));
        return rows;
    }

    /** A row being filled. */
    private static final class Run {
        private final String labId;
        private final long first;
        private final StoredFormat.Packer packer = new StoredFormat.Packer();
        private long last;

        Run(String labId, long first) {
            this.labId = labId;
            this.first = first;
            this.last = first - 1;
        }

        JournalRow row() {
            return new JournalRow(labId, first, last, packer.toBytes());
        }
    }
}
