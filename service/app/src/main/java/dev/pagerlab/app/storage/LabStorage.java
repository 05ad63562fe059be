package dev.pagerlab.app.storage;

import dev.pagerlab.app.events.LabStreams;
import dev.pagerlab.engine.lab.HistoryCompaction;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Signal;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the lab registry asks of storage: the stored labs to rebuild at start-up, a {@link Journal} per lab, and
 * when each lab was last used (kept in memory, written every minute and on shutdown) so that idle labs expire.
 */
@Component
public class LabStorage implements SmartLifecycle {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LabStorage.class);

    private final LabStore store;
    private final GroupCommit commits;
    private final Duration idleExpiry;
    private final long compactAbove;
    private final Clock clock;
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, Instant> unsaved = new ConcurrentHashMap<>();
    private final Map<String, Journal> journals = new ConcurrentHashMap<>();
    private volatile boolean running;

    LabStorage(LabStore store, GroupCommit commits, StorageProperties properties, ObjectProvider<Clock> clock) {
        this.store = store;
        this.commits = commits;
        this.idleExpiry = properties.labs().idleExpiry();
        this.compactAbove = properties.journal().compactAbove();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The labs stored when the service starts, oldest first. */
    public List<StoredLab> stored() {
        List<StoredLab> labs = store.labs();
        labs.forEach(lab -> lastUsed.put(lab.id(), lab.lastUsedAt()));
        return labs;
    }

    /** Stores a new lab; throws when the database does not take it, so that no lab exists that is not stored. */
    public void created(String id, String label, LabConfig config) {
        Instant now = clock.instant();
        store.create(new StoredLab(id, label, config, now, now, 0, 0, 0));
        lastUsed.put(id, now);
    }

    /**
     * The journal of lab {@code id}, to create the lab with (see {@link Journal#before}). A journal it replaces (a
     * reset or a rebuild, under the old lab's lock) is retired once the operations it accepted are committed.
     */
    public Journal journal(String id) {
        Journal journal = new Journal(id, store, commits, () -> used(id));
        Journal previous = journals.put(id, journal);
        if (previous != null) {
            previous.retire();
        }
        return journal;
    }

    /**
     * Runs {@code history}, the operations of a lab that are stored, on {@code lab}, a fresh lab created with
     * {@code journal} in front of no listener: nothing is written again and nobody hears of it, as on start-up.
     */
    public void restore(String id, Lab lab, List<Operation> history, Journal journal) {
        journal.replaying(true);
        try {
            for (Operation operation : history) {
                if (lab.apply(operation) instanceof Result.Refused<?>(var failure)) {
                    throw new ReplayMismatch("lab " + id + ": stored operation " + operation
                            + " is refused on rebuild: " + failure.code() + " " + failure.detail());
                }
            }
        } finally {
            journal.replaying(false);
        }
    }

    /**
     * Rebuilds {@code lab} from its journal through its listeners, so that its streams hand out the same event ids
     * as before; a delivered signal is published on its handler's stream again. The operations of a compacted
     * history publish no events: the ids of the events they stand for are in {@code stored.eventsBase()}. Throws
     * {@link ReplayMismatch} when the engine refuses a journaled operation (a journal written by an incompatible
     * version).
     */
    public void replay(StoredLab stored, Lab lab, LabStreams streams, Journal journal) {
        long started = System.nanoTime();
        long[] count = {0};
        journal.replaying(true);
        journal.quiet(stored.compactedThrough() > 0);
        try {
            store.operations(stored.id(), operation -> {
                count[0]++;
                if (count[0] == stored.compactedThrough() + 1) {
                    journal.quiet(false);
                }
                Result<?> result = lab.apply(operation);
                if (result instanceof Result.Refused<?>(var failure)) {
                    throw new ReplayMismatch("lab " + stored.id() + ": journaled operation " + count[0] + " ("
                            + operation + ") is refused on replay: " + failure.code() + " " + failure.detail());
                }
                if (operation instanceof Operation.DeliverSignal
                        && result.orThrow() instanceof Optional<?> delivered && delivered.isPresent()) {
                    streams.replayDelivered((Signal) delivered.get());
                }
            });
        } finally {
            journal.quiet(false);
            journal.replaying(false);
        }
        log.info("lab {}: replayed {} operations in {} ms", stored.id(), count[0],
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Right after {@link #replay}, before the lab is served: when more than {@code pagerlab.journal.compact-above}
     * operations were journaled since the last compaction (or the last attempt), compacts the lab's history
     * ({@link HistoryCompaction}), stores the shorter journal in one transaction with the events stream's last id, and
     * answers the lab replayed from it, equal to {@code lab} in every view, bound to the same journal and streams;
     * otherwise answers {@code lab}. A history that does not compact, or a database that does not take it, keeps the
     * full journal.
     */
    public Lab compacted(StoredLab stored, Lab lab, LabStreams streams, Journal journal) {
        long length = lab.history().size();
        if (length - Math.max(stored.compactedThrough(), stored.compactionTriedAt()) <= compactAbove) {
            return lab;
        }
        long started = System.nanoTime();
        HistoryCompaction.Outcome outcome;
        journal.replaying(true);
        journal.quiet(true);
        try {
            outcome = HistoryCompaction.compact(lab, journal);
        } finally {
            journal.quiet(false);
            journal.replaying(false);
        }
        if (!(outcome instanceof HistoryCompaction.Outcome.Compacted(List<Operation> shorter, Lab replayed))) {
            // Expected for a lab whose faults all still hold their mappings: DEBUG would hide why starts stay slow.
            log.info("lab {}: journal of {} operations kept in full: {}", stored.id(), length,
                    ((HistoryCompaction.Outcome.Kept) outcome).reason());
            try {
                store.compactionTried(stored.id(), length);
            } catch (RuntimeException e) {
                log.warn("lab {}: could not record the compaction attempt; the next start tries again", stored.id(), e);
            }
            return lab;
        }
        long analysed = System.nanoTime();
        try {
            store.compact(stored.id(), shorter, streams.lastEventId());
        } catch (RuntimeException e) {
            log.warn("lab {}: compacted journal not stored, the full journal stays", stored.id(), e);
            return lab;
        }
        streams.rebind(replayed);
        log.info("lab {}: journal compacted from {} to {} operations ({} ms to compact and verify, {} ms to store)",
                stored.id(), length, shorter.size(), (analysed - started) / 1_000_000,
                (System.nanoTime() - analysed) / 1_000_000);
        return replayed;
    }

    /** Refuses with 503 a lab whose journal failed and that could not be rebuilt. */
    public void touch(String id) {
        Journal journal = journals.get(id);
        StorageUnavailableException broken = journal == null ? null : journal.broken();
        if (broken != null) {
            throw broken;
        }
    }

    /**
     * Lab {@code id} accepted a change now: that is what "used" means, so that reading a lab or a refused request
     * changes nothing about it, its expiry included.
     */
    private void used(String id) {
        Instant now = clock.instant();
        // A fault batch uses its lab 10,000 times within milliseconds; expiry counts in days, so the first use in
        // each second is recorded and the rest skip two map writes each.
        Instant last = lastUsed.get(id);
        if (last != null && last.getEpochSecond() == now.getEpochSecond()) {
            return;
        }
        lastUsed.put(id, now);
        unsaved.put(id, now);
    }

    /** When lab {@code id} expires unless it is used before. */
    public @Nullable Instant expiresAt(String id) {
        Instant last = lastUsed.get(id);
        return last == null ? null : last.plus(idleExpiry);
    }

    /** Labs not used for longer than {@code pagerlab.labs.idle-expiry}. */
    public List<String> idle() {
        Instant cutoff = clock.instant().minus(idleExpiry);
        return lastUsed.entrySet().stream().filter(e -> e.getValue().isBefore(cutoff)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** Removes lab {@code id} with its journal. */
    public void destroyed(String id) {
        store.delete(id);
        lastUsed.remove(id);
        unsaved.remove(id);
        journals.remove(id);
    }

    /**
     * Lab {@code id} starts over (a reset): its journal is emptied, its events stream resumes after
     * {@code eventsBase} on the next start. The lab's new engine is created with a new {@link #journal}.
     */
    public void reset(String id, long eventsBase) {
        store.reset(id, eventsBase);
    }

    /** Writes the last-use times that changed; every minute and when the service stops. */
    @Scheduled(fixedDelayString = "${pagerlab.labs.last-used-flush:60s}")
    public void saveLastUsed() {
        Map<String, Instant> batch = new HashMap<>(unsaved);
        if (batch.isEmpty()) {
            return;
        }
        batch.forEach(unsaved::remove);
        try {
            store.lastUsed(batch);
        } catch (RuntimeException e) {
            batch.forEach(unsaved::putIfAbsent);
            log.warn("last-use times not saved; retrying later", e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        saveLastUsed();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A journaled operation the engine refuses on replay. */
    public static final class ReplayMismatch extends RuntimeException {
        ReplayMismatch(String message) {
            super(message);
        }
    }
}
