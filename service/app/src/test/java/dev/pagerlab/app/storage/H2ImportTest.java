package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.engine.lab.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service upgraded in place, whose labs an earlier version kept in an H2 file, starts on SQLite with all of them:
 * every lab as it was (a compacted one, a reset one and an expiring one included), its events stream's ids going on,
 * the H2 file kept aside; a second start imports nothing again.
 */
class H2ImportTest {

    private static final int LABS = Integer.getInteger("pagerlab.cases", 40) / 4;

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--pagerlab.storage-directory=" + dir,
                "--pagerlab.limits.labs=" + (LABS + 4), "--pagerlab.journal.compact-above=150"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(PagerlabApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void theLabsOfAnH2FileComeBackInSqliteOnceAndExactly() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("H2ImportTest seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        Map<String, SeededLabs.Before> before;
        String reset;
        try (var app = start(DurableLabsTest.h2(dir))) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            before = SeededLabs.create(registry, LABS, seed, i -> i % 2 == 0 ? SeededLabs.random(seed + i, 300)
                    : JournalCompactionTest.faultHeavy(seed + i, 300));
            reset = before.keySet().iterator().next();
            registry.reset(reset).lab().apply(new Operation.CreateFaultHandler("after the reset"));
        }
        // A start on H2 again compacts the journals longer than 150 operations: compacted histories are imported too.
        Map<String, Object> expiry = new java.util.HashMap<>();
        long stored;
        try (var app = start(DurableLabsTest.h2(dir))) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            // What the H2 service shows now, compacted histories included, is what SQLite must show.
            for (String id : List.copyOf(before.keySet())) {
                var entry = registry.get(id);
                before.put(id, SeededLabs.Before.of(entry));
            }
            JdbcClient h2 = JdbcClient.create(app.getBean(DataSource.class));
            assertThat(h2.sql("SELECT COUNT(*) FROM lab WHERE compacted_through > 0").query(Long.class).single())
                    .as("compacted labs to import").isPositive();
            stored = h2.sql("SELECT COUNT(*) FROM lab").query(Long.class).single();
            before.keySet().forEach(id -> expiry.put(id, registry.expiresAt(id)));
        }

        try (var app = start()) {
            DataSource sqlite = app.getBean(DataSource.class);
            assertThat(Sqlite.is(sqlite)).isTrue();
            assertThat(dir.resolve(H2Import.FILE)).doesNotExist();
            assertThat(dir.resolve(H2Import.FILE + H2Import.IMPORTED)).isRegularFile();
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : before.entrySet()) {
                SeededLabs.assertBack(registry, lab.getKey(), lab.getValue(), seed);
                assertThat(registry.expiresAt(lab.getKey())).isEqualTo(expiry.get(lab.getKey()));
            }
            assertThat(JdbcClient.create(sqlite).sql("SELECT COUNT(*) FROM lab WHERE compacted_through > 0")
                    .query(Long.class).single()).as("compacted histories stay compacted").isPositive();
            assertThat(JdbcClient.create(sqlite).sql("SELECT COUNT(*) FROM lab").query(Long.class).single())
                    .as("every lab of the H2 file").isEqualTo(stored);
            // The imported labs go on in SQLite.
            registry.get(reset).lab().apply(new Operation.CreateFaultHandler("on SQLite"));
            before.put(reset, SeededLabs.Before.of(registry.get(reset)));
        }

        try (var app = start()) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : before.entrySet()) {
                SeededLabs.assertBack(registry, lab.getKey(), lab.getValue(), seed);
            }
            assertThat(JdbcClient.create(app.getBean(DataSource.class)).sql("SELECT COUNT(*) FROM lab")
                    .query(Long.class).single()).as("nothing imported twice").isEqualTo(stored);
        }
    }

    @Test
    void withoutAnH2FileNothingIsImported() {
        try (var app = start()) {
            assertThat(Sqlite.is(app.getBean(DataSource.class))).isTrue();
        }
        assertThat(dir.resolve("pagerlab.db")).isRegularFile();
        assertThat(dir.resolve(H2Import.FILE + H2Import.IMPORTED)).doesNotExist();
        assertThat(Files.exists(dir.resolve(H2Import.FILE))).isFalse();
    }
}
