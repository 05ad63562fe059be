package dev.pagerlab.app.storage;

import dev.pagerlab.app.support.Postgres;
import dev.pagerlab.app.support.ServiceProcess;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar, started as a child process, under a write storm from several clients, is killed with SIGKILL at a
 * random moment (seeded, printed) and restarted: every lab answers exactly as a fresh engine replaying the
 * operations its client saw acknowledged (plus, at most, the one request in flight at the kill, which may have been
 * stored without its answer arriving). Then the same with SIGTERM. Against the embedded default (SQLite in a file),
 * an H2 file (the default before it, which can still be named) and PostgreSQL.
 */
class CrashRecoveryIT {

    private static final int CLIENTS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void embeddedSqliteSurvivesKillAndStop() throws Exception {
        crashAndStop(List.of());
        assertThat(dir.resolve("pagerlab.db")).as("the default database").isRegularFile();
    }

    @Test
    void h2SurvivesKillAndStop() throws Exception {
        crashAndStop(List.of(DurableLabsTest.h2(dir)));
    }

    @Test
    void postgresSurvivesKillAndStop() throws Exception {
        Assumptions.assumeTrue(Postgres.available(), "no Docker engine: PostgreSQL crash test skipped");
        try (Postgres pg = Postgres.start()) {
            crashAndStop(List.of("--spring.datasource.url=" + pg.url(),
                    "--spring.datasource.username=" + pg.username(),
                    "--spring.datasource.password=" + pg.password()));
        }
    }

    private void crashAndStop(List<String> database) throws Exception {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("CrashRecoveryIT seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        SplittableRandom random = new SplittableRandom(seed);
        ServiceProcess service = ServiceProcess.start(database, dir);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Client.open(service.port(), seed + i));
        }

        // SIGKILL in the middle of the storm.
        storm(clients, service, random.nextLong(1_000, 4_000), true);
        service = ServiceProcess.start(database, dir);
        for (Client client : clients) {
            client.verify(service.port());
        }

