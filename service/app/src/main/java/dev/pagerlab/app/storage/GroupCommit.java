package dev.pagerlab.app.storage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Makes journal rows durable: with a database, one writer thread commits in one transaction every row that arrived
 * while it committed the previous ones (group commit), so that many requests and labs share one commit; in memory
 * mode a row is done at once. Rows are written in the order they were submitted, so each lab's journal keeps the
 * lab's order; once a row of a journal fails, that journal's later rows fail too and nothing is written after a gap.
 */
final class GroupCommit implements AutoCloseable {

    /** Rows committed in one transaction at most: bounds the transaction while a fault batch floods the queue. */
    static final int MAX_GROUP = 2_048;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GroupCommit.class);

    /** One journal row on its way to the database, with what its submitter waits on. */
    record Row(Journal journal, LabStore.Append append, CompletableFuture<Void> done) {
    }

    private final LabStore store;
    private final LinkedBlockingQueue<Row> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    private GroupCommit(LabStore store, boolean threaded) {
        this.store = store;
        this.writer = threaded ? Thread.ofPlatform().name("pagerlab-group-commit").daemon().unstarted(this::run)
                : null;
        if (writer != null) {
            writer.start();
        }
    }

    /** Group commits on a writer thread of its own: for a database. */
    static GroupCommit threaded(LabStore store) {
        return new GroupCommit(store, true);
    }

    /** Each row written on the submitting thread before {@link #submit} returns: memory mode, which stores nothing. */
    static GroupCommit inline(LabStore store) {
        return new GroupCommit(store, false);
    }

    /** The row that carries {@code append} of {@code journal}, to {@link #submit}; not queued yet. */
    Row row(Journal journal, LabStore.Append append) {
        return new Row(journal, append, new CompletableFuture<>());
    }

    /**
     * How many rows a {@link Journal#grouped} piece of work hands over at a time: enough that a fault batch makes
     * large groups even when the writer is idle; in memory mode each row at once, which costs nothing.
     */
    int handOver() {
        return writer == null ? 1 : 256;
    }

    /** Queues {@code rows} for the writer, in order; each one's future completes when it is durable or has failed. */
    void submit(List<Row> rows) {
        if (writer == null) {
            write(rows);
        } else if (!open) {
            rows.forEach(row -> row.done().completeExceptionally(new IllegalStateException("the service is stopping")));
        } else {
            queue.addAll(rows);
        }
    }

    private void run() {
        List<Row> group = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Row first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // write() completes every row itself; this only keeps the writer alive for the next group.
                log.error("group commit failed unexpectedly", e);
                group.forEach(row -> row.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        // Interrupted or closed: nobody waits for what is left but must not wait for ever either.
        Row row;
        while ((row = queue.poll()) != null) {
            row.done().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }

    /**
     * Commits {@code group} in one transaction; when that fails (a database outage, or one bad row) each row is
     * tried on its own in order, so that one lab's bad row does not fail the others. A journal whose row failed
     * gets no later row written: its lab is rebuilt from what is stored.
     */
    private void write(List<Row> group) {
        List<Row> writable = new ArrayList<>(group.size());
        for (Row row : group) {
            if (row.journal().appendFailed()) {
                row.done().completeExceptionally(new IllegalStateException("an earlier operation of the lab was not"
                        + " stored"));
            } else {
                writable.add(row);
            }
        }
        if (writable.isEmpty()) {
            return;
        }
        try {
            store.appendAll(writable.stream().map(Row::append).toList());
            writable.forEach(row -> row.done().complete(null));
            return;
        } catch (RuntimeException groupFailed) {
            if (writable.size() == 1) {
                fail(writable.getFirst(), groupFailed);
                return;
            }
            log.warn("a group of {} journal rows was not committed; trying them one by one", writable.size(),
                    groupFailed);
        }
        Set<Journal> failed = new LinkedHashSet<>();
        for (Row row : writable) {
            if (failed.contains(row.journal())) {
                row.done().completeExceptionally(new IllegalStateException("an earlier operation of the lab was not"
                        + " stored"));
                continue;
            }
            try {
                store.appendAll(List.of(row.append()));
                row.done().complete(null);
            } catch (RuntimeException e) {
                failed.add(row.journal());
                fail(row, e);
            }
        }
    }

    private static void fail(Row row, RuntimeException e) {
        row.journal().markAppendFailed();
        row.done().completeExceptionally(e);
    }

    /** Writes what is queued, then stops the writer: after the web server, before the data source closes. */
    @Override
    public void close() {
        open = false;
        if (writer != null) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Submitted while the writer stopped: not written, so not acknowledged.
            Row row;
            while ((row = queue.poll()) != null) {
                row.done().completeExceptionally(new IllegalStateException("the service is stopping"));
            }
        }
    }
}
