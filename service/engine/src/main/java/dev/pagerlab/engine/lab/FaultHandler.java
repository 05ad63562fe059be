package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.HandlerId;
import org.jspecify.annotations.Nullable;

/**
 * A signal context: counts submitted signals until they are delivered, so that none is lost while nobody listens.
 */
final class FaultHandler {

    final HandlerId id;
    final String label;
    long submitted;
    long undelivered;
    @Nullable RegionMap lastSource;

    FaultHandler(HandlerId id, String label) {
        this.id = id;
        this.label = label;
    }

    void submit(RegionMap source) {
        submitted++;
        undelivered++;
        lastSource = source;
    }
}
