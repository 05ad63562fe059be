package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where labs are kept: each lab's metadata and the journal of the operations it accepted. A lab's state is never
 * stored as such; it is the replay of its journal.
 */
interface LabStore {

    /** Every stored lab, oldest first. */
    List<StoredLab> labs();

    /** Whether appended operations are kept at all; when not, an operation need not wait for a commit. */
    default boolean keepsOperations() {
        return true;
    }

    /** Stores a new lab (or one imported, with all its metadata) with an empty journal. */
    void create(StoredLab lab);

    /**
     * Operations to journal: the lab's accepted operations {@code firstSeq}, {@code firstSeq + 1}, ..., in order (a
     * single request's one, or the some thousand a fault batch hands over at a time). Written down ({@link JournalRow})
     * by whoever commits them, straight into their row: a fault's few packed bytes cost less than a string made for
     * it on the way, and one value per hand-over less than one per operation.
     */
    record Append(String labId, long firstSeq, List<Operation> operations) {

        /** The sequence of the last operation. */
        long lastSeq() {
            return firstSeq + operations.size() - 1;
        }
    }

    /**
     * Journals {@code appends} in one transaction: all of them are durable when this returns, or none. A lab's
     * consecutive operations among them share a journal row.
     */
    void appendAll(List<Append> appends);

    /** Passes the lab's journaled operations to {@code each}, in order. */
    void operations(String labId, Consumer<Operation> each);

    /** Records when labs were last used. */
    void lastUsed(Map<String, Instant> times);

    /** Removes a lab with its journal. */
    void delete(String labId);

    /**
     * Replaces the lab's journal by {@code operations}, a compacted history of it (sequence 1, 2, 3, ...), and marks
     * them all as compacted, with {@code eventsBase} the id of the last event handed out so far; one transaction.
     */
    void compact(String labId, List<Operation> operations, long eventsBase);

    /** Records that a start tried to compact the lab's journal of {@code length} operations and kept it. */
    void compactionTried(String labId, long length);

    /**
     * Empties the lab's journal, keeping its metadata: the lab starts over, and its events stream resumes after
     * {@code eventsBase}, the id of the last event handed out before the reset.
     */
    void reset(String labId, long eventsBase);
}
