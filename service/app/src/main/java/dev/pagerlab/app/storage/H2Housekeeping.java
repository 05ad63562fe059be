package dev.pagerlab.app.storage;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the embedded H2 file compact, which H2 itself does not do with {@code WRITE_DELAY=0}: then it runs no
 * background thread, and its housekeeping lives in that thread. Every commit writes a chunk of about 15 KiB, of
 * which a few pages stay live for ever, and a chunk's space is reused only after H2's retention time (45 s by
 * default): the file grew by hundreds of megabytes per minute of single faults, and every commit got dearer, since
 * each one rewrites the metadata of all chunks still in the file (BENCHMARKS.md, "Sixth pass").
 *
 * <p>Once a second this {@linkplain MVStore#sync syncs} the file (everything written so far is on disk) and rewrites
 * at most {@link #REWRITE_BYTES} of the live pages of the sparsest chunks ({@link MVStore#compact}, under H2's store
 * lock, as its own housekeeping does; commits wait meanwhile). It also lowers the retention time to
 * {@link #RETENTION_MILLIS}. H2 keeps freed chunks for that long because a power loss may still need them: its
 * default assumes the operating system writes everything within 45 s. Here the sync every second does that, so a
 * chunk freed {@link #RETENTION_MILLIS} ago is no longer needed. Commits are still written before they return.
 *
 * <p>Only with an embedded H2 database (the default); another database, or H2 over TCP, is left alone. It does not
 * shrink the file: H2's {@link MVStore#compactFile} is made for a closed or idle store (it failed an assertion under
 * concurrent commits in H2HousekeepingTest) and sets the retention time to 0 for good; H2 compacts on close.
 */
@Component
class H2Housekeeping {

    /** Bytes of live pages rewritten out of sparse chunks per run at most. */
    static final int REWRITE_BYTES = 1 << 20;
    /** Chunks whose pages are live to less than this percentage are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** How long a freed chunk is kept before its space is reused: three of this component's syncs. */
    static final int RETENTION_MILLIS = 3_000;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Housekeeping.class);

    private final ObjectProvider<DataSource> dataSource;
    private final StorageMode mode;
    private final int retentionMillis;
    /** Set once another database than an embedded H2 one is found: nothing to do, ever. */
    private boolean notH2;

    @Autowired
    H2Housekeeping(ObjectProvider<DataSource> dataSource, StorageProperties properties) {
        this(dataSource, properties, RETENTION_MILLIS);
    }

    /** With another retention time: for tests that cannot wait seconds for chunks to be reused. */
    H2Housekeeping(ObjectProvider<DataSource> dataSource, StorageProperties properties, int retentionMillis) {
        this.dataSource = dataSource;
        this.mode = properties.storage();
        this.retentionMillis = retentionMillis;
    }

    /** One run; whether it found an embedded H2 store to keep. */
    @Scheduled(fixedDelay = 1_000, initialDelay = 1_000)
    boolean run() {
        if (notH2 || mode == StorageMode.MEMORY) {
            return false;
        }
        MVStore store;
        try {
            store = mvStore();
        } catch (SQLException | RuntimeException e) {
            // The database is closing or out of reach: the next run tries again.
            log.debug("H2 housekeeping skipped", e);
            return false;
        }
        if (store == null) {
            notH2 = true;
            return false;
        }
        try {
            // Sync first: only then may chunks freed a retention time ago be overwritten.
            store.sync();
            if (store.getRetentionTime() > retentionMillis) {
                store.setRetentionTime(retentionMillis);
            }
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
        } catch (RuntimeException e) {
            if (store.isClosed()) {
                // Closed between the look-up and the compaction: the service is stopping.
                log.debug("H2 housekeeping stopped: the store is closed", e);
                return false;
            }
            throw e;
        }
        return true;
    }

    /** The MVStore of the embedded H2 file behind the data source; null for any other database. */
    private @Nullable MVStore mvStore() throws SQLException {
        try (Connection connection = dataSource.getObject().getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return null;
            }
            Store store = session.getDatabase().getStore();
            if (store == null || store.getMvStore().getFileStore() == null) {
                return null;
            }
            return store.getMvStore();
        }
    }
}