        // SIGTERM in the middle of the next storm: a graceful stop loses nothing it answered either.
        storm(clients, service, random.nextLong(1_000, 3_000), false);
        service = ServiceProcess.start(database, dir);
        for (Client client : clients) {
            client.verify(service.port());
            // A write that every lab accepts whatever the storm did to it (th-1 may have stopped): a fresh handler.
            assertThat(client.createHandler(service.port()).statusCode()).as("the journal continues after a restart")
                    .isEqualTo(201);
        }
        service.stop(false);
    }

    private static void storm(List<Client> clients, ServiceProcess service, long millis, boolean kill) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        List<Future<?>> done = new ArrayList<>();
        for (Client client : clients) {
            done.add(pool.submit(() -> client.storm(service.port(), running)));
        }
        Thread.sleep(millis);
        System.out.println("CrashRecoveryIT: " + (kill ? "SIGKILL" : "SIGTERM") + " after " + millis + " ms, "
                + clients.stream().mapToInt(c -> c.acknowledged.size()).sum() + " operations acknowledged");
        service.stop(kill);
        running.set(false);
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    /** One student: a lab of its own, driven one request at a time, remembering what was acknowledged. */
    private static final class Client {
        private static final Size DS = Size.of(0x10000);
        private static final int REGIONS = 8;

        private final String lab;
        private final SplittableRandom random;
        private final List<Operation> acknowledged = new ArrayList<>();
        /** The request in flight at the kill: one operation, or the faults of a batch (a prefix may be stored). */
        private List<Operation> inFlight = List.of();
        private final boolean[] attached = new boolean[REGIONS];

        private Client(String lab, long seed) {
            this.lab = lab;
            this.random = new SplittableRandom(seed);
        }

        static Client open(int port, long seed) throws Exception {
            HttpResponse<String> created = send(port, "POST", "/api/v1/labs", "{\"platform\":\"x86_64\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            Client client = new Client(JSON.readTree(created.body()).get("id").asString(), seed);
            client.call(port, "POST", "/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}",
                    new Operation.CreateRegionMap(Size.of(1L << 30), "AS"));
            for (int i = 0; i < REGIONS; i++) {
                client.call(port, "POST", "/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}",
                        new Operation.AllocateRam(DataspaceRequest.of(DS)));
            }
            client.call(port, "POST", "/rm-sessions/rm-1/threads", "{\"name\":\"main\"}",
                    new Operation.CreateThread(new RegionMapId(1), "main"));
            return client;
        }

        void storm(int port, AtomicBoolean running) {
            try {
                while (running.get()) {
                    int r = random.nextInt(REGIONS);
                    Addr at = Addr.of((long) r * 0x100000);
                    if (random.nextInt(10) == 0) {
                        if (attached[r]) {
                            if (call(port, "DELETE", "/rm-sessions/rm-1/regions/" + at.hex(), null,
                                    new Operation.Detach(new RegionMapId(1), at))) {
                                attached[r] = false;
                            }
                        } else if (call(port, "POST", "/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-" + (r + 2)
                                + "\",\"at\":\"" + at.hex() + "\"}", new Operation.Attach(new RegionMapId(1),
                                AttachRequest.of(new DataspaceId(r + 2)).at(at)))) {
                            attached[r] = true;
                        }
                    } else if (attached[r] && random.nextInt(8) == 0) {
                        // A fault batch, journaled as a commit group: acknowledged whole by its answer.
                        StringBuilder lines = new StringBuilder();
                        List<Operation> faults = new ArrayList<>();
                        for (int i = 1 + random.nextInt(40); i > 0; i--) {
                            Addr addr = Addr.of(at.value() + random.nextLong(DS.value()));
                            Access type = random.nextBoolean() ? Access.READ : Access.WRITE;
                            lines.append("th-1 ").append(type).append(' ').append(addr.hex()).append('\n');
                            faults.add(new Operation.SubmitFault(new ThreadId(1), addr, type));
                        }
                        call(port, "POST", "/fault-batches?results=none", lines.toString(), faults);
                    } else if (attached[r]) {
                        Addr addr = Addr.of(at.value() + random.nextLong(DS.value()));
                        Access type = random.nextBoolean() ? Access.READ : Access.WRITE;
                        call(port, "POST", "/threads/th-1/faults", "{\"addr\":\"" + addr.hex() + "\",\"type\":\""
                                + type + "\"}", new Operation.SubmitFault(new ThreadId(1), addr, type));
                    }
                }
            } catch (IOException | InterruptedException stopped) {
                // the service went away: what was acknowledged so far is what must survive
            }
        }

        /** Sends one change; true when it was acknowledged (2xx), which makes {@code op} part of the lab's history. */
        boolean call(int port, String method, String path, String body, Operation op)
                throws IOException, InterruptedException {
            return call(port, method, path, body, List.of(op));
        }

        /**
         * Sends one change of several operations (a fault batch, as text); true when it was acknowledged. A fault
         * the engine refuses (its thread is not running) is in {@code ops} too: replaying it changes nothing.
         */
        boolean call(int port, String method, String path, String body, List<Operation> ops)
                throws IOException, InterruptedException {
            inFlight = ops;
            HttpResponse<String> answer = path.startsWith("/fault-batches")
                    ? ServiceProcess.send(port, method, "/api/v1/labs/" + lab + path, body, "text/plain")
                    : send(port, method, "/api/v1/labs/" + lab + path, body);
            inFlight = List.of();
            if (answer.statusCode() / 100 == 2) {
                acknowledged.addAll(ops);
                return true;
            }
            assertThat(answer.statusCode()).as("%s %s: %s", method, path, answer.body()).isLessThan(500);
            return false;
        }

        HttpResponse<String> createHandler(int port) throws Exception {
            return send(port, "POST", "/api/v1/labs/" + lab + "/fault-handlers", "{}");
        }

        /**
         * The lab answers as a fresh engine replaying what was acknowledged, or that plus the request in flight (of
         * a batch in flight, any prefix: its faults are durable in order, in groups).
         */
        void verify(int port) throws Exception {
            JsonNode actual = observed(port);
            JsonNode expected = expected(acknowledged);
            for (int k = 1; k <= inFlight.size() && !actual.equals(expected); k++) {
                List<Operation> withInFlight = new ArrayList<>(acknowledged);
                withInFlight.addAll(inFlight.subList(0, k));
                JsonNode stored = expected(withInFlight);
                if (actual.equals(stored)) {
                    acknowledged.addAll(inFlight.subList(0, k));
                    expected = stored;
                }
            }
            inFlight = List.of();
            assertThat(actual).as("lab %s after %d acknowledged operations", lab, acknowledged.size())
                    .isEqualTo(expected);
        }

        private JsonNode observed(int port) throws Exception {
            ObjectNode state = JSON.createObjectNode();
            ObjectNode labNode = (ObjectNode) JSON.readTree(send(port, "GET", "/api/v1/labs/" + lab, null).body());
            labNode.remove("expiresAt");
            labNode.remove("label");
            labNode.remove("id");
            state.set("lab", labNode);
            for (String part : List.of("/dataspaces", "/threads", "/rm-sessions/rm-1/regions",
                    "/rm-sessions/rm-1/mappings", "/rm-sessions/rm-1/state")) {
                state.set(part, JSON.readTree(send(port, "GET", "/api/v1/labs/" + lab + part, null).body()));
            }
            return state;
        }

        private static JsonNode expected(List<Operation> history) {
            Lab lab = Lab.create(new LabConfig(PlatformProfile.builtIn("x86_64").orElseThrow(),
                    LabConfig.DEFAULT_PHYSICAL_MEMORY, QUOTAS), LabEventListener.NONE).orThrow();
            for (Operation op : history) {
                assertThat(lab.apply(op)).as("replaying %s", op).isNotNull();
            }
            RegionMapId rm = new RegionMapId(1);
            ObjectNode state = JSON.createObjectNode();
            ObjectNode labNode = JSON.valueToTree(Dto.LabDto.of("x", "x", lab.summary()));
            labNode.remove("label");
            labNode.remove("id");
            state.set("lab", labNode);
            state.set("/dataspaces", JSON.valueToTree(lab.dataspaces().stream().map(Dto.DataspaceDto::of).toList()));
            state.set("/threads", JSON.valueToTree(lab.threads().stream().map(Dto.ThreadDto::of).toList()));
            state.set("/rm-sessions/rm-1/regions", JSON.valueToTree(lab.regions(rm).orThrow().stream()
                    .map(Dto.RegionDto::of).toList()));
            state.set("/rm-sessions/rm-1/mappings", JSON.valueToTree(lab.mappings(rm).orThrow().stream()
                    .map(Dto.MappingDto::of).toList()));
            state.set("/rm-sessions/rm-1/state", JSON.valueToTree(Dto.StateDto.of(lab.state(rm).orThrow())));
            return state;
        }
    }

    /** The service's default per-lab limits (application.yaml), which the crash storm stays far below. */
    private static final Quotas QUOTAS = new Quotas(1024, 256, 4096, 256, 64, 16384);

    private static HttpResponse<String> send(int port, String method, String path, String body)
            throws IOException, InterruptedException {
        return ServiceProcess.send(port, method, path, body);
    }
}
