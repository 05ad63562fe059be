package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.LabConfig;

import java.time.Instant;

/**
 * A lab as stored: what it was created with, when it was last used, and the id of the last event its events stream
 * handed out before its journal's first operation (non-zero after a reset).
 */
public record StoredLab(String id, String label, LabConfig config, Instant createdAt, Instant lastUsedAt,
                        long eventsBase) {
}
