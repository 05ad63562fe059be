package dev.pagerlab.app.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where labs are kept ({@code pagerlab.storage}, {@code pagerlab.storage-directory} for the embedded database) and
 * how long an unused lab is kept ({@code pagerlab.labs.idle-expiry}, checked every
 * {@code pagerlab.labs.sweep-interval}).
 */
@ConfigurationProperties("pagerlab")
public record StorageProperties(@DefaultValue("database") StorageMode storage,
                                @DefaultValue("./data") Path storageDirectory, @DefaultValue Labs labs) {

    /** The lifecycle of labs: removed with their storage after {@code idleExpiry} without a request. */
    public record Labs(@DefaultValue("30d") Duration idleExpiry, @DefaultValue("1h") Duration sweepInterval) {
    }
}
