package dev.pagerlab.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the journal costs a fault, without HTTP: a lab run through its journal on the embedded SQLite file (or the
 * database of {@code -Dpagerlab.bench.url}, an H2 file for instance) against the same lab in memory mode,
 * alternating, single faults (each waits for its commit) and grouped runs of 1,000 (a fault batch), the process's CPU
 * and the time per fault. Runs only when asked ({@code -Dtest=JournalCostBenchmark -Dpagerlab.bench=true}); prints
 * its numbers, asserts nothing about time.
 */
class JournalCostBenchmark {

    @TempDir
    Path dir;

    @Test
    void costPerFault() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("pagerlab.bench"), "benchmark: -Dpagerlab.bench=true runs it");
        int rounds = Integer.getInteger("pagerlab.bench.rounds", 12);
        // A database's commit path needs about 10,000 commits before the JIT has compiled it; not counted.
        int warm = rounds / 3;
        // Pooled as in the service (Spring Boot's default pool): an H2 connection opened per commit costs milliseconds.
        HikariDataSource db = new HikariDataSource();
        db.setJdbcUrl(System.getProperty("pagerlab.bench.url",
                "jdbc:sqlite:" + dir + "/pagerlab.db?journal_mode=WAL&synchronous=NORMAL"));
        db.setUsername("sa");
        Flyway.configure().dataSource(db)
                .locations(Sqlite.is(db) ? "classpath:db/sqlite-migration" : "classpath:db/migration").load().migrate();
        JdbcLabStore jdbc = new JdbcLabStore(db, new DataSourceTransactionManager(db));
        MemoryLabStore memory = new MemoryLabStore();
        try (db; GroupCommit durable = GroupCommit.threaded(jdbc); GroupCommit inline = GroupCommit.inline(memory)) {
            Lab[] labs = {lab(memory, inline, "lab-memory"), lab(jdbc, durable, "lab-database")};
            String[] names = {"memory", "database"};
            SplittableRandom random = new SplittableRandom(1);
            double[][] single = new double[2][2];
            double[][] grouped = new double[2][2];
            // Each storage's faults on a thread of its own, named after it, so that a profile tells them apart.
            ExecutorService[] threads = {Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-memory")),
                    Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-database"))};
            try {
                for (int round = 0; round < rounds; round++) {
                    for (int m = 0; m < 2; m++) {
                        int mode = m;
                        boolean counted = round >= warm;
                        threads[m].submit(() -> measure(labs[mode], journalOf[mode], random, counted ? single[mode]
                                : new double[2], counted ? grouped[mode] : new double[2], rounds - warm)).get();
                    }
                }
            } finally {
                for (ExecutorService thread : threads) {
                    thread.shutdownNow();
                }
            }
            System.out.println("| storage | faults | process CPU us/fault | time us/fault |");
            System.out.println("|---|---|---|---|");
            for (int m = 0; m < 2; m++) {
                System.out.printf("| %s | one at a time | %.2f | %.2f |%n", names[m], single[m][0], single[m][1]);
                System.out.printf("| %s | grouped by 1,000 | %.2f | %.2f |%n", names[m], grouped[m][0],
                        grouped[m][1]);
            }
        }
    }

    /** One round of one storage: single faults, then grouped ones; adds each one's share of the averages. */
    private static void measure(Lab lab, Journal journal, SplittableRandom random, double[] single, double[] grouped,
                                int rounds) {
        long cpu = cpu();
        long t0 = System.nanoTime();
        int n = Boolean.getBoolean("pagerlab.bench.grouped-only") ? 0 : 2_500;
        for (int i = 0; i < n; i++) {
            lab.fault(new ThreadId(1), Addr.of(random.nextLong(16L << 20)), Access.READ, Explain.NO_TRACE);
        }
        single[0] += (cpu() - cpu) / 1e3 / Math.max(1, n) / rounds;
        single[1] += (System.nanoTime() - t0) / 1e3 / Math.max(1, n) / rounds;
        cpu = cpu();
        t0 = System.nanoTime();
        int batches = Boolean.getBoolean("pagerlab.bench.single-only") ? 0 : 20;
        for (int b = 0; b < batches; b++) {
            journal.grouped(lab, () -> {
                for (int i = 0; i < 1_000; i++) {
                    lab.fault(new ThreadId(1), Addr.of(random.nextLong(16L << 20)), Access.READ, Explain.NO_TRACE);
                }
                return null;
            });
        }
        grouped[0] += (cpu() - cpu) / 1e3 / Math.max(1, batches * 1_000) / rounds;
        grouped[1] += (System.nanoTime() - t0) / 1e3 / Math.max(1, batches * 1_000) / rounds;
    }

    private final Journal[] journalOf = new Journal[2];

    private Lab lab(LabStore store, GroupCommit commits, String id) {
        LabConfig config = new LabConfig(PlatformProfile.builtIn("x86_64").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(1024, 256, 4096, 256, 64, 16384));
        store.create(new StoredLab(id, id, config, Instant.now(), Instant.now(), 0, 0, 0));
        Journal j = new Journal(id, store, commits, () -> { });
        journalOf[store instanceof MemoryLabStore ? 0 : 1] = j;
        Lab lab = Lab.create(config, j.before(LabEventListener.NONE)).orThrow();
        lab.allocateRam(DataspaceRequest.of(Size.of(16 << 20))).orThrow();
        RegionMapId rm = lab.createRegionMap(Size.of(1L << 30), "AS").orThrow().id();
        lab.attach(rm, AttachRequest.of(new DataspaceId(1))).orThrow();
        lab.createThread(rm, "main").orThrow();
        return lab;
    }

    /**
     * CPU time of the whole process (the writer thread, JIT and GC included), or with
     * {@code -Dpagerlab.bench.thread-cpu=true} of the measuring thread only (single faults commit on it).
     */
    private static long cpu() {
        if (Boolean.getBoolean("pagerlab.bench.thread-cpu")) {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
