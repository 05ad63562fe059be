package dev.pagerlab.app.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Makes journaled operations durable: with a database, one writer thread commits in one transaction every operation
 * that arrived while it committed the previous ones (group commit), so that many requests and labs share one commit,
 * and each lab's operations of a commit share one journal row ({@link JournalRow}); in memory mode an operation is
 * done at once. Operations are taken in the order they were submitted, so each lab's journal keeps the lab's order;
 * once an operation of a journal fails, that journal's later ones fail too and nothing is written after a gap.
 */
final class GroupCommit implements AutoCloseable {

    /** Operations committed in one transaction at most: bounds it while a fault batch floods the queue. */
    static final int MAX_GROUP = 2_048;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GroupCommit.class);

    /** One operation on its way to the journal, with what its submitter waits on. */
    record Queued(Journal journal, LabStore.Append append, CompletableFuture<Void> done) {
    }

    private final LabStore store;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
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

    /** Operations done on the submitting thread before {@link #submit} returns: memory mode, which stores nothing. */
    static GroupCommit inline(LabStore store) {
        return new GroupCommit(store, false);
    }

    /** What carries {@code append} of {@code journal} to {@link #submit}; not queued yet. */
    Queued queued(Journal journal, LabStore.Append append) {
        return new Queued(journal, append, new CompletableFuture<>());
    }

    /**
     * How many operations a {@link Journal#grouped} piece of work hands over at a time: enough that a fault batch
     * makes large groups even when the writer is idle (a commit costs H2 about as much as 800 faults' rows, so a
     * batch of 1,000 faults committed 256 at a time spent twice the CPU on the journal that it does in one commit),
     * few enough that a long batch's commits overlap its work; in memory mode each at once, which costs nothing.
     */
    int handOver() {
        return writer == null ? 1 : 1_024;
    }

    /** Queues {@code items} for the writer, in order; each one's future completes when it is durable or has failed. */
    void submit(List<Queued> items) {
        if (writer == null) {
            write(items);
        } else if (!open) {
            items.forEach(item -> item.done().completeExceptionally(
                    new IllegalStateException("the service is stopping")));
        } else {
            queue.addAll(items);
        }
    }

    private void run() {
        List<Queued> group = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
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
                // write() completes every item itself; this only keeps the writer alive for the next group.
                log.error("group commit failed unexpectedly", e);
                group.forEach(item -> item.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        // Interrupted or closed: nobody waits for what is left but must not wait for ever either.
        Queued item;
        while ((item = queue.poll()) != null) {
            item.done().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }

    /**
     * Commits {@code group} in one transaction, each lab's operations in as few journal rows as fit; when that fails
     * (a database outage, or one bad row) each lab's operations are tried on their own, in one transaction per lab,
     * so that one lab's bad row does not fail the others. A journal whose operations failed gets no later one
     * written: its lab is rebuilt from what is stored.
     */
    private void write(List<Queued> group) {
        List<Queued> writable = new ArrayList<>(group.size());
        for (Queued item : group) {
            if (item.journal().appendFailed()) {
                item.done().completeExceptionally(new IllegalStateException("an earlier operation of the lab was not"
                        + " stored"));
            } else {
                writable.add(item);
            }
        }
        if (writable.isEmpty()) {
            return;
        }
        Map<Journal, List<Queued>> byLab = new LinkedHashMap<>();
        try {
            store.appendAll(writable.stream().map(Queued::append).toList());
            writable.forEach(item -> item.done().complete(null));
            return;
        } catch (RuntimeException groupFailed) {
            writable.forEach(item -> byLab.computeIfAbsent(item.journal(), journal -> new ArrayList<>()).add(item));
            if (byLab.size() == 1) {
                fail(writable, groupFailed);
                return;
            }
            log.warn("a group of {} operations of {} labs was not committed; trying lab by lab", writable.size(),
                    byLab.size(), groupFailed);
        }
        for (List<Queued> items : byLab.values()) {
            try {
                store.appendAll(items.stream().map(Queued::append).toList());
                items.forEach(item -> item.done().complete(null));
            } catch (RuntimeException e) {
                fail(items, e);
            }
        }
    }

    /** The operations {@code items} of one journal were not stored: they fail, and so will the journal's later ones. */
    private static void fail(List<Queued> items, RuntimeException e) {
        items.getFirst().journal().markAppendFailed();
        items.forEach(item -> item.done().completeExceptionally(e));
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
            Queued item;
            while ((item = queue.poll()) != null) {
                item.done().completeExceptionally(new IllegalStateException("the service is stopping"));
            }
        }
    }
}
