package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.LabState;
import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database goes away while labs are used: every change that was not stored is answered 503 STORAGE_UNAVAILABLE
 * (problem+json), the lab shows nothing of it (it is rebuilt from what is stored), and once the database is back the
 * lab takes changes again, and a restart brings back exactly what was acknowledged.
 */
class StorageOutageTest {

    private static final int LABS = Integer.getInteger("pagerlab.cases", 12);
    private static final int OPERATIONS = 120;

    @TempDir
    Path dir;

    /** A data source whose every connection is refused while {@link #down} is set: the database is unreachable. */
    static final class Outage extends DelegatingDataSource implements AutoCloseable {
        volatile boolean down;

        Outage(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("database unreachable (test outage)");
            }
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        /** Closes the pool behind it when the application stops, as it would have been without the switch. */
        @Override
        public void close() throws Exception {
            if (getTargetDataSource() instanceof AutoCloseable pool) {
                pool.close();
            }
        }
    }

    /** Puts every data source of the application behind an {@link Outage} switch. */
    @Configuration(proxyBeanMethods = false)
    static class OutageSwitch {
        @Bean
        static BeanPostProcessor outage() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof Outage) ? new Outage(ds) : bean;
                }
            };
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PagerlabApplication.class, OutageSwitch.class).run("--server.port=0",
                "--server.address=127.0.0.1", "--pagerlab.storage-directory=" + dir,
                "--pagerlab.limits.labs=" + (LABS + 2));
    }

    @Test
    void aChangeTheDatabaseDidNotTakeIsAnswered503AndLeavesNoTrace() {
        Map<String, Object> before;
        Map<String, Object> afterOutage;
        String lab;
        try (var app = start()) {
            Outage outage = (Outage) app.getBean(DataSource.class);
            Api api = Api.on(((WebServerApplicationContext) app).getWebServer().getPort()).newLab("x86_64");
            lab = api.labId();
            api.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}");
            api.create("/rm-sessions", "{\"size\":\"1G\"}");
            api.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\"}");
            api.create("/rm-sessions/rm-1/threads", "{\"name\":\"main\"}");
            assertThat(api.post("/threads/th-1/faults", "{\"addr\":\"0x1000\",\"type\":\"READ\"}").status())
                    .isEqualTo(200);
            LabRegistry.LabEntry entry = app.getBean(LabRegistry.class).get(lab);
            long lastEvent = entry.streams().lastEventId();
            before = observed(api);

            outage.down = true;
            assertStorageUnavailable(api.post("/threads/th-1/faults", "{\"addr\":\"0x300000\",\"type\":\"WRITE\"}"));
            assertStorageUnavailable(api.post("/rm-sessions/rm-1/regions",
                    "{\"dataspace\":\"ds-1\",\"at\":\"0x20000000\"}"));
            assertStorageUnavailable(api.send("POST", api.url("/fault-batches"),
                    "th-1 READ 0x2000\nth-1 WRITE 0x3000\nth-1 READ 0x200000", "text/plain"));
            assertThat(observed(api)).as("nothing of the refused changes, while the database is away")
                    .isEqualTo(before);
            assertThat(app.getBean(LabRegistry.class).get(lab).streams().lastEventId())
                    .as("no event of a change that was not stored was sent").isEqualTo(lastEvent);

            outage.down = false;
            assertThat(observed(api)).as("nothing of them once the database is back").isEqualTo(before);
            assertThat(api.post("/threads/th-1/faults", "{\"addr\":\"0x300000\",\"type\":\"WRITE\"}").status())
                    .as("the lab takes changes again").isEqualTo(200);
            assertThat(api.send("POST", api.url("/fault-batches"), "th-1 READ 0x2000\nth-1 WRITE 0x3000",
                    "text/plain").status()).isEqualTo(200);
            afterOutage = observed(api);
            assertThat(afterOutage).isNotEqualTo(before);
        }
        try (var app = start()) {
            Api api = Api.on(((WebServerApplicationContext) app).getWebServer().getPort()).lab(lab);
            assertThat(observed(api)).as("a restart brings back what was acknowledged, and only that")
                    .isEqualTo(afterOutage);
        }
    }

    @Test
    void randomLabsKeepExactlyTheChangesThatWereStored() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("StorageOutageTest seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<Operation>> acknowledged = new LinkedHashMap<>();
        Map<String, LabState> last = new LinkedHashMap<>();
        int failed = 0;
        try (var app = start()) {
            Outage outage = (Outage) app.getBean(DataSource.class);
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (int i = 0; i < LABS; i++) {
                String id = SeededLabs.create(registry, i).id();
                List<Operation> stored = new ArrayList<>();
                RandomOperations operations = new RandomOperations(seed + i);
                for (int k = 0; k < OPERATIONS; ) {
                    // One operation waiting for its own commit, or a run of them grouped as a fault batch's are.
                    int length = random.nextInt(4) == 0 ? 2 + random.nextInt(20) : 1;
                    List<Operation> run = new ArrayList<>();
                    while (run.size() < length) {
                        run.add(operations.next());
                    }
                    k += length;
                    LabRegistry.LabEntry entry = registry.get(id);
                    LabState before = LabState.of(entry.lab());
                    long lastEvent = entry.streams().lastEventId();
                    boolean down = random.nextInt(5) == 0;
                    outage.down = down;
                    try {
                        SeededLabs.apply(registry, entry, run);
                        // Accepted means: part of the history (a signal delivery with nothing to deliver is not).
                        List<Operation> history = entry.lab().history();
                        if (history.size() > before.history().size()) {
                            assertThat(down).as("seed %d, lab %d, op %d: %s accepted while the database is away",
                                    seed, i, k, run).isFalse();
                            stored.addAll(history.subList(before.history().size(), history.size()));
                        }
                    } catch (StorageUnavailableException e) {
                        assertThat(down).as("seed %d: %s not stored", seed, run).isTrue();
                        failed++;
                        LabRegistry.LabEntry rebuilt = registry.get(id);
                        assertThat(LabState.of(rebuilt.lab())).as("seed %d, lab %d, op %d: %s left no trace", seed,
                                i, k, run).isEqualTo(before);
                        assertThat(rebuilt.streams().lastEventId()).isEqualTo(lastEvent);
                    } finally {
                        outage.down = false;
                    }
                }
                acknowledged.put(id, stored);
                last.put(id, LabState.of(registry.get(id).lab()));
            }
        }
        assertThat(failed).as("the outages hit accepted operations").isPositive();
        try (var app = start()) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : acknowledged.entrySet()) {
                Lab restarted = registry.get(lab.getKey()).lab();
                assertThat(LabState.of(restarted)).as("seed %d, lab %s after a restart", seed, lab.getKey())
                        .isEqualTo(last.get(lab.getKey()))
                        .isEqualTo(LabState.of(SeededLabs.replayed(restarted, lab.getValue())));
            }
        }
    }

    private static void assertStorageUnavailable(Api.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.text("/code")).isEqualTo("STORAGE_UNAVAILABLE");
    }

    /** What a client sees of the lab: its summary, dataspaces, threads, regions, mappings and faulter state. */
    private static Map<String, Object> observed(Api api) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String part : List.of("", "/dataspaces", "/threads", "/rm-sessions/rm-1/regions",
                "/rm-sessions/rm-1/mappings", "/rm-sessions/rm-1/state")) {
            Api.Answer answer = api.get(part);
            assertThat(answer.status()).as("GET %s: %s", part, answer.body()).isEqualTo(200);
            JsonNode body = answer.body();
            if (body instanceof ObjectNode object) {
                object.remove("expiresAt");
            }
            state.put(part, body);
        }
        return state;
    }
}
