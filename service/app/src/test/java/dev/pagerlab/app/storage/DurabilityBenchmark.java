package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.Postgres;
import dev.pagerlab.app.support.ServiceProcess;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.HistoryCompaction;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What durability costs, for BENCHMARKS.md; runs only when asked
 * ({@code -Dtest=DurabilityBenchmark#faultThroughput -Dpagerlab.bench=true}, after {@code package}, with
 * {@code -Dpagerlab.jar}; BENCHMARKS.md, "Durability", has the commands).
 * Prints its numbers; asserts nothing about time.
 */
class DurabilityBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SECONDS = Integer.getInteger("pagerlab.bench.seconds", 10);

    @TempDir
    Path dir;

    @BeforeEach
    void onlyWhenAsked() {
        Assumptions.assumeTrue(Boolean.getBoolean("pagerlab.bench"), "benchmark: -Dpagerlab.bench=true runs it");
    }

    /**
     * Single-fault POSTs and fault batches against the jar: memory, the embedded SQLite file (the default), an H2
     * file (the default before it), PostgreSQL (with a Docker engine), all running at once and measured in turn, row
     * after row and round after round ({@code -Dpagerlab.bench.rounds}, default 2), so that a change in the machine's
     * load hits them alike; each row's throughput against memory's over all rounds. With
     * {@code -Dpagerlab.jar.before} another build runs beside them on an H2 file, for a change's before and after in
     * the same run.
     */
    @Test
    void faultThroughput() throws Exception {
        int rounds = Integer.getInteger("pagerlab.bench.rounds", 2);
        String jar = System.getProperty("pagerlab.jar");
        String h2 = "--spring.datasource.url=jdbc:h2:file:" + dir + "/%s;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        List<Mode> modes = new ArrayList<>();
        modes.add(new Mode("memory", jar, "--pagerlab.storage=memory"));
        modes.add(new Mode("sqlite-file", jar));
        // Not named pagerlab: a SQLite service started beside it would import an H2 file of that name (H2Import).
        modes.add(new Mode("h2-file", jar, h2.formatted("h2")));
        String before = System.getProperty("pagerlab.jar.before");
        if (before != null) {
            // Another build beside this one, for a change's before and after in one run.
            modes.add(new Mode("h2-file (before)", before, h2.formatted("before")));
        }
        Postgres pg = Postgres.available() ? Postgres.start() : null;
        if (pg != null) {
            modes.add(new Mode("postgresql", jar, "--spring.datasource.url=" + pg.url(),
                    "--spring.datasource.username=" + pg.username(), "--spring.datasource.password=" + pg.password()));
        }
        List<ServiceProcess> services = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        try {
            for (Mode mode : modes) {
                // A client's lab takes millions of faults in a row: the per-lab history limit is lifted (each run's
                // labs are deleted after it, which keeps the service's heap bounded).
                List<String> arguments = new ArrayList<>(List.of(mode.arguments()));
                arguments.add("--pagerlab.limits.operations-per-lab=1000000000");
                services.add(ServiceProcess.start(mode.jar(), arguments, dir, java.time.Duration.ofSeconds(120)));
            }
            for (int m = 0; m < services.size(); m++) {
                // Warm-up of both paths first, until the service's JIT has settled: on two cores the service
                // compiles for about a minute under this load (H2's paths more than memory mode's), and a row
                // measured meanwhile charges the compiler's CPU to its storage.
                ServiceProcess service = services.get(m);
                double compiled = compileSeconds(service);
                int warmRounds = 0;
                for (double previous = -1; warmRounds < 12 && compiled - previous > 0.5; warmRounds++) {
                    previous = compiled;
                    run(service.port(), 4, BATCH, SECONDS);
                    if (!BATCHES_ONLY) {
                        run(service.port(), 4, 1, SECONDS);
                    }
                    compiled = compileSeconds(service);
                }
                System.out.printf("%s: warmed up in %d rounds, %.1f s of JIT compilation%n", modes.get(m).name(),
                        warmRounds, compiled);
            }
            for (int batch : BATCHES_ONLY ? new int[]{BATCH} : new int[]{1, BATCH}) {
                for (int clients : new int[]{1, 4}) {
                    List<List<long[]>> latencies = new ArrayList<>();
                    services.forEach(service -> latencies.add(new ArrayList<>()));
                    long[] cpu = new long[services.size()];
                    for (int round = 0; round < rounds; round++) {
                        for (int m = 0; m < services.size(); m++) {
                            long cpuBefore = cpuNanos(services.get(m));
                            latencies.get(m).add(run(services.get(m).port(), clients, batch, SECONDS));
                            cpu[m] += cpuNanos(services.get(m)) - cpuBefore;
                        }
                    }
                    double memory = 0;
                    for (int m = 0; m < services.size(); m++) {
                        long[] all = latencies.get(m).stream().flatMapToLong(Arrays::stream).sorted().toArray();
                        double faults = all.length * (double) batch / (SECONDS * rounds);
                        memory = m == 0 ? faults : memory;
                        rows.add(String.format("| %s | %s | %d | %.0f | %.2f | %.2f | %.2fx | %.1f |", modes.get(m).name(),
                                batch == 1 ? "single fault" : "batch of " + batch, clients, faults,
                                all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, faults / memory,
                                cpu[m] / 1e3 / (all.length * (double) batch)));
                        System.out.println(rows.getLast());
                    }
                }
            }
        } finally {
            for (ServiceProcess service : services) {
                service.stop(false);
            }
            if (pg != null) {
                pg.close();
            }
        }
        // The service's own CPU: on a loaded machine steadier than its rate; PostgreSQL's server is not in it.
        System.out.println("| storage | requests | clients | faults/s | p50 ms | p99 ms | faults/s vs memory"
                + " | service CPU us/fault |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * Seconds the service's JIT has spent compiling so far ({@code jstat -compiler}, of the JDK running this test);
     * 0 when that cannot be read, which ends the warm-up after one round.
     */
    private static double compileSeconds(ServiceProcess service) {
        try {
            Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                    "-compiler", Long.toString(service.process().pid())).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
            jstat.waitFor();
            // Compiled Failed Invalid Time FailedType FailedMethod
            return Double.parseDouble(lines.getLast().trim().split("\\s+")[3]);
        } catch (Exception unreadable) {
            return 0;
        }
    }

    /** CPU time the service's process has used so far (all its threads). */
    private static long cpuNanos(ServiceProcess service) {
        return service.process().toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** A service to measure: its name in the table, its jar and its arguments. */
    private record Mode(String name, String jar, String... arguments) {
    }

    /**
     * Faults per batch request in {@link #faultThroughput}: 1,000 by default, {@code -Dpagerlab.bench.batch} for
     * another size (10,000 is the size of the fault-batch benchmark over HTTP).
     */
    private static final int BATCH = Integer.getInteger("pagerlab.bench.batch", 1_000);

    /** {@code -Dpagerlab.bench.batches-only=true} leaves out the single-fault rows (and their warm-up). */
    private static final boolean BATCHES_ONLY = Boolean.getBoolean("pagerlab.bench.batches-only");

    /**
     * {@code clients} clients, each on its own lab, posting READ faults at random addresses for {@code seconds},
     * one at a time ({@code batch} 1) or in batches (results=none); the latency of each request.
     */
    private static long[] run(int port, int clients, int batch, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long seed = c;
            results.add(pool.submit(() -> {
                String lab = "/api/v1/labs/" + JSON.readTree(ServiceProcess.send(port, "POST", "/api/v1/labs",
                        "{\"platform\":\"x86_64\"}").body()).get("id").asString();
                ServiceProcess.send(port, "POST", lab + "/dataspaces", "{\"type\":\"RAM\",\"size\":\"16M\"}");
                ServiceProcess.send(port, "POST", lab + "/rm-sessions", "{\"size\":\"1G\"}");
                ServiceProcess.send(port, "POST", lab + "/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\"}");
                ServiceProcess.send(port, "POST", lab + "/rm-sessions/rm-1/threads", "{\"name\":\"main\"}");
                SplittableRandom random = new SplittableRandom(seed);
                long[] latencies = new long[1 << 20];
                int n = 0;
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < end && n < latencies.length) {
                    String path;
                    String body;
                    if (batch == 1) {
                        path = lab + "/threads/th-1/faults";
                        body = fault(random).toString();
                    } else {
                        path = lab + "/fault-batches?results=none";
                        StringBuilder faults = new StringBuilder("{\"faults\":[");
                        for (int i = 0; i < batch; i++) {
                            faults.append(i == 0 ? "" : ",").append(fault(random).insert(1, "\"thread\":\"th-1\","));
                        }
                        body = faults.append("]}").toString();
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = ServiceProcess.send(port, "POST", path, body);
                    latencies[n++] = System.nanoTime() - t0;
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(answer.body());
                    }
                }
                // Its history (13 bytes a fault) would otherwise stay in the service's heap for the later rows.
                ServiceProcess.send(port, "DELETE", lab, "");
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        pool.shutdown();
        return all.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /** A READ fault at a random address of the 16 MiB region, as JSON. */
    private static StringBuilder fault(SplittableRandom random) {
        return new StringBuilder("{\"addr\":\"0x").append(Long.toHexString(random.nextLong(16L << 20)))
                .append("\",\"type\":\"READ\"}");
    }

    /**
     * A lab with 1,000,000 journaled operations in the embedded SQLite file: replay of the full journal against replay
     * of its compacted journal (alternating, in-process), what compacting it costs once, and the service's start
     * without compaction, with it (the first start compacts), after it, and with no stored lab.
     */
    @Test
    void replayOfAMillionOperations() throws Exception {
        int operations = Integer.getInteger("pagerlab.bench.operations", 1_000_000);
        Path file = dir.resolve("pagerlab.db");
        DataSource sqlite = new DriverManagerDataSource("jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=NORMAL");
        Flyway.configure().dataSource(sqlite).locations("classpath:db/sqlite-migration").load().migrate();
        JdbcLabStore store = new JdbcLabStore(sqlite, new DataSourceTransactionManager(sqlite));
        LabConfig config = new LabConfig(PlatformProfile.builtIn("x86_64").orElseThrow(),
                LabConfig.DEFAULT_PHYSICAL_MEMORY, new Quotas(1024, 256, 4096, 256, 64, 16384));
        store.create(new StoredLab("lab-big", "a million operations", config, java.time.Instant.now(),
                java.time.Instant.now(), 0, 0, 0));
        List<Operation> history = typical(operations);
        long written = System.nanoTime();
        // As fault batches write it: a commit of GroupCommit.MAX_GROUP operations at a time.
        for (int from = 0; from < history.size(); from += GroupCommit.MAX_GROUP) {
            int first = from;
            store.appendAll(List.of(new LabStore.Append("lab-big", first + 1,
                    history.subList(first, Math.min(history.size(), first + GroupCommit.MAX_GROUP)))));
        }
        JdbcClient jdbc = JdbcClient.create(sqlite);
        // The whole log into the file, so that the file alone holds the journal and can be copied.
        jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query().singleRow();
        System.out.printf("journaled %,d operations in commits of %,d: %.1f s; file %,d bytes%n", history.size(),
                GroupCommit.MAX_GROUP, (System.nanoTime() - written) / 1e9, Files.size(file));
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.copy(file, full.resolve("pagerlab.db"));

        // What a start does once: replay the full journal, compact, store the shorter one (here as a second lab).
        Lab big = Lab.create(config, LabEventListener.NONE).orThrow();
        long t0 = System.nanoTime();
        store.operations("lab-big", big::apply);
        double replayed = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        var outcome = HistoryCompaction.compact(big, LabEventListener.NONE);
        double compacting = (System.nanoTime() - t0) / 1e9;
        if (!(outcome instanceof HistoryCompaction.Outcome.Compacted(List<Operation> shorter, Lab small))) {
            throw new IllegalStateException("not compacted: " + outcome);
        }
        store.create(new StoredLab("lab-compacted", "the million operations compacted", config,
                java.time.Instant.now(), java.time.Instant.now(), 0, 0, 0));
        // The same full journal, so that storing the compacted one deletes as many rows as a start does.
        jdbc.sql("INSERT INTO lab_journal (lab_id, first_seq, last_seq, operations, packed)"
                + " SELECT 'lab-compacted', first_seq, last_seq, operations, packed FROM lab_journal"
                + " WHERE lab_id = 'lab-big'").update();
        t0 = System.nanoTime();
        store.compact("lab-compacted", shorter, 0);
        double storing = (System.nanoTime() - t0) / 1e9;
        System.out.printf("compaction, once: full replay %.2f s, analysis and verification %.2f s, storing %.2f s;"
                + " %,d operations -> %,d (%d mappings)%n", replayed, compacting, storing, history.size(),
                shorter.size(), small.summary().installedMappings());

        System.out.println("| round | full journal | compacted journal | full / compacted |");
        for (int round = 0; round < 2; round++) {
            Lab lab = Lab.create(config, LabEventListener.NONE).orThrow();
            t0 = System.nanoTime();
            store.operations("lab-big", lab::apply);
            double fullReplay = (System.nanoTime() - t0) / 1e9;
            Lab again = Lab.create(config, LabEventListener.NONE).orThrow();
            t0 = System.nanoTime();
            store.operations("lab-compacted", again::apply);
            double compactedReplay = (System.nanoTime() - t0) / 1e9;
            if (!lab.summary().equals(again.summary()) || !lab.threads().equals(again.threads())) {
                throw new IllegalStateException("the compacted journal replays into another lab");
            }
            System.out.printf("| %d | %.3f s | %.4f s | %.0fx |%n", round, fullReplay, compactedReplay,
                    fullReplay / compactedReplay);
        }
        if (System.getProperty("pagerlab.jar") != null) {
            // The service's default database in the copied directory: the file with only the full journal.
            timedStart("service start, full journal, compaction off", full,
                    "--pagerlab.journal.compact-above=" + Long.MAX_VALUE);
            timedStart("service start, full journal, compacting it (the first start)", full);
            timedStart("service start, compacted journal", full);
            timedStart("service start with no stored lab", Files.createDirectory(dir.resolve("empty")));
        }
    }

    private static void timedStart(String what, Path dir, String... arguments) throws Exception {
        long t0 = System.nanoTime();
        // A start that replays a million operations on a loaded machine takes minutes.
        List<String> args = new ArrayList<>(List.of(arguments));
        args.add("--logging.level.dev.pagerlab.app.storage=INFO");
        ServiceProcess service = ServiceProcess.start(args, dir, java.time.Duration.ofMinutes(20));
        System.out.printf("%s: %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        service.stop(false);
        // The service's own account: replay and compaction times of the big lab.
        Files.readAllLines(service.log()).stream().filter(line -> line.contains("lab-big"))
                .forEach(line -> System.out.println("    " + line.substring(line.indexOf("lab lab-big"))));
    }

    /** A student's lab: a few regions, a fault handler, and then mostly faults, some reflected and answered. */
    static List<Operation> typical(int operations) {
        RegionMapId as = new RegionMapId(1);
        List<Operation> ops = new ArrayList<>(List.of(
                new Operation.CreateRegionMap(Size.of(1L << 30), "AS"),
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(4 << 20))),
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(64 << 10))),
                new Operation.Attach(as, AttachRequest.of(new DataspaceId(2))),
                new Operation.CreateThread(as, "main")));
        SplittableRandom random = new SplittableRandom(42);
        while (ops.size() < operations) {
            ops.add(new Operation.SubmitFault(new ThreadId(1), Addr.of(random.nextLong(4 << 20)),
                    random.nextBoolean() ? Access.READ : Access.WRITE));
        }
        return ops;
    }

    /**
     * Memory and storage of typical labs: {@code labs} labs of the walkthrough's size (nested managed dataspace,
     * fault handler with a reflected fault, {@code faults} faults) in the service's heap and in the SQLite file.
     */
    @Test
    void costOfATypicalLab() throws Exception {
        int labs = Integer.getInteger("pagerlab.bench.labs", 100);
        int faults = Integer.getInteger("pagerlab.bench.faults", 200);
        try (var app = new SpringApplicationBuilder(PagerlabApplication.class).run("--server.port=0",
                "--pagerlab.storage-directory=" + dir, "--pagerlab.limits.labs=" + (labs + 1))) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            long before = usedHeap();
            List<Object> keep = new ArrayList<>();
            for (int i = 0; i < labs; i++) {
                var entry = registry.create(PlatformProfile.builtIn("foc").orElseThrow(),
                        LabConfig.DEFAULT_PHYSICAL_MEMORY, "student " + i);
                walkthrough(faults).forEach(entry.lab()::apply);
                keep.add(entry);
            }
            long after = usedHeap();
            DataSource ds = app.getBean(DataSource.class);
            long rows = JdbcClient.create(ds).sql("SELECT SUM(last_seq - first_seq + 1) FROM lab_journal")
                    .query(Long.class).single();
            long bytes = JdbcClient.create(ds).sql("SELECT SUM(LENGTH(packed)) FROM lab_journal")
                    .query(Long.class).single();
            System.out.printf("%d labs of %d operations: heap %,d bytes per lab; journal %,d operations, %,d packed"
                            + " bytes per lab (%.1f per operation)%n", labs, rows / labs, (after - before) / labs,
                    rows, bytes / labs, bytes / (double) rows);
            JdbcClient.create(ds).sql("PRAGMA wal_checkpoint(TRUNCATE)").query().singleRow();
            System.out.printf("SQLite file: %,d bytes (%,d per lab)%n", Files.size(dir.resolve("pagerlab.db")),
                    Files.size(dir.resolve("pagerlab.db")) / labs);
            keep.clear();
        }
    }

    /** The README's walkthrough and the fault-handler walkthrough in one lab, then {@code faults} more faults. */
    static List<Operation> walkthrough(int faults) {
        RegionMapId as = new RegionMapId(1);
        RegionMapId inner = new RegionMapId(2);
        List<Operation> ops = new ArrayList<>(List.of(
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(4 << 10))),
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(4 << 20))),
                new Operation.CreateRegionMap(Size.of(1L << 30), "AS"),
                new Operation.Attach(as, AttachRequest.of(new DataspaceId(2))),
                new Operation.CreateThread(as, "main"),
                new Operation.SubmitFault(new ThreadId(1), Addr.of(0x123456), Access.READ),
                new Operation.CreateRegionMap(Size.of(16 << 20), "inner"),
                new Operation.CreateFaultHandler("pager of inner"),
                new Operation.SetFaultHandler(inner, new HandlerId(1)),
                new Operation.Attach(as, AttachRequest.of(new DataspaceId(4)).at(Addr.of(0x1000_0000))),
                new Operation.SubmitFault(new ThreadId(1), Addr.of(0x1000_2000), Access.WRITE),
                new Operation.DeliverSignal(new HandlerId(1)),
                new Operation.Attach(inner, AttachRequest.of(new DataspaceId(1)).at(Addr.of(0x2000)))));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < faults; i++) {
            ops.add(new Operation.SubmitFault(new ThreadId(1), Addr.of(random.nextLong(4 << 20)), Access.READ));
        }
        return ops;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

}
