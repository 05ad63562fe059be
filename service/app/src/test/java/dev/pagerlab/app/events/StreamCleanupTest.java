package dev.pagerlab.app.events;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients that come and go leave no emitter behind. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pagerlab.sse.max-subscribers-per-lab=100000", "pagerlab.sse.heartbeat=100ms"})
class StreamCleanupTest {

    private static final int CYCLES = 10_000;
    private static final int CLIENTS = 8;

    @LocalServerPort
    int port;

    @Autowired
    StreamRegistry streams;

    @Test
    void tenThousandConnectAndDisconnectCyclesLeaveNoSubscriber() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        String handler = lab.create("/fault-handlers", "{}");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(pool.submit(() -> {
                for (int i = client; i < CYCLES; i += CLIENTS) {
                    String path = i % 2 == 0 ? "/events" : "/fault-handlers/" + handler + "/signals";
                    try (SseClient sse = SseClient.connect(lab.url(path), null)) {
                        assertThat(sse.nextIncludingComments(Duration.ofSeconds(5))).as("cycle %s", i).isNotNull();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (streams.subscribers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(streams.subscribers()).isZero();
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }
}
