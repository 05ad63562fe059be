package dev.pagerlab.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded SQLite default: its file found from a URL, and the checkpoint that syncs it every second. */
class SqliteTest {

    @TempDir
    Path dir;

    @Test
    void theFileOfAnSqliteUrl() {
        assertThat(Sqlite.file("jdbc:sqlite:./data/pagerlab.db?journal_mode=WAL&busy_timeout=10000"))
                .isEqualTo(Path.of("./data/pagerlab.db"));
        assertThat(Sqlite.file("jdbc:sqlite:/srv/labs.db")).isEqualTo(Path.of("/srv/labs.db"));
        assertThat(Sqlite.file("jdbc:sqlite:file:/srv/labs.db?cache=private")).isEqualTo(Path.of("/srv/labs.db"));
        assertThat(Sqlite.file("jdbc:sqlite::memory:")).isNull();
        assertThat(Sqlite.file("jdbc:sqlite:file:labs?mode=memory&cache=shared")).isNull();
        assertThat(Sqlite.file("jdbc:sqlite:")).isNull();
        assertThat(Sqlite.file("jdbc:h2:file:./data/pagerlab")).isNull();
        assertThat(Sqlite.file("jdbc:postgresql://localhost/pagerlab")).isNull();
        assertThat(Sqlite.file(null)).isNull();
    }

    @Test
    void aHousekeepingRunCopiesTheLogIntoTheDatabaseFileAndLeavesOtherDatabasesAlone() throws Exception {
        Path file = dir.resolve("pagerlab.db");
        try (HikariDataSource sqlite = H2HousekeepingTest.dataSource("jdbc:sqlite:" + file
                + "?journal_mode=WAL&synchronous=NORMAL")) {
            JdbcClient jdbc = JdbcClient.create(sqlite);
            jdbc.sql("CREATE TABLE t (x BLOB)").update();
            jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query().singleRow();
            long empty = Files.size(file);
            // 100 commits of 4 KiB: the log holds them (SQLite checkpoints by itself only at 1,000 pages).
            for (int i = 0; i < 100; i++) {
                jdbc.sql("INSERT INTO t VALUES (?)").param(new byte[4096]).update();
            }
            assertThat(Files.size(file)).as("commits are in the log only").isEqualTo(empty);
            assertThat(Files.size(dir.resolve("pagerlab.db-wal"))).isGreaterThan(100 * 4096L);

            assertThat(housekeeping(sqlite, StorageMode.DATABASE).run()).isTrue();
            assertThat(Files.size(file)).as("checkpointed: the file holds them").isGreaterThan(empty + 100 * 4096L);
            assertThat(housekeeping(sqlite, StorageMode.MEMORY).run()).isFalse();
        }
        try (HikariDataSource h2 = H2HousekeepingTest.dataSource("jdbc:h2:mem:not-sqlite")) {
            SqliteHousekeeping other = housekeeping(h2, StorageMode.DATABASE);
            assertThat(other.run()).isFalse();
            assertThat(other.run()).as("decided once").isFalse();
        }
    }

    @Test
    void aDatabaseOutOfReachAtTheFirstRunIsAskedAgainNotTakenForAnotherOne() throws Exception {
        try (HikariDataSource sqlite = H2HousekeepingTest.dataSource("jdbc:sqlite:" + dir.resolve("pagerlab.db")
                + "?journal_mode=WAL")) {
            boolean[] down = {true};
            DataSource flaky = new DelegatingDataSource(sqlite) {
                @Override
                public java.sql.Connection getConnection() throws java.sql.SQLException {
                    if (down[0]) {
                        throw new java.sql.SQLException("out of reach");
                    }
                    return super.getConnection();
                }
            };
            SqliteHousekeeping housekeeping = housekeeping(flaky, StorageMode.DATABASE);
            assertThat(housekeeping.run()).isFalse();
            down[0] = false;
            assertThat(housekeeping.run()).as("back: checkpointed").isTrue();
        }
    }

    private static SqliteHousekeeping housekeeping(DataSource dataSource, StorageMode mode) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("dataSource", dataSource));
        return new SqliteHousekeeping(beans.getBeanProvider(DataSource.class),
                new StorageProperties(mode, Path.of("."), null, null));
    }
}
