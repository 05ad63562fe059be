package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.LabConfig;

import java.time.Instant;

/**
 * A lab as stored: what it was created with, when it was last used, how many of its journal's first operations are
 * a compacted history ({@code compactedThrough}, 0 when none), and the id of the last event its events stream handed
 * out before the journal's first operation after those (non-zero after a reset or a compaction), and the journal's
 * length when a start last tried to compact it ({@code compactionTriedAt}).
 */
public record StoredLab(String id, String label, LabConfig config, Instant createdAt, Instant lastUsedAt,
                        long eventsBase, long compactedThrough, long compactionTriedAt) {
}
