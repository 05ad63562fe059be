package dev.pagerlab.app.storage;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.LabState;
import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start compacts long journals (the embedded SQLite file): the lab comes back equal in every view to what it was,
 * with a shorter history in memory and in the journal, the events stream's ids go on where they were, and the lab
 * then behaves as one replaying the full history would, across further restarts and a reset.
 */
class JournalCompactionTest {

    private static final int LABS = Integer.getInteger("pagerlab.cases", 40) / 2;

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PagerlabApplication.class).run("--server.port=0",
                "--pagerlab.storage-directory=" + dir,
                "--pagerlab.limits.labs=" + (LABS + 2), "--pagerlab.journal.compact-above=100");
    }

    @Test
    void aStartCompactsLongJournalsIntoEqualLabsThatGoOnAsTheFullHistoryWould() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        System.out.println("JournalCompactionTest seed " + seed + " (-Dpagerlab.seed=" + seed + " replays it)");
        Map<String, SeededLabs.Before> before;
        try (var app = start()) {
            before = SeededLabs.create(app.getBean(LabRegistry.class), LABS, seed,
                    i -> i % 2 == 0 ? SeededLabs.random(seed + i, 400) : faultHeavy(seed + i, 400));
        }
        Map<String, Long> eventIds = new LinkedHashMap<>();
        Map<String, LabState> afterMore = new LinkedHashMap<>();
        try (var app = start()) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
            int compacted = 0;
            for (var lab : before.entrySet()) {
                String id = lab.getKey();
                var entry = registry.get(id);
                LabState after = LabState.of(entry.lab());
                assertThat(after.apartFromHistory()).as("lab %s, seed %d", id, seed)
                        .isEqualTo(lab.getValue().state().apartFromHistory());
                assertThat(entry.streams().lastEventId()).as("event ids of %s", id)
                        .isEqualTo(lab.getValue().lastEventId());
                List<Operation> history = entry.lab().history();
                List<Operation> full = lab.getValue().state().history();
                assertThat(full).containsSubsequence(history);
                assertThat(journal(jdbc, id)).as("the journal holds what the lab remembers").isEqualTo(history);
                long through = jdbc.sql("SELECT compacted_through FROM lab WHERE id = ?").param(id).query(Long.class)
                        .single();
                if (history.size() < full.size()) {
                    compacted++;
                    assertThat(through).isEqualTo(history.size());
                } else {
                    assertThat(through).isZero();
                    assertThat(jdbc.sql("SELECT compaction_tried_at FROM lab WHERE id = ?").param(id)
                            .query(Long.class).single()).as("a start tries a long journal once, not every time")
                            .isEqualTo(history.size() > 100 ? history.size() : 0L);
                }

                // Further operations: the same answers and state as an engine that replays the full history.
                Lab reference = SeededLabs.replayed(entry.lab(), full);
                RandomOperations more = new RandomOperations(seed ^ id.hashCode());
                for (int k = 0; k < 100; k++) {
                    Operation op = more.next();
                    assertThat(entry.lab().apply(op)).as("%s on %s", op, id).isEqualTo(reference.apply(op));
                }
                assertThat(LabState.of(entry.lab()).apartFromHistory()).isEqualTo(LabState.of(reference)
                        .apartFromHistory());
                afterMore.put(id, LabState.of(entry.lab()));
                eventIds.put(id, entry.streams().lastEventId());
            }
            assertThat(compacted).as("fault-heavy labs compact").isGreaterThanOrEqualTo(LABS / 2);
        }
        String reset = before.keySet().iterator().next();
        try (var app = start()) {
            LabRegistry registry = app.getBean(LabRegistry.class);
            for (var lab : afterMore.entrySet()) {
                var entry = registry.get(lab.getKey());
                assertThat(LabState.of(entry.lab()).apartFromHistory()).as("third start, lab %s", lab.getKey())
                        .isEqualTo(lab.getValue().apartFromHistory());
                assertThat(entry.streams().lastEventId()).as("event ids of %s after operations past the compacted"
                        + " ones", lab.getKey()).isEqualTo(eventIds.get(lab.getKey()));
            }
            var fresh = registry.reset(reset);
            fresh.lab().apply(new Operation.CreateRegionMap(Size.of(1 << 20), "after reset"));
            eventIds.put(reset, fresh.streams().lastEventId());
        }
        try (var app = start()) {
            var entry = app.getBean(LabRegistry.class).get(reset);
            assertThat(entry.lab().history()).as("a reset forgets the compaction")
                    .containsExactly(new Operation.CreateRegionMap(Size.of(1 << 20), "after reset"));
            assertThat(entry.streams().lastEventId()).isEqualTo(eventIds.get(reset));
        }
    }

    private static List<Operation> journal(JdbcClient jdbc, String id) {
        StoredFormat format = new StoredFormat();
        return jdbc.sql("SELECT first_seq, last_seq, packed, operations FROM lab_journal WHERE lab_id = ?"
                        + " ORDER BY first_seq").param(id)
                .query((rs, n) -> format.readRow(rs.getBytes(3), rs.getString(4), rs.getLong(2) - rs.getLong(1) + 1))
                .list().stream().flatMap(List::stream).toList();
    }

    /** A student's lab: an address space, a RAM dataspace, a thread, then faults in a few pages, many again. */
    static List<Operation> faultHeavy(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        RegionMapId as = new RegionMapId(1);
        List<Operation> list = new ArrayList<>(List.of(
                new Operation.CreateRegionMap(Size.of(1L << 30), "AS"),
                new Operation.AllocateRam(DataspaceRequest.of(Size.of(64 << 10))),
                new Operation.Attach(as, AttachRequest.of(new DataspaceId(2)).at(Addr.of(0x10_0000))),
                new Operation.CreateThread(as, "main")));
        while (list.size() < count) {
            list.add(new Operation.SubmitFault(new ThreadId(1), Addr.of(0x10_0000 + random.nextLong(64 << 10)),
                    random.nextBoolean() ? Access.READ : Access.WRITE));
        }
        return list;
    }
}
