package dev.pagerlab.app.labs;

import dev.pagerlab.app.config.LabMetrics;
import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.events.LabStreams;
import dev.pagerlab.app.events.StreamRegistry;
import dev.pagerlab.app.web.ProblemException;
import dev.pagerlab.app.storage.Journal;
import dev.pagerlab.app.storage.LabStorage;
import dev.pagerlab.app.storage.StoredLab;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labs of this instance. A lab's id is 128 random bits: knowing it is the capability to use the lab. The lab
 * {@code default} exists from the start so that Swagger UI works without set-up. Every lab is stored (see
 * {@link LabStorage}): rebuilt from its journal at start-up, each accepted operation journaled before it is answered.
 */
@Component
public class LabRegistry {

    /** The id of the lab that always exists. */
    public static final String DEFAULT = "default";

    /** A lab with its id, label, event streams and journal. */
    public record LabEntry(String id, String label, Lab lab, LabStreams streams, Journal journal) {
    }

    private final Map<String, LabEntry> labs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final PagerlabProperties properties;
    private final StreamRegistry streams;
    private final LabMetrics metrics;
    private final LabStorage storage;

    LabRegistry(PagerlabProperties properties, StreamRegistry streams, LabMetrics metrics, LabStorage storage) {
        this.properties = properties;
        this.streams = streams;
        this.metrics = metrics;
        this.storage = storage;
        for (StoredLab stored : storage.stored()) {
            try {
                labs.put(stored.id(), build(stored.id(), stored.label(), stored.config(), stored));
            } catch (LabStorage.ReplayMismatch e) {
                // Its rows stay as they are for a version that can read them; the other labs are served.
                org.slf4j.LoggerFactory.getLogger(LabRegistry.class).error("lab {} is not served: {}", stored.id(),
                        e.getMessage());
            }
        }
        if (!labs.containsKey(DEFAULT)) {
            storage.created(DEFAULT, "default lab (foc)", defaultConfig());
            labs.put(DEFAULT, build(DEFAULT, "default lab (foc)", defaultConfig(), null));
        }
    }

