package dev.pagerlab.app.faults;

import dev.pagerlab.app.faults.FaultBatchEventsTest.Seen;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch longer than the lab's replay buffer, run while nobody listens, does not build the events the rest of the
 * batch would push out of the buffer unseen; what anyone can observe stays as if it had: the events' ids, what a
 * client resuming afterwards is replayed, and the metrics. Here with the journal in a database (the tests' default);
 * {@link LongBatchEventsInMemoryTest} runs the same in memory mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pagerlab.sse.replay-buffer=" + LongBatchEventsTest.BUFFER)
class LongBatchEventsTest {

    static final int BUFFER = 32;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    LabRegistry labs;

    @Test
    void aLongBatchNobodyWatchesLeavesTheSameIdsReplayAndMetrics() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Api watched = Api.on(port).newLab("foc");
            Api unwatched = Api.on(port).newLab("foc");
            List<String> threads = FaultBatchTest.setUp(watched);
            assertThat(FaultBatchTest.setUp(unwatched)).isEqualTo(threads);
            // Faults that all resolve (reads of the writable RAM at 0x0): no thread stops, so every fault of the
            // batch emits events, and the buffer ends holding the batch's last ones either way.
            List<FaultBatchTest.Fault> faults = new ArrayList<>();
            for (int i = 0; i < 200 + random.nextInt(200); i++) {
                faults.add(new FaultBatchTest.Fault(threads.get(random.nextInt(2)), "READ",
                        "0x" + Long.toHexString(random.nextLong(1 << 20))));
            }
            String body = FaultBatchTest.json(faults);

            Map<String, Double> before = metrics();
            List<Seen> live;
            try (SseClient client = SseClient.connect(watched.url("/events"), null)) {
                assertThat(client.status()).isEqualTo(200);
                assertThat(watched.post("/fault-batches?results=none", body).status()).isEqualTo(200);
                live = until(client, marker(watched));
            }
            Map<String, Double> afterWatched = metrics();
            long unbuilt = notBuilt(unwatched);
            assertThat(unwatched.post("/fault-batches?results=none", body).status()).isEqualTo(200);
            String end = marker(unwatched);
            Map<String, Double> afterUnwatched = metrics();

            assertThat(notBuilt(unwatched) - unbuilt).as("seed %d: events left unbuilt", seed)
                    .isGreaterThanOrEqualTo(2L * (faults.size() - BUFFER));
            assertThat(notBuilt(watched)).as("seed %d: a watched lab builds every event", seed).isZero();
            assertThat(end).as("seed %d: the ids went on as if built", seed).isEqualTo(live.getLast().id());
            // A client resuming a few events back is replayed the same events, ids and data.
            String resumeAt = String.valueOf(Long.parseLong(end) - BUFFER / 2);
            assertThat(replay(unwatched, resumeAt)).as("seed %d", seed).isEqualTo(replay(watched, resumeAt));
            // One resuming from before the batch is told to re-read the state, watched or not.
            String old = String.valueOf(Long.parseLong(end) - faults.size());
            assertThat(replay(unwatched, old).getFirst().name()).isEqualTo("reset");
            assertThat(replay(watched, old).getFirst().name()).isEqualTo("reset");
            for (String metric : afterUnwatched.keySet()) {
                assertThat(afterUnwatched.get(metric) - afterWatched.getOrDefault(metric, 0.0))
                        .as("seed %d: %s", seed, metric)
                        .isEqualTo(afterWatched.getOrDefault(metric, 0.0) - before.getOrDefault(metric, 0.0));
            }
            String resolved = "pagerlab_faults_total{outcome=\"RESOLVED\",platform=\"foc\"}";
            assertThat(afterWatched.get(resolved) - before.getOrDefault(resolved, 0.0)).isEqualTo(faults.size());
            assertThat(unwatched.get("/rm-sessions/rm-1/mappings").body())
                    .isEqualTo(watched.get("/rm-sessions/rm-1/mappings").body());
        }
    }

    @Test
    void whenTheBatchsThreadsStopTheBufferReachesBackLessFarAndSaysSo() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        Api twin = Api.on(port).newLab("foc");
        List<String> threads = FaultBatchTest.setUp(lab);
        FaultBatchTest.setUp(twin);
        // Resolving reads, then each thread faults where nothing is attached and stops: the faults after that are
        // refused and emit nothing, so the skipped events are not pushed out by later ones.
        List<FaultBatchTest.Fault> faults = new ArrayList<>();
        for (int i = 0; i < 3 * BUFFER; i++) {
            faults.add(new FaultBatchTest.Fault(threads.get(i % 2), "READ", "0x" + Integer.toHexString(i << 12)));
        }
        threads.forEach(t -> faults.add(new FaultBatchTest.Fault(t, "READ", "0xe00000")));
        for (int i = 0; i < 2 * BUFFER; i++) {
            faults.add(new FaultBatchTest.Fault(threads.get(i % 2), "READ", "0x1000"));
        }
        String body = FaultBatchTest.json(faults);
        List<Seen> live;
        try (SseClient client = SseClient.connect(twin.url("/events"), null)) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(twin.post("/fault-batches?results=none", body).status()).isEqualTo(200);
            live = until(client, marker(twin));
        }
        assertThat(lab.post("/fault-batches?results=none", body).status()).isEqualTo(200);
        String end = marker(lab);
        assertThat(end).isEqualTo(live.getLast().id());
        // The twin, watched, replays the threads' stops; the lab nobody watched did not build the resolved faults'
        // events before them, so a client resuming from there is told to re-read the state instead.
        String resumeAt = String.valueOf(Long.parseLong(end) - 8);
        assertThat(replay(twin, resumeAt)).extracting(Seen::name).doesNotContain("reset").contains("thread-stopped");
        List<Seen> replayed = replay(lab, resumeAt);
        assertThat(replayed.getFirst().name()).isEqualTo("reset");
        assertThat(replayed.subList(1, replayed.size())).isEqualTo(live.subList(live.size() - replayed.size() + 1,
                live.size()));
    }

    /** Creates a region map as an end marker and answers its event's id, read by a client resuming at the end. */
    private static String marker(Api lab) throws InterruptedException {
        lab.create("/rm-sessions", "{\"size\":\"4K\"}");
        try (SseClient events = SseClient.connect(lab.url("/events"), "0")) {
            String last = null;
            for (SseClient.Event e = events.next(WAIT); e != null; e = events.next(Duration.ofMillis(300))) {
                last = e.id();
            }
            assertThat(last).isNotNull();
            return last;
        }
    }

    /** The events up to and including the next region map created. */
    private static List<Seen> until(SseClient client, String markerId) throws InterruptedException {
        List<Seen> seen = new ArrayList<>();
        while (seen.isEmpty() || !markerId.equals(seen.getLast().id())) {
            SseClient.Event e = client.next(WAIT);
            assertThat(e).as("events so far: %s", seen).isNotNull();
            seen.add(new Seen(e.id(), e.name(), e.data()));
        }
        return seen;
    }

    /** What a client resuming after {@code lastEventId} is sent first: the replay, up to the end of the buffer. */
    private static List<Seen> replay(Api lab, String lastEventId) throws InterruptedException {
        List<Seen> seen = new ArrayList<>();
        try (SseClient events = SseClient.connect(lab.url("/events"), lastEventId)) {
            for (SseClient.Event e = events.next(WAIT); e != null; e = events.next(Duration.ofMillis(300))) {
                seen.add(new Seen(e.id(), e.name(), e.data()));
            }
        }
        return seen;
    }

    private long notBuilt(Api lab) {
        return labs.get(lab.labId()).streams().eventsNotBuilt();
    }

    /** The fault and mapping counts of the foc platform; none before the first fault of a test run. */
    private Map<String, Double> metrics() throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if ((line.startsWith("pagerlab_faults_total{") || line.startsWith("pagerlab_mappings_installed_total{"))
                    && line.contains("platform=\"foc\"")) {
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return values;
    }
}
