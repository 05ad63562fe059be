package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.model.Failure.Code;
import org.jspecify.annotations.Nullable;

/** Reads a Last-Event-ID header: a non-negative event id, or absent. */
final class EventIds {

    private EventIds() {
    }

    static @Nullable Long parse(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new Refused(Code.VALIDATION_FAILED, "Last-Event-ID must be an event id such as 42, not '"
                + (header.length() > 20 ? header.substring(0, 20) + "..." : header) + "'");
    }
}