    private LabConfig defaultConfig() {
        return new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                properties.limits().quotas());
    }

    /** A lab with its streams and journal; rebuilt from {@code stored}'s journal when given. */
    private LabEntry build(String id, String label, LabConfig config, @Nullable StoredLab stored) {
        Journal journal = storage.journal(id);
        LabStreams labStreams = streams.open(journal.live(metrics.listenerFor(config.platform())));
        Result<Lab> created = Lab.create(config, journal.before(labStreams));
        if (created instanceof Result.Refused<Lab>(var failure)) {
            streams.close(labStreams);
            throw new Refused(failure);
        }
        Lab lab = created.orThrow();
        labStreams.bind(lab);
        if (stored != null) {
            labStreams.resumeEventsAfter(stored.eventsBase());
            try {
                storage.replay(stored, lab, labStreams, journal);
                lab = storage.compacted(stored, lab, labStreams, journal);
            } catch (RuntimeException e) {
                streams.close(labStreams);
                throw e;
            }
        }
        // Only now: compaction may serve another lab than the one created above (nothing is written before).
        Lab served = lab;
        journal.whenNotStored(durable -> rebuild(id, served, durable));
        return new LabEntry(id, label, served, labStreams, journal);
    }

    /**
     * Lab {@code id}'s journal did not take an operation that {@code broken} already ran: a fresh lab rebuilt from
     * the first {@code durable} operations of its history (those that are stored) takes its place, bound to the same
     * streams, so that no effect stays that was not journaled. Called under {@code broken}'s lock, before the
     * failed request is answered 503; the lab's next request may find the database back.
     */
    private void rebuild(String id, Lab broken, long durable) {
        LabEntry current = labs.get(id);
        if (current == null || current.lab() != broken) {
            return;     // destroyed or reset meanwhile: nothing to rebuild
        }
        try {
            LabConfig config = new LabConfig(broken.platform(), broken.summary().physicalMemory(), broken.quotas());
            Journal journal = storage.journal(id);
            Lab fresh = Lab.create(config, journal.before(LabEventListener.NONE)).orThrow();
            storage.restore(id, fresh, broken.history().subList(0, Math.toIntExact(durable)), journal);
            journal.before(current.streams());
            journal.whenNotStored(stored -> rebuild(id, fresh, stored));
            current.streams().rebind(fresh);
            labs.replace(id, current, new LabEntry(id, current.label(), fresh, current.streams(), journal));
        } catch (RuntimeException e) {
            // The old lab stays with its failed journal: its changes answer 503 until the service restarts.
            org.slf4j.LoggerFactory.getLogger(LabRegistry.class).error("lab {} could not be rebuilt", id, e);
        }
    }

    /**
     * Runs {@code work}, many operations of {@code entry}'s lab (a fault batch), with few commits (see
     * {@link Journal#grouped}): answered once all of them are durable.
     */
    public <T> T grouped(LabEntry entry, java.util.function.Supplier<T> work) {
        return entry.journal().grouped(entry.lab(), work);
    }

    /** A new lab with an unguessable id; refused when the instance holds its limit of labs. */
    public synchronized LabEntry create(PlatformProfile platform, AddrRange physicalMemory, String label) {
        if (labs.size() >= properties.limits().labs()) {
            throw new Refused(Failure.Code.QUOTA_EXCEEDED, "this instance holds its limit of "
                    + properties.limits().labs() + " labs (pagerlab.limits.labs)");
        }
        LabConfig config = new LabConfig(platform, physicalMemory, properties.limits().quotas());
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String id = "lab-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        LabEntry entry = build(id, label, config, null);
        storage.created(id, label, config);
        labs.put(id, entry);
        return entry;
    }

    /** The lab {@code id}; refused with NOT_FOUND when there is none. */
    public LabEntry get(String id) {
        LabEntry entry = labs.get(id);
        if (entry == null) {
            throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
        }
        storage.touch(id);
        return entry;
    }

    /**
     * Refuses with QUOTA_EXCEEDED, before anything runs, {@code operations} more operations for a lab whose history
     * would then be longer than {@code pagerlab.limits.operations-per-lab}: a lab keeps every operation it accepted
     * (13 bytes a fault), and fault batches add a million a second, so without a bound one lab could fill the heap
     * that every lab of the instance shares. A reset empties the history.
     */
    public void requireRoom(LabEntry entry, long operations) {
        long limit = properties.limits().operationsPerLab();
        long length = entry.lab().historyLength();
        if (length + operations > limit) {
            throw new Refused(Failure.Code.QUOTA_EXCEEDED, "lab " + entry.id() + " holds " + length
                    + " operations; " + operations + " more would pass its limit of " + limit
                    + " (pagerlab.limits.operations-per-lab): reset it (POST /api/v1/labs/" + entry.id()
                    + "/reset) or create another lab");
        }
    }

    /** Destroys a lab and completes its stream clients; {@code default} is refused with 403 PROTECTED. */
    public void destroy(String id) {
        protect(id);
        LabEntry gone = get(id);
        if (!labs.remove(id, gone)) {
            throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
        }
        storage.destroyed(id);
        streams.close(gone.streams());
    }

    /**
     * Empties a lab: a fresh lab with the same id, label, platform and physical memory takes its place, bound to
     * the same streams, whose clients stay connected and get a {@code lab-reset} event. {@code default} is refused
     * with 403 PROTECTED.
     */
    public LabEntry reset(String id) {
        protect(id);
        LabEntry old = get(id);
        // Under the old lab's lock, so that no operation of the old lab runs between its last event and the reset.
        return old.lab().atomically(() -> {
            var summary = old.lab().summary();
            LabConfig config = new LabConfig(old.lab().platform(), summary.physicalMemory(), old.lab().quotas());
            // A new journal: the old lab's one is retired, so a late operation of the old lab writes nothing.
            Journal journal = storage.journal(id);
            Lab fresh = Lab.create(config, journal.before(old.streams())).orThrow();
            journal.whenNotStored(durable -> rebuild(id, fresh, durable));
            LabEntry reset = new LabEntry(id, old.label(), fresh, old.streams(), journal);
            // Bound and stored as reset before anyone can reach the fresh lab, whose first operation is journaled.
            old.streams().bind(fresh);
            storage.reset(id, old.streams().lastEventId());
            if (!labs.replace(id, old, reset)) {
                throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
            }
            return reset;
        });
    }

    private static void protect(String id) {
        if (DEFAULT.equals(id)) {
            throw ProblemException.protectedLab(id);
        }
    }

    /** When lab {@code id} expires unless used before; null for {@code default}, which never does. */
    public java.time.@Nullable Instant expiresAt(String id) {
        return DEFAULT.equals(id) ? null : storage.expiresAt(id);
    }

    /** Labs on this instance. */
    public int count() {
        return labs.size();
    }
}
