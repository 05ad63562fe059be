package dev.pagerlab.app.storage;

import dev.pagerlab.app.events.LabStreams;
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
    private final Clock clock;
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, Instant> unsaved = new ConcurrentHashMap<>();
    private final Map<String, Journal> journals = new ConcurrentHashMap<>();
    private volatile boolean running;

    LabStorage(LabStore store, GroupCommit commits, StorageProperties properties, ObjectProvider<Clock> clock) {
        this.store = store;
        this.commits = commits;
        this.idleExpiry = properties.labs().idleExpiry();
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
        store.create(new StoredLab(id, label, config, now, now, 0));
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
     * as before; a delivered signal is published on its handler's stream again. Throws {@link ReplayMismatch} when
     * the engine refuses a journaled operation (a journal written by an incompatible version).
     */
    public void replay(StoredLab stored, Lab lab, LabStreams streams, Journal journal) {
        long started = System.nanoTime();
        long[] count = {0};
        journal.replaying(true);
        try {
            store.operations(stored.id(), operation -> {
                count[0]++;
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
            journal.replaying(false);
        }
        log.info("lab {}: replayed {} operations in {} ms", stored.id(), count[0],
                (System.nanoTime() - started) / 1_000_000);
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
