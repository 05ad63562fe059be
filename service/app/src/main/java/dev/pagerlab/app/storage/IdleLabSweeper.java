package dev.pagerlab.app.storage;

import dev.pagerlab.app.labs.LabRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;

/** Removes labs, with their storage, that nobody used for {@code pagerlab.labs.idle-expiry}; never {@code default}. */
@Component
class IdleLabSweeper {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IdleLabSweeper.class);

    private final LabRegistry labs;
    private final LabStorage storage;

    IdleLabSweeper(LabRegistry labs, LabStorage storage) {
        this.labs = labs;
        this.storage = storage;
    }

    /** One sweep: the ids of the labs removed. */
    @Scheduled(fixedDelayString = "${pagerlab.labs.sweep-interval:1h}",
            initialDelayString = "${pagerlab.labs.sweep-interval:1h}")
    List<String> sweep() {
        List<String> removed = storage.idle().stream().filter(id -> !LabRegistry.DEFAULT.equals(id)).toList();
        for (String id : removed) {
            try {
                labs.destroy(id);
                log.info("lab {} removed after {} without use (pagerlab.labs.idle-expiry)", id,
                        storage.expiresAt(id));
            } catch (RuntimeException e) {
                log.warn("lab {} could not be removed; next sweep retries", id, e);
            }
        }
        return removed;
    }
}
