package dev.pagerlab.app.storage;

import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A lab's listener that journals each accepted operation before anything else hears of it. It is called under the
 * lab's lock, so the journal's order is the lab's order. Each operation is handed to the {@link GroupCommit} and
 * the caller waits, still under the lab's lock (other labs go on), until the operation's commit is done; only then
 * does the next listener (the lab's streams, which publish its events) see the operation and its events, and only
 * then is the request answered. Operations run inside {@link #grouped} do not wait each for its own commit: they
 * are passed on as their commits complete, and the group waits once at its end.
 *
 * <p>When the database does not take an operation, the lab has already run it: the journal fails that operation
 * and every later one not yet passed on (503), and asks the lab's owner to rebuild the lab from the operations that
 * are stored, so that no effect stays that was not journaled. While the lab is rebuilt from its journal nothing is
 * written and live-only listeners (metrics) are not told.
 */
public final class Journal implements LabEventListener {

    /**
     * Accepted operations (sequence {@code firstSeq}, {@code firstSeq + 1}, ...) that are committed together: a
     * single request's one, or a fault batch's hand-over of some thousand. Each keeps the events it emitted and, when
     * its fault's events were not built, what stands for them ({@link #resolvedUnheard}), until their commit is done
     * and they are passed on. One of these per hand-over rather than a pending entry, a queue entry and a future per
     * operation: that bookkeeping was a third of what a durable batch cost beyond memory mode's. Touched under the
     * lab's lock only.
     */
    private static final class Chunk {
        final long firstSeq;
        final List<Operation> operations = new ArrayList<>();
        /** Per operation: the events it emitted ({@code List.of()} for none). */
        final List<List<LabEvent>> events = new ArrayList<>();
        /**
         * Per operation: {@code flushed << 8 | sizeLog2} of a resolved fault whose events were not built
         * ({@link LabEventListener#resolvedUnheard}'s arguments), or -1; grown as operations come.
         */
        long[] unheard = new long[16];
        /** Completed by their commit; null while the chunk is still filled (not handed over yet). */
        @Nullable CompletableFuture<Void> done;
        /** How many operations are passed on already. */
        int passed;

        Chunk(long firstSeq) {
            this.firstSeq = firstSeq;
        }

        int size() {
            return operations.size();
        }

        void add(Operation operation, List<LabEvent> emitted, long unheardFault) {
            int at = operations.size();
            if (at == unheard.length) {
                unheard = java.util.Arrays.copyOf(unheard, 2 * at);
            }
            unheard[at] = unheardFault;
            operations.add(operation);
            events.add(emitted);
        }
    }

    private final String labId;
    private final LabStore store;
    private final GroupCommit commits;
    private final Runnable used;
    private LabEventListener next = LabEventListener.NONE;
    private LongConsumer notStored = durable -> { };
    private volatile boolean replaying;
    private volatile boolean quiet;
    private volatile boolean retired;
    private volatile @Nullable StorageUnavailableException broken;
    /** Set by the writer when an operation of this journal was not stored: no later one of it is written. */
    private volatile boolean appendFailed;
    /** The thread running a {@link #grouped} piece of work, whose operations do not wait for their commits. */
    private volatile @Nullable Thread grouping;
    /** Whether an operation of the running {@link #grouped} work was passed on and the owner not yet told. */
    private boolean usedInGroup;

    // Touched under the lab's lock only.
    /** Accepted operations not passed on yet, oldest first; the last may be {@link #filling}. */
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    /**
     * The chunk that takes accepted operations until it is handed over: a {@link #grouped} piece of work hands over
     * some thousand at a time, anything else each at once.
     */
    private @Nullable Chunk filling;
    private List<LabEvent> events = new ArrayList<>();
    /** Of the operation under way: a resolved fault whose events were not built; -1 when there is none. */
    private int unheardFlushed = -1;
    private int unheardLog2;
    private long durable;
    private int passing;

    Journal(String labId, LabStore store, GroupCommit commits, Runnable used) {
        this.labId = labId;
        this.store = store;
        this.commits = commits;
        this.used = used;
    }

    /** {@code listener}, silenced while the journal is replayed: for what must count live operations only. */
    public LabEventListener live(LabEventListener listener) {
        return new LabEventListener() {
            @Override
            public void on(LabEvent event) {
                if (!replaying) {
                    listener.on(event);
                }
            }

            @Override
            public void resolvedUnheard(int flushed, int sizeLog2) {
                if (!replaying) {
                    listener.resolvedUnheard(flushed, sizeLog2);
                }
            }
        };
    }

    /** This journal in front of {@code listener}: the listener to create the lab with. */
    public LabEventListener before(LabEventListener listener) {
        this.next = listener;
        return this;
    }

    /**
     * What to do when an operation was not stored: rebuild the lab from its first {@code durable} operations (the
     * ones stored). Called under the lab's lock, before the failed request is answered 503.
     */
    public void whenNotStored(LongConsumer rebuild) {
        this.notStored = rebuild;
    }

    /**
     * Runs {@code work}, many operations of {@code lab} (a fault batch), with few commits: its operations are
     * queued for the writer without waiting each for its own commit, passed on to the streams as their commits
     * complete, and {@code work}'s result is returned only once all of them are durable. Each operation keeps its
     * own lab step, so other requests may come between them; theirs wait for the group's earlier ones.
     */
    public <T> T grouped(Lab lab, Supplier<T> work) {
        grouping = Thread.currentThread();
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            grouping = null;
            try {
                lab.atomically(() -> drainGroup(true));
            } catch (StorageUnavailableException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        try {
            // Still grouping while the last operations are passed on, so that they too only mark the group as used.
            lab.atomically(() -> drainGroup(true));
        } finally {
            grouping = null;
        }
        return result;
    }

    /** Passes on the group's last operations and tells the owner once that the group's operations used the lab. */
    private Void drainGroup(boolean rebuildOnFailure) {
        try {
            return drain(rebuildOnFailure);
        } finally {
            if (usedInGroup) {
                usedInGroup = false;
                used.run();
            }
        }
    }

    void replaying(boolean on) {
        replaying = on;
    }

    /**
     * While on, the lab's events go nowhere: for operations of a compacted history, which rebuild the lab but are not
     * the operations whose events the streams handed out (their ids are accounted for in {@code events_base}).
     */
    void quiet(boolean on) {
        quiet = on;
    }

    /**
     * A reset or rebuild gave the lab a new journal: what the old lab still does (a request that looked it up just
     * before) is neither the lab's history nor news to its streams, which now belong to the fresh lab; after a
     * rebuild it is refused (503). Called under the old lab's lock; operations already accepted finish their
     * commits and reach the streams first.
     */
    void retire() {
        if (broken == null) {
            try {
                drain(false);
            } catch (StorageUnavailableException e) {
                // The lab is being replaced anyway; the operations that failed were never answered.
            }
        }
        retired = true;
    }

    /** Why the lab cannot be used, if its journal failed; null while all is well. */
    @Nullable StorageUnavailableException broken() {
        return broken;
    }

    boolean appendFailed() {
        return appendFailed;
    }

    void markAppendFailed() {
        appendFailed = true;
    }

    @Override
    public void on(LabEvent event) {
        if (quiet) {
            return;
        }
        if (replaying) {
            next.on(event);
        } else if (!retired && broken == null) {
            // Held with the operation that emits it, until that operation is durable.
            events.add(event);
        }
    }

    /**
     * Not when the events would go nowhere (a compacted history being replayed), and otherwise as the next listener
     * says, but only while the operation under way has held nothing yet: what stands for a fault's events is passed
     * on before the events held with it, which keeps the order in which ids are counted.
     */
    @Override
    public boolean wantsFaultEvents() {
        if (quiet) {
            return false;
        }
        return !events.isEmpty() || unheardFlushed >= 0 || next.wantsFaultEvents();
    }

    @Override
    public void resolvedUnheard(int flushed, int sizeLog2) {
        if (quiet) {
            return;
        }
        if (replaying) {
            next.resolvedUnheard(flushed, sizeLog2);
        } else if (!retired && broken == null) {
            // Held with the operation, as its events would be; one per operation (a fault), see wantsFaultEvents.
            unheardFlushed = flushed;
            unheardLog2 = sizeLog2;
        }
    }

    @Override
    public void accepted(long sequence, Operation operation) {
        if (replaying) {
            durable = sequence;
            next.accepted(sequence, operation);
            return;
        }
        StorageUnavailableException failed = broken;
        if (failed != null) {
            throw failed;
        }
        if (retired) {
            // The old lab of a reset, run by a request that looked it up just before: neither the lab's history
            // nor news to its streams, which now belong to the fresh lab.
            return;
        }
        if (!store.keepsOperations() && pending.isEmpty()) {
            // Memory mode: nothing will be stored, so there is no commit to wait for: no row, future or pending
            // entry per operation (a fault batch paid them per fault for nothing), and the events' list is reused:
            // they are passed on before next.accepted, which may run another operation of the lab (a delivery).
            durable = sequence;
            markUsed();
            if (unheardFlushed >= 0) {
                int flushed = unheardFlushed;
                unheardFlushed = -1;
                next.resolvedUnheard(flushed, unheardLog2);
            }
            for (int i = 0; i < events.size(); i++) {
                next.on(events.get(i));
            }
            events.clear();
            next.accepted(sequence, operation);
            return;
        }
        List<LabEvent> emitted = events.isEmpty() ? List.of() : events;
        if (!emitted.isEmpty()) {
            events = new ArrayList<>();
        }
        long unheard = unheardFlushed < 0 ? -1 : (long) unheardFlushed << 8 | unheardLog2;
        unheardFlushed = -1;
        // Every accepted operation comes here, in the lab's order: the chunk's operations are consecutive.
        Chunk chunk = filling;
        if (chunk == null) {
            chunk = new Chunk(sequence);
            filling = chunk;
            pending.add(chunk);
        }
        chunk.add(operation, emitted, unheard);
        // An operation run while the previous one is passed on (a signal delivery) waits too: the streams publish
        // the delivered signal as soon as it returns.
        boolean wait = grouping != Thread.currentThread() || passing > 0;
        if (!wait && chunk.size() >= commits.handOver()) {
            handOver(false);
        }
        pass(wait, true);
    }

    /**
     * Hands the chunk being filled to the group commit; with {@code wait} returns once it is durable (or has failed),
     * committing it on this thread if need be, since it is about to wait for it anyway.
     */
    private void handOver(boolean wait) {
        Chunk chunk = filling;
        if (chunk != null) {
            filling = null;
            chunk.done = new CompletableFuture<>();
            GroupCommit.Queued item = new GroupCommit.Queued(this, new LabStore.Append(labId, chunk.firstSeq,
                    chunk.operations), chunk.done);
            if (wait) {
                commits.commit(item);
            } else {
                commits.submit(item);
            }
        }
    }

    /** Waits for every accepted operation's commit and passes it on; under the lab's lock. */
    private Void drain(boolean rebuildOnFailure) {
        pass(true, rebuildOnFailure);
        return null;
    }

    /**
     * Passes on the accepted operations whose commits are done, in order; with {@code wait} waits for all of them.
     * Throws when one was not stored: then none of the rest is passed on.
     */
    private void pass(boolean wait, boolean rebuildOnFailure) {
        if (wait) {
            handOver(true);
        }
        passing++;
        try {
            Chunk first;
            while ((first = pending.peekFirst()) != null) {
                CompletableFuture<Void> done = first.done;
                if (done == null) {
                    // Still being filled: not handed over, so not durable yet.
                    if (!wait) {
                        return;
                    }
                    handOver(true);
                    continue;
                }
                if (!wait && !done.isDone()) {
                    return;
                }
                int at = first.passed;
                try {
                    done.join();
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    throw notStored(first.firstSeq + at, e.getCause() == null ? e : e.getCause(), rebuildOnFailure);
                }
                // Counted as passed before the listeners run: they may run another operation of the lab (a
                // delivery), whose own pass goes on from the next one.
                first.passed = at + 1;
                if (first.passed == first.size()) {
                    pending.pollFirst();
                }
                long sequence = first.firstSeq + at;
                durable = sequence;
                markUsed();
                long unheard = first.unheard[at];
                if (unheard >= 0) {
                    next.resolvedUnheard((int) (unheard >>> 8), (int) (unheard & 0xFF));
                }
                List<LabEvent> emitted = first.events.get(at);
                for (int i = 0; i < emitted.size(); i++) {
                    next.on(emitted.get(i));
                }
                next.accepted(sequence, first.operations.get(at));
            }
        } finally {
            passing--;
        }
    }

    /**
     * Tells the owner the lab was used by a passed-on operation: at once, or for an operation of a {@link #grouped}
     * run on this thread once at the run's end ("used" counts in seconds; a batch's clock reads per fault were 3% of
     * it).
     */
    private void markUsed() {
        if (grouping == Thread.currentThread()) {
            usedInGroup = true;
        } else {
            used.run();
        }
    }

    private StorageUnavailableException notStored(long sequence, Throwable cause, boolean rebuild) {
        StorageUnavailableException e = new StorageUnavailableException("the journal of lab " + labId
                + " did not take operation " + sequence + "; the lab is rebuilt from its first " + durable
                + " operations, which are stored", cause);
        broken = e;
        pending.clear();
        filling = null;
        events = new ArrayList<>();
        unheardFlushed = -1;
        if (rebuild) {
            notStored.accept(durable);
        }
        return e;
    }
}
