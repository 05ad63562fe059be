package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In memory mode (where the journal passes each operation on at once, reusing its list of events, and tells the lab's
 * use once per batch), a fault batch emits exactly the events of the same faults submitted one by one, with the same
 * ids: to a client listening while it runs, and to one that connects afterwards and replays the buffer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pagerlab.storage=memory")
class FaultBatchEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    /** An event as a client sees it, without the time it arrived. */
    record Seen(String id, String name, String data) {
    }

    @Test
    void aBatchEmitsTheEventsOfTheSameFaultsOneByOne() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Api single = Api.on(port).newLab("foc");
            Api watched = Api.on(port).newLab("foc");
            Api unwatched = Api.on(port).newLab("foc");
            List<String> threads = FaultBatchTest.setUp(single);
            assertThat(FaultBatchTest.setUp(watched)).isEqualTo(threads);
            assertThat(FaultBatchTest.setUp(unwatched)).isEqualTo(threads);
            // The last event before the faults, after a region map created in each lab, so that their ids line up.
            single.create("/rm-sessions", "{\"size\":\"4K\"}");
            watched.create("/rm-sessions", "{\"size\":\"4K\"}");
            String before = lastId(unwatched);
            List<FaultBatchTest.Fault> faults = FaultBatchTest.randomFaults(new SplittableRandom(seed), threads, 80);

            List<Seen> one;
            List<Seen> batched;
            List<Seen> replayed;
            try (SseClient singleEvents = SseClient.connect(single.url("/events"), null);
                 SseClient watchedEvents = SseClient.connect(watched.url("/events"), null)) {
                awaitSubscribed(single, singleEvents);
                awaitSubscribed(watched, watchedEvents);
                for (FaultBatchTest.Fault f : faults) {
                    single.post("/threads/" + f.thread() + "/faults", "{\"addr\":\"" + f.addr() + "\",\"type\":\""
                            + f.type() + "\"}");
                }
                assertThat(watched.post("/fault-batches", FaultBatchTest.json(faults)).status()).isEqualTo(200);
                assertThat(unwatched.post("/fault-batches?results=none", FaultBatchTest.json(faults)).status())
                        .isEqualTo(200);
                one = untilEnd(single, singleEvents);
                batched = untilEnd(watched, watchedEvents);
            }
            try (SseClient late = SseClient.connect(unwatched.url("/events"), before)) {
                replayed = untilEnd(unwatched, late);
            }
            assertThat(one).as("seed %d: faults emit events", seed).hasSizeGreaterThan(3);
            assertThat(batched).as("seed %d, listening", seed).isEqualTo(one);
            assertThat(replayed).as("seed %d, replayed", seed).isEqualTo(one);
            assertThat(watched.get("/rm-sessions/rm-1/mappings").body())
                    .isEqualTo(single.get("/rm-sessions/rm-1/mappings").body());
            assertThat(unwatched.get("/threads").body()).isEqualTo(single.get("/threads").body());
        }
    }

    /** Creates a region map and answers the id of the lab's last event, once its events have come. */
    private static String lastId(Api lab) throws InterruptedException {
        try (SseClient events = SseClient.connect(lab.url("/events"), null)) {
            awaitSubscribed(lab, events);
            lab.create("/rm-sessions", "{\"size\":\"4K\"}");
            String last = null;
            for (SseClient.Event e = events.next(WAIT); e != null; e = events.next(Duration.ofMillis(500))) {
                last = e.id();
            }
            assertThat(last).isNotNull();
            return last;
        }
    }

    /** The stream answered; its subscriber is registered before the answer's first bytes are sent. */
    private static void awaitSubscribed(Api lab, SseClient client) {
        assertThat(client.status()).as(lab.labId()).isEqualTo(200);
    }

    /** The events up to the end marker: a region map created now (the faults create none). */
    private static List<Seen> untilEnd(Api lab, SseClient client) throws InterruptedException {
        lab.create("/rm-sessions", "{\"size\":\"8K\"}");
        List<Seen> seen = new ArrayList<>();
        while (true) {
            SseClient.Event e = client.next(WAIT);
            assertThat(e).as("events so far: %s", seen).isNotNull();
            if (e.name().equals("rm-session-created")) {
                return seen;
            }
            seen.add(new Seen(e.id(), e.name(), e.data()));
        }
    }
}
