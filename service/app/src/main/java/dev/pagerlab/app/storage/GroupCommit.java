package dev.pagerlab.app.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes journaled operations durable: with a database, every operation that is waiting when a commit starts goes into
 * that one transaction (group commit), so that many requests and labs share one commit, and each lab's operations of
 * a commit share one journal row ({@link JournalRow}); in memory mode an operation is done at once.
 *
 * <p>Who commits: a request that waits for its operation anyway ({@link #commit}) writes the group itself when no
 * commit is under way (the leader); otherwise the thread writing now writes it next, with whatever else has gathered
 * meanwhile, and the request only waits for its future (a follower); a hand-over that does not wait ({@link #submit},
 * a fault batch's operations while the batch goes on) wakes a writer thread that does the same. So a lone request
 * pays no hand-off to another thread and back (two wake-ups and context switches), and a batch's commits still
 * overlap its work. Operations are drained, in the order they were queued, only by the one thread that holds
 * {@link #writing}, so each lab's journal keeps the lab's order, and a commit never starts before an earlier one of
 * the same lab ended; once an operation of a journal fails, that journal's later ones fail too and nothing is
 * written after a gap.
 */
final class GroupCommit implements AutoCloseable {

    /**
     * Operations committed in one transaction at most, unless one hand-over alone has more: bounds it while a fault
     * batch floods the queue.
     */
    static final int MAX_GROUP = 8_192;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GroupCommit.class);

    /**
     * Operations of one journal on their way to it (one request's, or a hand-over of a fault batch's), with the one
     * future their submitter waits on: they are committed together.
     */
    record Queued(Journal journal, LabStore.Append append, CompletableFuture<Void> done) {
    }

    private final LabStore store;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    /** Transactions that stored operations, and the operations they stored: their ratio is the group size. */
    private final LongAdder commits = new LongAdder();
    private final LongAdder committedOperations = new LongAdder();
    /** Held by whoever drains {@link #queue} and writes what it drained. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Hand-overs for the writer thread since it last looked. */
    private final Semaphore handedOver = new Semaphore(0);
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

    /** Group commits by the waiting requests and a writer thread for hand-overs: for a database. */
    static GroupCommit threaded(LabStore store) {
        return new GroupCommit(store, true);
    }

    /** Operations done on the submitting thread before {@link #submit} returns: memory mode, which stores nothing. */
    static GroupCommit inline(LabStore store) {
        return new GroupCommit(store, false);
    }

    /**
     * How many operations a {@link Journal#grouped} piece of work hands over at a time: enough that a fault batch
     * makes large groups even when the writer is idle (an H2 commit costs a fixed 0.4 ms or so, and packed rows
     * little per operation, so a 10,000-fault batch spent more on its ten commits of 1,024 than on its three of
     * 4,096), few enough that a long batch's commits overlap its work; in memory mode each at once, which costs
     * nothing.
     */
    int handOver() {
        return writer == null ? 1 : 4_096;
    }

    /**
     * Queues {@code item} for the writer thread, after what is queued, and returns; its future completes when it is
     * durable or has failed.
     */
    void submit(Queued item) {
        if (enqueue(item)) {
            handedOver.release();
            if (!open) {
                // Closed between the check and the queueing: the writer may have stopped already, so nobody would
                // write it; not written, so not acknowledged.
                failQueued();
            }
        }
    }

    /**
     * Queues {@code item} and writes it, with whatever else is queued, on the calling thread unless another thread
     * is writing, which then writes it too ({@link #writeQueued}); its future completes when it is durable or has
     * failed, and the caller waits for that future.
     */
    void commit(Queued item) {
        if (enqueue(item)) {
            writeQueued();
        }
    }

    /**
     * Writes what is queued unless another thread holds {@link #writing}, and then leaves it to that thread: whoever
     * lets go of {@link #writing} looks at the queue again and writes what came meanwhile, so nothing queued is left
     * behind. A request whose operations another thread writes waits for their future only, not for the lock: when
     * it waited for the lock, every request of a group took and let go of the lock in turn after the commit, each
     * after a wake-up, while the next commit waited behind them.
     */
    private void writeQueued() {
        while (!queue.isEmpty() && writing.tryLock()) {
            try {
                drainAndWrite();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Queues {@code item}; false when it was done at once (memory mode) or refused (stopping). */
    private boolean enqueue(Queued item) {
        if (writer == null) {
            write(List.of(item));
            return false;
        }
        if (!open) {
            item.done().completeExceptionally(new IllegalStateException("the service is stopping"));
            return false;
        }
        queue.add(item);
        return true;
    }

    /**
     * Writes everything queued, a group of at most {@link #MAX_GROUP} operations (or one larger hand-over) at a
     * time; under {@link #writing}, so that nobody else polls the queue between a peek and its poll.
     */
    private void drainAndWrite() {
        List<Queued> group = new ArrayList<>();
        while (!queue.isEmpty()) {
            Queued item;
            int operations = 0;
            while ((item = queue.peek()) != null
                    && (group.isEmpty() || operations + item.append().operations().size() <= MAX_GROUP)) {
                queue.poll();
                group.add(item);
                operations += item.append().operations().size();
            }
            try {
                write(group);
            } catch (RuntimeException | Error e) {
                // write() completes every item itself; this keeps one surprise from leaving anyone waiting.
                log.error("group commit failed unexpectedly", e);
                group.forEach(queued -> queued.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void run() {
        while (open || !queue.isEmpty()) {
            try {
                if (!handedOver.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                handedOver.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            writeQueued();
        }
        // Interrupted or closed: nobody waits for what is left but must not wait for ever either.
        failQueued();
    }

    /**
     * Fails what is queued: under {@link #writing}, so that no drain polls beside it, and looking at the queue again
     * after letting go of it, as every writer does ({@link #writeQueued}), for what a request queued just before.
     */
    private void failQueued() {
        do {
            writing.lock();
            try {
                Queued item;
                while ((item = queue.poll()) != null) {
                    item.done().completeExceptionally(new IllegalStateException("the service is stopping"));
                }
            } finally {
                writing.unlock();
            }
        } while (!queue.isEmpty());
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
            stored(writable);
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
                stored(items);
            } catch (RuntimeException e) {
                fail(items, e);
            }
        }
    }

    /** {@code items} were stored in one transaction: counted, and their submitters hear so. */
    private void stored(List<Queued> items) {
        commits.increment();
        for (Queued item : items) {
            committedOperations.add(item.append().operations().size());
            item.done().complete(null);
        }
    }

    /** Transactions that stored journaled operations so far. */
    long commits() {
        return commits.sum();
    }

    /** Journaled operations stored so far. */
    long committedOperations() {
        return committedOperations.sum();
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
            handedOver.release();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Submitted while the writer stopped: not written, so not acknowledged.
            failQueued();
        }
    }
}
