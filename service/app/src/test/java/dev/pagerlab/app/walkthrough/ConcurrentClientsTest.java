package dev.pagerlab.app.walkthrough;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients on one lab at once: every answer is a 2xx or a 4xx problem, and the lab ends consistent. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pagerlab.limits.threads=5000")
class ConcurrentClientsTest {

    @LocalServerPort
    int port;

    @Test
    void concurrentAttachDetachAndFaultsKeepTheLabConsistent() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"64M\"}");
        String handler = lab.create("/fault-handlers", "{}");
        lab.put("/rm-sessions/" + as + "/fault-handler", "{\"handler\":\"" + handler + "\"}");
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pages.add(lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"" + (4 << i) + "K\"}"));
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            long seed = c;
            done.add(clients.submit(() -> {
                Random random = new Random(seed);
                String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
                for (int i = 0; i < 150; i++) {
                    String addr = "0x" + Long.toHexString((random.nextLong() & ((64L << 20) - 1)) & ~0xFFFL);
                    Api.Answer answer = switch (random.nextInt(3)) {
                        case 0 -> lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\""
                                + pages.get(random.nextInt(pages.size())) + "\",\"at\":\"" + addr + "\"}");
                        case 1 -> lab.delete("/rm-sessions/" + as + "/regions/" + addr);
                        default -> {
                            if (!lab.get("/threads/" + thread).text("/state").equals("RUNNING")) {
                                thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
                            }
                            yield lab.post("/threads/" + thread + "/faults", "{\"addr\":\"" + addr
                                    + "\",\"type\":\"READ\"}");
                        }
                    };
                    assertThat(answer.status()).as("%s", answer.body()).isIn(200, 201, 204, 404, 409);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        JsonNode rm = lab.get("/rm-sessions/" + as).body();
        long previousEnd = -1;
        for (JsonNode region : rm.get("regions")) {
            long at = Long.decode(region.get("at").asString());
            assertThat(at).isGreaterThan(previousEnd);
            previousEnd = Long.decode(region.get("end").asString());
        }
        for (JsonNode mapping : lab.get("/rm-sessions/" + as + "/mappings").body()) {
            long virt = Long.decode(mapping.get("virt").asString());
            assertThat(rm.get("regions").valueStream().anyMatch(r -> Long.decode(r.get("at").asString()) <= virt
                    && virt <= Long.decode(r.get("end").asString()))).as("mapping %s has its region", mapping)
                    .isTrue();
        }
        long faulted = lab.get("/threads").body().valueStream()
                .filter(t -> t.get("state").asString().equals("FAULTED")).count();
        assertThat(rm.get("faulters").size()).isEqualTo((int) faulted);
        lab.delete("");
    }
}
