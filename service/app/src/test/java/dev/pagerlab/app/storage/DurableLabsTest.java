package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.LabState;
import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Labs in the default embedded database (SQLite in a file) survive a restart exactly: seeded random labs are rebuilt
 * from their journals into the same state as before, and as a fresh engine replaying their history; events streams
 * resume at the same id; so they do in H2, which can still be named. Idle labs expire with their rows; memory mode
 * opens no database.
 */
class DurableLabsTest {

    private static final int LABS = Integer.getInteger("pagerlab.cases", 40);
    private static final int OPERATIONS = 300;

    @TempDir
    Path dir;

    /** The embedded database of before, as one who keeps it names it (docs/durability.md, "Which database"). */
    static String h2(Path directory) {
        return "--spring.datasource.url=jdbc:h2:file:" + directory + "/pagerlab;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
                "--pagerlab.storage-directory=" + dir, "--pagerlab.limits.labs=" + (LABS + 2)));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(PagerlabApplication.class, TestClock.class).run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SQLite", "H2"})
    void randomLabsComeBackExactlyAfterARestart(String database) {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("DurableLabsTest seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        String[] url = database.equals("H2") ? new String[] {h2(dir)} : new String[0];
        Map<String, SeededLabs.Before> before;
        try (var app = start(url)) {
            before = SeededLabs.create(app.getBean(LabRegistry.class), LABS, seed,
                    i -> SeededLabs.random(seed + i, OPERATIONS));
        }
        try (var app = start(url)) {
            assertThat(Sqlite.is(app.getBean(DataSource.class))).isEqualTo(database.equals("SQLite"));
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : before.entrySet()) {
                var entry = SeededLabs.assertBack(registry, lab.getKey(), lab.getValue(), seed);
                assertThat(LabState.of(entry.lab())).as("fresh replay of lab %s", lab.getKey())
                        .isEqualTo(LabState.of(SeededLabs.replayed(entry.lab(), lab.getValue().state().history())));
            }
            assertThat(before.values()).as("the random labs did something worth storing")
                    .anySatisfy(s -> assertThat(s.state().handlers())
                            .anySatisfy(h -> assertThat(h.submitted()).isPositive()))
                    .anySatisfy(s -> assertThat(s.state().summary().installedMappings()).isPositive());
            JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
            assertThat(jdbc.sql("SELECT MAX(last_seq - first_seq) FROM lab_journal").query(Long.class).single())
                    .as("operations run together share journal rows").isPositive();
        }
    }

    @Test
    void aLabIdleLongerThanTheExpiryIsRemovedWithItsJournalButDefaultStays() {
        try (var app = start("--pagerlab.labs.idle-expiry=30d")) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            TestClock clock = app.getBean(TestClock.class);
            var used = registry.create(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                    "used");
            var idle = registry.create(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                    "idle");
            idle.lab().apply(new Operation.CreateFaultHandler("h"));
            assertThat(registry.expiresAt(idle.id())).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
            assertThat(registry.expiresAt(LabRegistry.DEFAULT)).isNull();

            clock.advance(Duration.ofDays(29));
            registry.get(idle.id());    // reading a lab does not use it
            used.lab().apply(new Operation.CreateFaultHandler("still working"));
            clock.advance(Duration.ofDays(2));
            List<String> removed = app.getBean(IdleLabSweeper.class).sweep();

            assertThat(removed).containsExactly(idle.id());
            assertThatThrownBy(() -> registry.get(idle.id())).isInstanceOf(Refused.class);
            assertThat(registry.get(used.id()).id()).isEqualTo(used.id());
            assertThat(registry.get(LabRegistry.DEFAULT).id()).isEqualTo(LabRegistry.DEFAULT);
            JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM lab WHERE id = ?").param(idle.id()).query(Long.class).single())
                    .isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM lab_journal WHERE lab_id = ?").param(idle.id())
                    .query(Long.class).single()).isZero();
        }
    }

    @Test
    void aResetEmptiesTheJournalAndTheEventsStreamResumesAfterTheResetEvent() {
        Operation afterReset = new Operation.CreateRegionMap(dev.pagerlab.engine.addr.Size.of(1 << 20), "again");
        String id;
        long lastEvent;
        try (var app = start()) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            var entry = registry.create(PlatformProfile.builtIn("foc").orElseThrow(), LabConfig.DEFAULT_PHYSICAL_MEMORY,
                    "to be reset");
            id = entry.id();
            RandomOperations operations = new RandomOperations(1);
            for (int k = 0; k < 50; k++) {
                entry.lab().apply(operations.next());
            }
            var reset = registry.reset(id);
            long resetEvent = reset.streams().lastEventId();
            reset.lab().apply(afterReset);
            lastEvent = reset.streams().lastEventId();
            assertThat(lastEvent).isGreaterThan(resetEvent);
        }
        try (var app = start()) {
            var entry = app.getBean(LabRegistry.class).get(id);
            assertThat(entry.lab().history()).as("journaled from sequence 1 after the reset")
                    .containsExactly(afterReset);
            assertThat(entry.lab().summary().regionMaps()).isEqualTo(1);
            assertThat(entry.streams().lastEventId()).as("event ids continue across reset and restart")
                    .isEqualTo(lastEvent);
        }
    }

    @Test
    void memoryModeOpensNoDatabase() {
        try (var app = start("--pagerlab.storage=memory")) {
            assertThat(app.getBeansOfType(DataSource.class)).isEmpty();
            var entry = app.getBean(LabRegistry.class).create(PlatformProfile.builtIn("foc").orElseThrow(),
                    LabConfig.DEFAULT_PHYSICAL_MEMORY, "kept in memory");
            assertThat(entry.lab().apply(new Operation.CreateFaultHandler("h"))).isNotNull();
        }
        assertThat(dir).isEmptyDirectory();
        assertThat(Files.exists(dir.resolve("pagerlab.db"))).isFalse();
    }

    @Test
    void memoryModeShowsWhatADurableLabShows() {
        // Memory mode passes operations on without the writer thread; the labs and their event ids must not notice.
        long seed = 0x5eed_3e30L;
        List<SeededLabs.Before> durable;
        try (var app = start()) {
            durable = List.copyOf(SeededLabs.create(app.getBean(LabRegistry.class), 8, seed,
                    i -> SeededLabs.random(seed + i, 400)).values());
        }
        try (var app = start("--pagerlab.storage=memory")) {
            List<SeededLabs.Before> memory = List.copyOf(SeededLabs.create(app.getBean(LabRegistry.class), 8, seed,
                    i -> SeededLabs.random(seed + i, 400)).values());
            assertThat(memory).as("seed " + seed).isEqualTo(durable);
        }
    }

    /** A clock the test moves by hand; registered as the application's Clock bean. */
    static class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-09-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
