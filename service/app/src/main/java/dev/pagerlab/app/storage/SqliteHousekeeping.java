package dev.pagerlab.app.storage;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * Syncs the embedded SQLite database to disk once a second. With {@code synchronous=NORMAL} a commit writes its
 * pages to the write-ahead log without {@code fsync} (that would cost more than the commit itself; a killed process
 * loses nothing either way, the operating system has the pages), and SQLite syncs the log only when a checkpoint
 * copies it into the database file, which it does after every thousand pages of log. Under a light load that could
 * be minutes: this checkpoint bounds what a power loss of the machine can take to about the last second, as for H2
 * ({@link H2Housekeeping}). PASSIVE: it never waits for, nor holds up, a commit.
 */
@Component
class SqliteHousekeeping {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SqliteHousekeeping.class);

    private final ObjectProvider<DataSource> dataSource;
    private final StorageMode mode;
    /** Whether the data source is SQLite: decided by the first run that reaches the database. */
    private @Nullable Boolean sqlite;

    SqliteHousekeeping(ObjectProvider<DataSource> dataSource, StorageProperties properties) {
        this.dataSource = dataSource;
        this.mode = properties.storage();
    }

    /** One run; whether it checkpointed an SQLite database. */
    @Scheduled(fixedDelay = 1_000, initialDelay = 1_000)
    boolean run() {
        if (mode == StorageMode.MEMORY || Boolean.FALSE.equals(sqlite)) {
            return false;
        }
        try {
            DataSource source = dataSource.getObject();
            if (sqlite == null) {
                sqlite = Sqlite.is(source);
                if (!sqlite) {
                    return false;
                }
            }
            new JdbcTemplate(source).execute("PRAGMA wal_checkpoint(PASSIVE)");
            return true;
        } catch (RuntimeException e) {
            // The database is closing or out of reach: the next run tries again.
            log.debug("SQLite checkpoint skipped", e);
            return false;
        }
    }
}
