package dev.pagerlab.app.scenarios;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The scenario endpoints over HTTP: check (JSON, YAML, JUnit XML), create a lab from a scenario, export, exercises. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pagerlab.scenarios.max-steps=50")
class ScenarioEndpointsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private Api service;

    @BeforeEach
    void connect() {
        service = Api.on(port);
    }

    record Raw(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Raw send(String method, String path, String body, String contentType, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String shipped(String name) throws IOException {
        return Files.readString(Path.of("../../scenarios", name));
    }

    @Test
    void checkAnswersTheReportAsJsonOrJunitXml() throws IOException {
        String yaml = shipped("superpage.yaml");
        Raw json = send("POST", "/api/v1/scenarios/check", yaml, "application/yaml", "application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("failed").asInt()).isZero();
        assertThat(json.json().get("passed").asInt()).isEqualTo(12);
        assertThat(json.json().at("/steps/5/answer/mapping/sizeLog2").asInt()).isEqualTo(22);

        Raw wrong = send("POST", "/api/v1/scenarios/check", yaml.replace("sizeLog2: 22", "sizeLog2: 12"),
                "application/yaml", "application/xml");
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.contentType()).startsWith("application/xml");
        assertThat(wrong.body()).contains("failures=\"2\"").contains("<failure");
    }

    @Test
    void aMalformedScenarioIsA400WithLineAndColumnAndTooManyStepsAreRefused() {
        Raw malformed = send("POST", "/api/v1/scenarios/check", "steps:\n  - rmSession: {name: as, size: 1M}\n"
                + "  - atach: {}\n", "application/yaml", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(malformed.json().get("line").asInt()).isEqualTo(3);
        assertThat(malformed.json().get("column").asInt()).isEqualTo(5);

        Raw tooLong = send("POST", "/api/v1/scenarios/check", "{\"steps\": [" + "{\"check\": {}},".repeat(50)
                + "{\"check\": {}}]}", "application/json", null);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asString()).contains("51 steps exceed the limit of 50");
    }

    @Test
    void aLabCreatedFromAScenarioExportsToAScenarioThatBuildsTheSameLab() throws IOException {
        String scenario = JSON.writeValueAsString(tools.jackson.dataformat.yaml.YAMLMapper.builder().build()
                .readTree(shipped("wake-up.yaml")));
        Raw created = send("POST", "/api/v1/labs", "{\"label\":\"wake\",\"scenario\":" + scenario + "}",
                "application/json", null);
        assertThat(created.status()).isEqualTo(201);
        String lab = created.json().at("/lab/id").asString();
        assertThat(created.json().at("/report/failed").asInt()).isZero();
        assertThat(created.json().at("/lab/counts/threads").asInt()).isEqualTo(2);

        Raw yaml = send("GET", "/api/v1/labs/" + lab + "/scenario", null, null, "application/yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.body()).contains("rmSession:").contains("name: rm-1");

        Raw key = send("GET", "/api/v1/labs/" + lab + "/scenario?expectations=true", null, null, "application/json");
        Raw checked = send("POST", "/api/v1/scenarios/check", key.body(), "application/json", null);
        assertThat(checked.json().get("failed").asInt()).isZero();
        assertThat(checked.json().get("passed").asInt()).isGreaterThan(10);

        Raw export = send("GET", "/api/v1/labs/" + lab + "/scenario", null, null, "application/json");
        Raw again = send("POST", "/api/v1/labs", "{\"scenario\":" + export.body() + "}", "application/json", null);
        assertThat(again.status()).isEqualTo(201);
        String copy = again.json().at("/lab/id").asString();
        for (String path : new String[] {"/rm-sessions", "/threads", "/dataspaces", "/rm-sessions/rm-1/mappings",
                "/fault-handlers/fh-1"}) {
            assertThat(service.lab(copy).get(path).body()).as(path).isEqualTo(service.lab(lab).get(path).body());
        }
    }

    @Test
    void aScenarioCannotBeCombinedWithAPlatform() {
        Raw both = send("POST", "/api/v1/labs", "{\"platform\":\"nova\",\"scenario\":{\"steps\":[]}}",
                "application/json", null);
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void exercisesAreListedAndGeneratedDeterministically() {
        Raw kinds = send("GET", "/api/v1/exercises", null, null, null);
        assertThat(kinds.json().findValuesAsString("kind")).containsExactly("best-mapping", "nested-translation",
                "fault-handling", "revocation", "tlb");
        Raw one = send("GET", "/api/v1/exercises/best-mapping?seed=course:alice", null, null, null);
        Raw same = send("GET", "/api/v1/exercises/best-mapping?seed=course:alice", null, null, null);
        Raw other = send("GET", "/api/v1/exercises/best-mapping?seed=course:bob", null, null, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.contentType()).startsWith("application/yaml");
        assertThat(one.body()).isEqualTo(same.body()).isNotEqualTo(other.body()).contains("sizeLog2: null");

        Raw key = send("GET", "/api/v1/exercises/revocation?seed=s&platform=nova&answers=true", null, null,
                "application/json");
        Raw graded = send("POST", "/api/v1/scenarios/check", key.body(), "application/json", null);
        assertThat(graded.json().get("failed").asInt()).isZero();

        assertThat(send("GET", "/api/v1/exercises/nothing?seed=s", null, null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/exercises/revocation", null, null, null).status()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/exercises/revocation?seed=s&platform=amiga", null, null, null).status())
                .isEqualTo(400);
    }

    @Test
    void theSchemaIsServedAsCheckedIn() throws IOException {
        Raw schema = send("GET", "/api/v1/scenarios/schema", null, null, null);
        assertThat(schema.status()).isEqualTo(200);
        assertThat(schema.body()).isEqualTo(Files.readString(Path.of("../../openapi/scenario.schema.json")));
    }
}
