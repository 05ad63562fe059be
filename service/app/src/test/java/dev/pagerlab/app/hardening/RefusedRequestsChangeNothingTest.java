package dev.pagerlab.app.hardening;

import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.RawHttp;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused request changes nothing: content negotiation fails before the operation runs, the shared lab 'default'
 * cannot be destroyed or reset, and matrix parameters do not name what the path without them names. A lab of one's
 * own can be reset: emptied, keeping its id, platform and open streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefusedRequestsChangeNothingTest {

    @LocalServerPort
    int port;

    @Autowired
    LabRegistry labs;

    private Api lab;

    @BeforeEach
    void aLabWithARegionAndAThread() {
        lab = Api.on(port).newLab("x86_64");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"8K\"}");
        lab.create("/rm-sessions", "{\"size\":\"1M\"}");
        lab.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\"}");
        lab.create("/rm-sessions/rm-1/threads", "{}");
    }

    @AfterEach
    void destroyTheLab() {
        // The test context is shared with other classes; its limit of labs is not ours to use up.
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }

    private String snapshot(Api api) {
        return String.join("\n", api.get("").body().toString(), api.get("/dataspaces").body().toString(),
                api.get("/rm-sessions").body().toString(), api.get("/threads").body().toString(),
                api.get("/fault-handlers").body().toString(), api.get("/rm-sessions/rm-1/mappings").body().toString());
    }

    private RawHttp.Answer post(String url, String accept, String body) {
        return RawHttp.send(port, "POST " + url + " HTTP/1.1\r\nContent-Type: application/json\r\nAccept: " + accept,
                body);
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"application/xml", "text/html", "text/html, application/xhtml+xml", "image/png",
            "application/json;q=0"})
    void anUnacceptableAnswerTypeIsRefusedBeforeTheOperationRuns(String accept) {
        String before = snapshot(lab);
        int labsBefore = labs.count();
        String base = "/api/v1/labs/" + lab.labId();
        List<RawHttp.Answer> answers = new ArrayList<>();
        answers.add(post("/api/v1/labs", accept, "{\"platform\":\"foc\"}"));
        answers.add(post(base + "/dataspaces", accept, "{\"type\":\"RAM\",\"size\":\"4K\"}"));
        answers.add(post(base + "/rm-sessions", accept, "{\"size\":\"1M\"}"));
        answers.add(post(base + "/rm-sessions/rm-1/regions", accept, "{\"dataspace\":\"ds-1\",\"at\":\"0x10000\"}"));
        answers.add(post(base + "/rm-sessions/rm-1/threads", accept, "{}"));
        answers.add(post(base + "/threads/th-1/faults", accept, "{\"addr\":\"0x0\",\"type\":\"READ\"}"));
        answers.add(post(base + "/fault-handlers", accept, "{}"));
        answers.add(post(base + "/reset", accept, ""));
        answers.add(RawHttp.send(port, "DELETE " + base + "/rm-sessions/rm-1/regions/0x0 HTTP/1.1\r\nAccept: "
                + accept, null));
        for (RawHttp.Answer answer : answers) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(406);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.body()).contains("\"code\":\"NOT_ACCEPTABLE\"");
        }
        assertThat(snapshot(lab)).isEqualTo(before);
        assertThat(labs.count()).isEqualTo(labsBefore);
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"*/*", "application/*", "application/json", "application/problem+json, application/json",
            "text/html;q=0.9, */*;q=0.1"})
    void acceptableAnswerTypesStillWork(String accept) {
        RawHttp.Answer answer = post("/api/v1/labs/" + lab.labId() + "/dataspaces", accept,
                "{\"type\":\"RAM\",\"size\":\"4K\"}");
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    }

    @Test
    void theDefaultLabCannotBeDestroyedOrReset() {
        Api shared = Api.on(port);
        shared.create("/fault-handlers", "{\"label\":\"someone's work\"}");
        String before = snapshot(shared);
        for (Api.Answer answer : List.of(shared.delete(""), shared.post("/reset", ""))) {
            assertThat(answer.status()).as("%s", answer.body()).isEqualTo(403);
            assertThat(answer.text("/code")).isEqualTo("PROTECTED");
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
        }
        assertThat(snapshot(shared)).isEqualTo(before);
    }

    @Test
    void aResetEmptiesTheLabKeepingItsIdPlatformAndStreams() throws Exception {
        try (SseClient events = SseClient.connect(lab.url("/events"), null)) {
            assertThat(events.status()).isEqualTo(200);
            Api.Answer reset = lab.post("/reset", "");
            assertThat(reset.status()).as("%s", reset.body()).isEqualTo(200);
            assertThat(reset.text("/id")).isEqualTo(lab.labId());
            assertThat(reset.text("/platform")).isEqualTo("x86_64");
            assertThat(reset.body().get("counts").properties()).allSatisfy(e -> assertThat(e.getValue().asInt()).isZero());
            assertThat(lab.get("/dataspaces").body().size()).isZero();
            assertThat(lab.get("/threads").body().size()).isZero();

            SseClient.Event event = events.next(Duration.ofSeconds(10));
            assertThat(event).isNotNull();
            assertThat(event.name()).isEqualTo("lab-reset");
            assertThat(event.data()).contains("\"platform\":\"x86_64\"");
            long resetId = Long.parseLong(event.id());

            // The same stream carries what the fresh lab does; ids inside the lab start again.
            assertThat(lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}")).isEqualTo("ds-1");
            SseClient.Event next = events.next(Duration.ofSeconds(10));
            assertThat(next).isNotNull();
            assertThat(next.name()).isEqualTo("dataspace-created");
            assertThat(Long.parseLong(next.id())).isGreaterThan(resetId);
        }
        Api.Answer unknown = Api.on(port).lab("lab-none").post("/reset", "");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DELETE /rm-sessions/rm-1;x=1", "DELETE /rm-sessions/rm-1;", "GET /rm-sessions/rm-1;x=1",
            "DELETE /rm-sessions/rm-1/regions/0x0;jsessionid=1", "DELETE /dataspaces;x=1/ds-1",
            "DELETE /dataspaces/ds-1%3Bx=1"})
    void matrixParametersAreRefused(String request) {
        String before = snapshot(lab);
        String[] parts = request.split(" ");
        RawHttp.Answer answer = RawHttp.send(port, parts[0] + " /api/v1/labs/" + lab.labId() + parts[1]
                + " HTTP/1.1", null);
        assertThat(answer.status()).as("%s", answer).isBetween(400, 404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"code\":");
        assertThat(snapshot(lab)).isEqualTo(before);
    }
}
