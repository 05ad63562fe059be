package dev.pagerlab.app.labs;

import dev.pagerlab.app.config.LabMetrics;
import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.events.LabStreams;
import dev.pagerlab.app.events.StreamRegistry;
import dev.pagerlab.app.web.ProblemException;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labs of this instance. A lab's id is 128 random bits: knowing it is the capability to use the lab. The lab
 * {@code default} exists from the start so that Swagger UI works without set-up.
 */
@Component
public class LabRegistry {

    /** The id of the lab that always exists. */
    public static final String DEFAULT = "default";

    /** A lab with its id, label and event streams. */
    public record LabEntry(String id, String label, Lab lab, LabStreams streams) {
    }

    private final Map<String, LabEntry> labs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final PagerlabProperties properties;
    private final StreamRegistry streams;
    private final LabMetrics metrics;

    LabRegistry(PagerlabProperties properties, StreamRegistry streams, LabMetrics metrics) {
        this.properties = properties;
        this.streams = streams;
        this.metrics = metrics;
        labs.put(DEFAULT, build(DEFAULT, "default lab (foc)", defaultConfig()));
    }

    private LabConfig defaultConfig() {
        return new LabConfig(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                properties.limits().quotas());
    }

    private LabEntry build(String id, String label, LabConfig config) {
        LabStreams labStreams = streams.open(metrics.listenerFor(config.platform()));
        Result<Lab> created = Lab.create(config, labStreams);
        if (created instanceof Result.Refused<Lab>(var failure)) {
            streams.close(labStreams);
            throw new Refused(failure);
        }
        Lab lab = created.orThrow();
        labStreams.bind(lab);
        return new LabEntry(id, label, lab, labStreams);
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
        LabEntry entry = build(id, label, config);
        labs.put(id, entry);
        return entry;
    }

    /** The lab {@code id}; refused with NOT_FOUND when there is none. */
    public LabEntry get(String id) {
        LabEntry entry = labs.get(id);
        if (entry == null) {
            throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
        }
        return entry;
    }

    /** Destroys a lab and completes its stream clients; {@code default} is refused with 403 PROTECTED. */
    public void destroy(String id) {
        protect(id, "destroyed");
        LabEntry gone = get(id);
        if (!labs.remove(id, gone)) {
            throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
        }
        streams.close(gone.streams());
    }

    /**
     * Empties a lab: a fresh lab with the same id, label, platform and physical memory takes its place, bound to
     * the same streams, whose clients stay connected and get a {@code lab-reset} event. {@code default} is refused
     * with 403 PROTECTED.
     */
    public LabEntry reset(String id) {
        protect(id, "reset");
        LabEntry old = get(id);
        // Under the old lab's lock, so that no operation of the old lab runs between its last event and the reset.
        return old.lab().atomically(() -> {
            var summary = old.lab().summary();
            LabConfig config = new LabConfig(old.lab().platform(), summary.physicalMemory(), old.lab().quotas());
            Lab fresh = Lab.create(config, old.streams()).orThrow();
            LabEntry reset = new LabEntry(id, old.label(), fresh, old.streams());
            if (!labs.replace(id, old, reset)) {
                throw new Refused(Failure.Code.NOT_FOUND, "no lab " + id);
            }
            old.streams().bind(fresh);
            return reset;
        });
    }

    private static void protect(String id, String what) {
        if (DEFAULT.equals(id)) {
            throw ProblemException.protectedLab(id, what);
        }
    }

    /** Labs on this instance. */
    public int count() {
        return labs.size();
    }
}
