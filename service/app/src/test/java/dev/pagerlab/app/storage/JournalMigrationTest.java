package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.LabState;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.lab.Operation;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database written by the version before one journal row per commit (schema V2: one row per operation) starts
 * and replays exactly: every lab, its event ids included, as it was, and its journal then goes on in the new shape;
 * a journal with a gap is refused.
 */
class JournalMigrationTest {

    private static final int LABS = Integer.getInteger("pagerlab.cases", 40) / 4;

    @TempDir
    Path dir;

    private static String url(Path directory) {
        return "jdbc:h2:file:" + directory + "/pagerlab;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static ConfigurableApplicationContext start(Path directory) {
        return new SpringApplicationBuilder(PagerlabApplication.class).run("--server.port=0",
                "--pagerlab.storage-directory=" + directory, "--spring.datasource.url=" + url(directory),
                "--pagerlab.limits.labs=" + (LABS + 2), "--pagerlab.journal.compact-above=100000");
    }

    @Test
    void aJournalOfOneRowPerOperationStartsAndReplaysExactly() throws Exception {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("JournalMigrationTest seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        Path current = Files.createDirectory(dir.resolve("current"));
        Path previous = Files.createDirectory(dir.resolve("previous"));
        Map<String, SeededLabs.Before> before;
        try (var app = start(current)) {
            before = SeededLabs.create(app.getBean(LabRegistry.class), LABS, seed,
                    i -> SeededLabs.random(seed + i, 200));
        }
        int operations = writtenAsVersion2(current, previous);
        assertThat(operations).isEqualTo(before.values().stream().mapToInt(b -> b.state().history().size()).sum());

        try (var app = start(previous)) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM lab_journal WHERE first_seq = last_seq").query(Long.class)
                    .single()).as("each operation of the old journal is a row of its own").isEqualTo(operations);
            for (var lab : before.entrySet()) {
                var entry = SeededLabs.assertBack(registry, lab.getKey(), lab.getValue(), seed);
                List<Operation> more = SeededLabs.random(seed ^ lab.getKey().hashCode(), 50);
                registry.grouped(entry, () -> {
                    more.forEach(entry.lab()::apply);
                    return null;
                });
                lab.setValue(SeededLabs.Before.of(entry));
            }
        }
        try (var app = start(previous)) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : before.entrySet()) {
                var entry = registry.get(lab.getKey());
                assertThat(LabState.of(entry.lab())).as("lab %s after more operations, seed %d", lab.getKey(), seed)
                        .isEqualTo(lab.getValue().state());
                assertThat(entry.streams().lastEventId()).isEqualTo(lab.getValue().lastEventId());
            }
            // A journal with a gap would replay another history than the one acknowledged: that lab is not served.
            JdbcClient.create(app.getBean(DataSource.class)).sql("DELETE FROM lab_journal WHERE lab_id = ?"
                    + " AND first_seq = 2").param(before.keySet().iterator().next()).update();
        }
        try (var app = start(previous)) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            String gap = before.keySet().iterator().next();
            assertThatThrownBy(() -> registry.get(gap)).isInstanceOf(Refused.class);
            before.keySet().stream().skip(1).forEach(id -> assertThat(LabState.of(registry.get(id).lab()))
                    .isEqualTo(before.get(id).state()));
        }
    }

    /**
     * Writes the labs of the database in {@code from} into a new database in {@code to} as the previous version did:
     * schema V2, one {@code lab_operation} row per operation in the stored format of then; answers how many.
     */
    private static int writtenAsVersion2(Path from, Path to) throws SQLException {
        DataSource source = h2(from);
        DataSource target = h2(to);
        Flyway.configure().dataSource(target).locations("classpath:db/migration").target("2").load().migrate();
        JdbcClient read = JdbcClient.create(source);
        JdbcClient write = JdbcClient.create(target);
        read.sql("SELECT id, label, config, created_at, last_used_at, events_base, compacted_through,"
                + " compaction_tried_at FROM lab").query((rs, n) -> {
                    write.sql("INSERT INTO lab (id, label, config, created_at, last_used_at, events_base,"
                                    + " compacted_through, compaction_tried_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4),
                                    rs.getObject(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)).update();
                    return null;
                }).list();
        StoredFormat format = new StoredFormat();
        int operations = 0;
        try (Connection c = target.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO lab_operation (lab_id, seq, operation) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            for (Map<String, Object> row : read.sql("SELECT lab_id, first_seq, last_seq, packed, operations"
                    + " FROM lab_journal ORDER BY lab_id, first_seq").query().listOfRows()) {
                long first = ((Number) row.get("first_seq")).longValue();
                List<Operation> stored = format.readRow((byte[]) row.get("packed"), (String) row.get("operations"),
                        ((Number) row.get("last_seq")).longValue() - first + 1);
                for (int k = 0; k < stored.size(); k++) {
                    insert.setString(1, (String) row.get("lab_id"));
                    insert.setLong(2, first + k);
                    insert.setString(3, writtenBefore(format, stored.get(k)));
                    insert.addBatch();
                    operations++;
                }
            }
            insert.executeBatch();
            c.commit();
        }
        return operations;
    }

    /** An operation as the previous version stored it: a fault, too, as an object. */
    static String writtenBefore(StoredFormat format, Operation operation) {
        if (operation instanceof Operation.SubmitFault(var thread, var addr, var access)) {
            return "{\"op\":\"fault\",\"thread\":\"" + thread + "\",\"addr\":\"" + addr.hex() + "\",\"type\":\""
                    + access.name() + "\"}";
        }
        return format.write(operation);
    }

    private static DataSource h2(Path directory) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url(directory));
        h2.setUser("sa");
        return h2;
    }
}
