package dev.pagerlab.app.hardening;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.RawHttp;
import dev.pagerlab.app.support.SseClient;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.DataspaceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Last-Event-ID at the top of the range, Location headers, Retry-After, and metric labels. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pagerlab.sse.max-subscribers-per-lab=1", "pagerlab.sse.replay-buffer=4"})
class SmallerHardeningTest {

    @LocalServerPort
    int port;

    @Autowired
    LabRegistry registry;

    @ParameterizedTest(name = "Last-Event-ID: {0}")
    @ValueSource(strings = {"9223372036854775807", "9223372036854775806", "3", "2"})
    void anIdNotBehindTheBufferGetsNoReset(String lastEventId) throws Exception {
        Api lab = Api.on(port).newLab("foc");
        for (int i = 0; i < 6; i++) {
            lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");   // one event each: the buffer of 4 holds ids 3..6
        }
        try (SseClient events = SseClient.connect(lab.url("/events"), lastEventId)) {
            assertThat(events.status()).isEqualTo(200);
            lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
            SseClient.Event first = events.next(Duration.ofSeconds(10));
            assertThat(first).isNotNull();
            assertThat(first.name()).isNotEqualTo("reset");
        }
    }

    @Test
    void anOperationOfTheOldLabAfterAResetReachesNeitherStreamNorJournal() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        // A request that looked the lab up just before the reset holds the old engine and runs after it.
        Lab old = registry.get(lab.labId()).lab();
        try (SseClient events = SseClient.connect(lab.url("/events"), null)) {
            assertThat(lab.post("/reset", "").status()).isEqualTo(200);
            assertThat(events.next(Duration.ofSeconds(10)).name()).isEqualTo("lab-reset");
            old.allocateRam(DataspaceRequest.of(Size.of(0x2000))).orThrow();
            lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
            SseClient.Event next = events.next(Duration.ofSeconds(10));
            assertThat(next.name()).isEqualTo("dataspace-created");
            assertThat(next.data()).as("the fresh lab's ds-1, not the old lab's late ds-2").contains("\"ds-1\"")
                    .doesNotContain("ds-2");
        }
        assertThat(registry.get(lab.labId()).lab().history()).hasSize(1);
    }

    @Test
    void anIdBehindTheBufferGetsAReset() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        for (int i = 0; i < 6; i++) {
            lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        }
        try (SseClient events = SseClient.connect(lab.url("/events"), "1")) {
            SseClient.Event first = events.next(Duration.ofSeconds(10));
            assertThat(first).isNotNull();
            assertThat(first.name()).isEqualTo("reset");
        }
    }

    @Test
    void locationsAreRelativeAndIgnoreTheHostHeader() {
        byte[] request = ("POST /api/v1/labs HTTP/1.1\r\nHost: evil.example:666\r\nX-Forwarded-Host: evil.example\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer created = RawHttp.send(port, request);
        assertThat(created.status()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(location).startsWith("/api/v1/labs/lab-").doesNotContain("evil");

        Api lab = Api.on(port).lab(location.substring("/api/v1/labs/".length()));
        assertThat(lab.get("").status()).isEqualTo(200);
        Api.Answer ds = lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        assertThat(ds.headers().firstValue("Location")).hasValue(location + "/dataspaces/ds-1");
    }

    @Test
    void tooManyRequestsSaysWhenToRetry() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        try (SseClient first = SseClient.connect(lab.url("/events"), null)) {
            assertThat(first.status()).isEqualTo(200);
            RawHttp.Answer refused = RawHttp.send(port, "GET /api/v1/labs/" + lab.labId() + "/events HTTP/1.1\r\n"
                    + "Accept: text/event-stream", null);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("\"code\":\"QUOTA_EXCEEDED\"");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        }
    }

    @Test
    void customPlatformNamesDoNotBecomeMetricLabels() {
        Api service = Api.on(port);
        for (String name : new String[] {"zq-made-up-one", "zq-made-up-two"}) {
            Api.Answer created = service.send("POST", service.root() + "/api/v1/labs", "{\"customPlatform\":{\"name\":\""
                    + name + "\",\"pageSizeLog2\":12,\"addressBits\":64,\"mapSizes\":[12,16]}}");
            assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
            Api lab = service.lab(created.text("/id"));
            lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}");
            lab.create("/rm-sessions", "{\"size\":\"1M\"}");
            lab.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\"}");
            lab.create("/rm-sessions/rm-1/threads", "{}");
            assertThat(lab.post("/threads/th-1/faults", "{\"addr\":\"0x0\",\"type\":\"READ\"}").status()).isEqualTo(200);
        }
        String metrics = RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1\r\nAccept: text/plain", null).body();
        assertThat(metrics).doesNotContain("zq-made-up").contains("platform=\"custom\"");
        long buckets = Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith("pagerlab_fault_resolution_seconds_bucket") && l.contains("platform=\"custom\""))
                .count();
        assertThat(buckets).as("histogram buckets of one platform").isBetween(1L, 10L);
    }
}
