package dev.pagerlab.app.storage;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the embedded H2 file compact, which H2 itself does not do with {@code WRITE_DELAY=0}: then it runs no
 * background thread, and its housekeeping (rewriting the live pages of mostly dead chunks, moving chunks to shrink
 * the file) lives in that thread. Without it every commit leaves a chunk of about 15 KiB, of which a few pages stay
 * live for ever: the file grew by hundreds of megabytes per minute of single faults, and every commit got dearer,
 * since each one rewrites the metadata of all chunks still in the file (BENCHMARKS.md, "Sixth pass"). Once a second
 * this rewrites at most {@link #REWRITE_BYTES} of the sparsest chunks, and every {@link #SHRINK_EVERY}th time it
 * moves chunks for at most {@link #SHRINK_MILLIS} ms to shrink the file; commits wait for either meanwhile. Nothing
 * else changes: a commit is still written before it returns, and chunks are still kept for H2's retention time
 * before their space is reused, which is what a power loss may need.
 *
 * <p>Only with an embedded H2 database (the default); another database, or H2 over TCP, is left alone. It uses
 * H2's store API ({@link MVStore#compact}, {@link MVStore#compactFile}), which H2's SQL does not offer while the
 * database is open.
 */
@Component
class H2Housekeeping {

    /** Bytes of live pages rewritten out of sparse chunks per run at most: about 20 ms of a commit's wait. */
    static final int REWRITE_BYTES = 1 << 20;
    /** Chunks whose pages are live to less than this percentage are rewritten. */
    static final int TARGET_FILL_RATE = 80;
    /** Runs between two attempts to shrink the file. */
    static final int SHRINK_EVERY = 10;
    /** How long one attempt to shrink the file may hold the store, in milliseconds. */
    static final int SHRINK_MILLIS = 50;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Housekeeping.class);

    private final ObjectProvider<DataSource> dataSource;
    private final StorageMode mode;
    private int runs;
    /** Set once another database than an embedded H2 one is found: nothing to do, ever. */
    private boolean notH2;

    H2Housekeeping(ObjectProvider<DataSource> dataSource, StorageProperties properties) {
        this.dataSource = dataSource;
        this.mode = properties.storage();
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
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
            if (++runs % SHRINK_EVERY == 0) {
                store.compactFile(SHRINK_MILLIS);
            }
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
