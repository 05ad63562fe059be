package dev.pagerlab.app.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where labs are kept ({@code pagerlab.storage}, {@code pagerlab.storage-directory} for the embedded database) and
 * how long an unused lab is kept ({@code pagerlab.labs.idle-expiry}, checked every
 * {@code pagerlab.labs.sweep-interval}), and when a start compacts a lab's journal ({@code pagerlab.journal}).
 */
@ConfigurationProperties("pagerlab")
public record StorageProperties(@DefaultValue("database") StorageMode storage,
                                @DefaultValue("./data") Path storageDirectory, @DefaultValue Labs labs,
                                @DefaultValue Journal journal) {

    /**
     * A start compacts a lab's journal when more than {@code compactAbove} operations were journaled since its last
     * compaction (docs/durability.md, "Compaction verified by replay").
     */
    public record Journal(@DefaultValue("10000") long compactAbove) {
    }

    /** The lifecycle of labs: removed with their storage after {@code idleExpiry} without a request. */
    public record Labs(@DefaultValue("30d") Duration idleExpiry, @DefaultValue("1h") Duration sweepInterval) {
    }
}
