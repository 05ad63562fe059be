package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the labs of an H2 file, the embedded database of versions before SQLite, into the SQLite file that replaced
 * it, once: a service upgraded in place keeps its students' labs. The H2 file ({@value #FILE} beside the SQLite file,
 * where the old default kept it) is brought to the current schema, each of its labs is copied with its metadata and
 * its whole journal (so compacted histories, event ids and expiry stay as they were), all in one SQLite transaction,
 * and the file is then renamed to {@value #FILE}{@value #IMPORTED}, its labs kept as they were for whoever wants
 * them back. A lab already in SQLite is left alone, so an import cut short after its commit, before the rename, is
 * not done twice; a lab whose journal cannot be read is left out and named in the log, as a start leaves it out.
 */
final class H2Import {

    /** The H2 file of the old default URL, {@code jdbc:h2:file:${pagerlab.storage-directory}/pagerlab}. */
    static final String FILE = "pagerlab.mv.db";
    /** What the H2 file is renamed to once imported. */
    static final String IMPORTED = ".imported";

    /** Operations copied per append: bounded memory for a journal of any length. */
    private static final int CHUNK = 4_096;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(H2Import.class);

    private H2Import() {
    }

    /**
     * Imports the H2 file beside {@code target}'s SQLite file, if there is one, into {@code into}, the store over
     * {@code target}; how many labs it imported (0 when there was nothing to import).
     */
    static int ifPresent(DataSource target, JdbcLabStore into, PlatformTransactionManager transactions) {
        Path file = sqliteFile(target);
        Path sqlite = file == null ? null : file.toAbsolutePath().normalize();
        if (sqlite == null || sqlite.getParent() == null) {
            return 0;
        }
        Path h2 = sqlite.getParent().resolve(FILE);
        if (!Files.isRegularFile(h2)) {
            return 0;
        }
        log.info("Importing the labs of the H2 file {} into {}", h2, sqlite);
        String base = h2.toString().substring(0, h2.toString().length() - ".mv.db".length());
        JdbcDataSource source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE");
        source.setUser("sa");
        source.setPassword("");
        int imported;
        try {
            // Written by any earlier version: its journal gets the shape JdbcLabStore reads.
            Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
            imported = copy(new JdbcLabStore(source, new DataSourceTransactionManager(source)), into, transactions);
        } finally {
            shutDown(source);
        }
        Path kept = h2.resolveSibling(FILE + IMPORTED);
        try {
            Files.move(h2, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("imported the labs of " + h2 + " but could not rename it to " + kept, e);
        }
        log.info("Imported {} labs from the H2 file, which is kept as {}", imported, kept);
        return imported;
    }

    private static int copy(JdbcLabStore from, JdbcLabStore into, PlatformTransactionManager transactions) {
        Set<String> present = into.labs().stream().map(StoredLab::id).collect(Collectors.toSet());
        List<StoredLab> labs = from.labs().stream().filter(lab -> !present.contains(lab.id())).toList();
        int[] imported = {0};
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (StoredLab lab : labs) {
                // Checked before anything of the lab is written: a lab is imported whole or not at all.
                try {
                    from.operations(lab.id(), operation -> { });
                } catch (LabStorage.ReplayMismatch unreadable) {
                    log.warn("Lab {} of the H2 file is not imported: {}", lab.id(), unreadable.getMessage());
                    continue;
                }
                into.create(lab);
                List<Operation> chunk = new ArrayList<>(CHUNK);
                long[] next = {1};
                from.operations(lab.id(), operation -> {
                    chunk.add(operation);
                    if (chunk.size() == CHUNK) {
                        next[0] = append(into, lab.id(), next[0], chunk);
                    }
                });
                append(into, lab.id(), next[0], chunk);
                imported[0]++;
            }
        });
        return imported[0];
    }

    /** Appends {@code chunk} as the lab's operations from {@code firstSeq} and empties it; the next sequence. */
    private static long append(JdbcLabStore into, String labId, long firstSeq, List<Operation> chunk) {
        if (chunk.isEmpty()) {
            return firstSeq;
        }
        into.appendAll(List.of(new LabStore.Append(labId, firstSeq, List.copyOf(chunk))));
        long next = firstSeq + chunk.size();
        chunk.clear();
        return next;
    }

    private static @Nullable Path sqliteFile(DataSource dataSource) {
        try {
            return Sqlite.file(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getURL));
        } catch (MetaDataAccessException e) {
            return null;
        }
    }

    /** Closes the H2 file, so that it can be renamed. */
    private static void shutDown(JdbcDataSource source) {
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            log.debug("H2 file already closed", e);
        }
    }
}
