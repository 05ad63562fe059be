package dev.pagerlab.app.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a lab's journal: its operations {@code firstSeq..lastSeq}, in order, as one value
 * ({@link StoredFormat#row}). One row per commit and lab rather than per operation: a database spends about as much
 * on inserting a row as the engine spends on a fault, so a fault batch written a row per fault cost twice its work.
 */
record JournalRow(String labId, long firstSeq, long lastSeq, String operations) {

    /**
     * Characters of stored operations in one row at most: a commit of many operations of one lab takes a few rows,
     * so that a row stays small for the database (pages, PostgreSQL's TOAST) and for replay's memory. An operation
     * takes about 60 to 200 characters; the column holds 1,000,000.
     */
    static final int MAX_CHARS = 32 * 1024;

    /**
     * The rows that journal {@code appends}: each lab's consecutive operations (sequence n, n + 1, ...) share a row up
     * to {@link #MAX_CHARS}. They are written in one transaction, so their order among each other does not matter.
     */
    static List<JournalRow> of(List<LabStore.Append> appends) {
        List<JournalRow> rows = new ArrayList<>();
        Map<String, Run> open = new LinkedHashMap<>();
        for (LabStore.Append append : appends) {
            Run run = open.get(append.labId());
            if (run != null && (append.sequence() != run.last + 1
                    || run.chars + append.operation().length() > MAX_CHARS)) {
                rows.add(run.row());
                run = null;
            }
            if (run == null) {
                run = new Run(append.labId(), append.sequence());
                open.put(append.labId(), run);
            }
            run.add(append);
        }
        open.values().forEach(run -> rows.add(run.row()));
        return rows;
    }

    /** A row being filled. */
    private static final class Run {
        private final String labId;
        private final long first;
        private final List<String> operations = new ArrayList<>();
        private long last;
        private int chars;

        Run(String labId, long first) {
            this.labId = labId;
            this.first = first;
            this.last = first - 1;
        }

        void add(LabStore.Append append) {
            operations.add(append.operation());
            last = append.sequence();
            chars += append.operation().length() + 1;
        }

        JournalRow row() {
            return new JournalRow(labId, first, last, StoredFormat.row(operations));
        }
    }
}
