package dev.pagerlab.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 file under a stream of single-operation commits (single fault POSTs): without housekeeping it
 * grows by kilobytes per commit; with it, run as the service runs it (here every 500 commits, with a retention time
 * as much shorter than the service's as the test is shorter than a service's day), it stays a fraction of that, and the journal still holds every operation in order, also after the database is closed and opened again;
 * likewise when housekeeping runs while several labs commit.
 */
class H2HousekeepingTest {

    private static final int COMMITS = 12_000;

    @TempDir
    Path dir;

    @Test
    void keepsTheFileSmallAndTheJournalWhole() throws Exception {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        long without = commitStream(dir.resolve("without"), seed, false);
        long with = commitStream(dir.resolve("with"), seed, true);
        System.out.printf("H2HousekeepingTest: %,d commits leave %,d bytes without housekeeping, %,d with%n",
                COMMITS, without, with);
        assertThat(with).as("seed %d: file with housekeeping against without", seed).isLessThan(without / 4);
    }

    /**
     * Housekeeping while commits go on, as in the service (its runs on the scheduler's thread, commits on request
     * threads and the group commit's writer): four labs' commits of 1 to 50 operations each, with housekeeping run
     * back to back meanwhile; every journal is whole and in order, open and after the file is opened again.
     */
    @Test
    void commitsDuringHousekeepingAreAllKept() throws Exception {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        String url = "jdbc:h2:file:" + dir + "/concurrent/pagerlab;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        int labs = 4;
        List<List<Operation>> written = new ArrayList<>();
        try (HikariDataSource h2 = dataSource(url)) {
            Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
            JdbcLabStore store = new JdbcLabStore(h2, new DataSourceTransactionManager(h2));
            H2Housekeeping housekeeping = housekeeping(h2, StorageMode.DATABASE);
            ExecutorService pool = Executors.newFixedThreadPool(labs);
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread keeper = Thread.ofPlatform().start(() -> {
                while (writing.get()) {
                    housekeeping.run();
                }
            });
            try {
                List<Future<List<Operation>>> results = new ArrayList<>();
                for (int l = 0; l < labs; l++) {
                    String lab = "lab-" + l;
                    store.create(new StoredLab(lab, lab, config(), Instant.now(), Instant.now(), 0, 0, 0));
                    SplittableRandom random = new SplittableRandom(seed + l);
                    results.add(pool.submit(() -> {
                        List<Operation> mine = new ArrayList<>();
                        while (mine.size() < COMMITS / 2) {
                            List<Operation> commit = new ArrayList<>();
                            for (int k = 1 + random.nextInt(random.nextBoolean() ? 1 : 50); k > 0; k--) {
                                commit.add(new Operation.SubmitFault(new ThreadId(1),
                                        Addr.of(random.nextLong(1L << 40)), Access.READ));
                            }
                            store.appendAll(List.of(new LabStore.Append(lab, mine.size() + 1, commit)));
                            mine.addAll(commit);
                        }
                        return mine;
                    }));
                }
                for (Future<List<Operation>> result : results) {
                    written.add(result.get(120, TimeUnit.SECONDS));
                }
            } finally {
                writing.set(false);
                keeper.join();
                pool.shutdownNow();
            }
            for (int l = 0; l < labs; l++) {
                assertThat(journal(store, "lab-" + l)).as("seed %d: lab-%d, open", seed, l).isEqualTo(written.get(l));
            }
        }
        try (HikariDataSource h2 = dataSource(url)) {
            JdbcLabStore store = new JdbcLabStore(h2, new DataSourceTransactionManager(h2));
            for (int l = 0; l < labs; l++) {
                assertThat(journal(store, "lab-" + l)).as("seed %d: lab-%d, opened again", seed, l)
                        .isEqualTo(written.get(l));
            }
        }
    }

    @Test
    void leavesOtherDatabasesAndMemoryModeAlone() throws Exception {
        try (HikariDataSource memoryDb = dataSource("jdbc:h2:mem:housekeeping")) {
            assertThat(housekeeping(memoryDb, StorageMode.DATABASE).run()).as("an H2 database in memory").isFalse();
        }
        try (HikariDataSource file = dataSource("jdbc:h2:file:" + dir + "/other")) {
            assertThat(housekeeping(file, StorageMode.MEMORY).run()).as("memory mode").isFalse();
            assertThat(housekeeping(file, StorageMode.DATABASE).run()).as("the embedded file").isTrue();
        }
    }

    /**
     * {@code COMMITS} commits of one operation each into a fresh H2 file, as the service's journal makes them; the
     * size of the file at the end (before it is closed, which compacts it once more).
     */
    private long commitStream(Path directory, long seed, boolean keep) throws Exception {
        Files.createDirectories(directory);
        String url = "jdbc:h2:file:" + directory + "/pagerlab;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        List<Operation> written = new ArrayList<>();
        long size;
        try (HikariDataSource h2 = dataSource(url)) {
            Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
            JdbcLabStore store = new JdbcLabStore(h2, new DataSourceTransactionManager(h2));
            H2Housekeeping housekeeping = housekeeping(h2, StorageMode.DATABASE);
            store.create(new StoredLab("lab-1", "lab-1", config(), Instant.now(), Instant.now(), 0, 0, 0));
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 1; i <= COMMITS; i++) {
                Operation fault = new Operation.SubmitFault(new ThreadId(1), Addr.of(random.nextLong(1L << 40)),
                        Access.READ);
                store.appendAll(List.of(new LabStore.Append("lab-1", i, List.of(fault))));
                written.add(fault);
                if (keep && i % 500 == 0) {
                    assertThat(housekeeping.run()).isTrue();
                }
            }
            size = Files.size(directory.resolve("pagerlab.mv.db"));
            assertThat(journal(store, "lab-1")).as("seed %d: the journal, open", seed).isEqualTo(written);
        }
        try (HikariDataSource h2 = dataSource(url)) {
            JdbcLabStore store = new JdbcLabStore(h2, new DataSourceTransactionManager(h2));
            assertThat(journal(store, "lab-1")).as("seed %d: the journal, opened again", seed).isEqualTo(written);
        }
        return size;
    }

    private static List<Operation> journal(JdbcLabStore store, String lab) {
        List<Operation> operations = new ArrayList<>();
        store.operations(lab, operations::add);
        return operations;
    }

    private static LabConfig config() {
        return new LabConfig(PlatformProfile.builtIn("x86_64").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                Quotas.DEFAULT);
    }

    /** A pool on {@code url}, as the service's (Spring Boot's default pool). */
    static HikariDataSource dataSource(String url) {
        HikariDataSource h2 = new HikariDataSource();
        h2.setJdbcUrl(url);
        h2.setUsername("sa");
        return h2;
    }

    private static H2Housekeeping housekeeping(DataSource dataSource, StorageMode mode) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("dataSource", dataSource));
        // Freed chunks kept for 50 ms instead of seconds: the test's commits take seconds in all.
        return new H2Housekeeping(beans.getBeanProvider(DataSource.class),
                new StorageProperties(mode, Path.of("."), null, null), 50);
    }
}
