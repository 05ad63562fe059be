package dev.pagerlab.app.config;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi/openapi.yaml is what the service serves. After an API change, regenerate it with
 * {@code ./mvnw -pl service/app -am test -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpagerlab.openapi.regenerate=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

    private static final Path CHECKED_IN = Path.of("../../openapi/openapi.yaml");

    @LocalServerPort
    int port;

    private String served(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theCheckedInDocumentIsWhatTheServiceServes() throws Exception {
        String served = served("/v3/api-docs.yaml");
        if (Boolean.getBoolean("pagerlab.openapi.regenerate")) {
            Files.createDirectories(CHECKED_IN.getParent());
            Files.writeString(CHECKED_IN, served);
        }
        assertThat(Files.readString(CHECKED_IN)).as("openapi/openapi.yaml is stale; see this test's javadoc")
                .isEqualTo(served);
        assertThat(served("/v3/api-docs.yaml")).as("stable output").isEqualTo(served);
    }

    @Test
    void everyOperationHasASummaryAndProblemAnswers() {
        JsonNode doc = Api.on(port).send("GET", "http://127.0.0.1:" + port + "/v3/api-docs", null).body();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                operations++;
                String name = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().path("summary").asString()).as(name).isNotBlank();
                JsonNode badRequest = op.getValue().at("/responses/400/content/application~1problem+json");
                assertThat(badRequest.isMissingNode()).as(name + " documents 400").isFalse();
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(25);
        assertThat(doc.at("/paths/~1api~1v1~1labs~1{lab}~1events/get/responses/200/content").has("text/event-stream"))
                .isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1labs~1{lab}~1fault-handlers~1{fh}~1signals/get/responses/200/content")
                .has("text/event-stream")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1labs~1{lab}~1rm-sessions~1{rm}~1regions/post/responses/409/content"
                + "/application~1problem+json/examples").has("REGION_CONFLICT")).isTrue();
        assertThat(doc.at("/servers/0/url").asString()).as("relative: Try it out goes where the document came from")
                .isEqualTo("/");
    }

    @Test
    void schemasSayWhatTheServiceAccepts() {
        JsonNode schemas = Api.on(port).send("GET", "http://127.0.0.1:" + port + "/v3/api-docs", null).body()
                .at("/components/schemas");
        JsonNode bits = schemas.at("/CustomPlatform/properties/addressBits");
        assertThat(bits.get("type").asString()).isEqualTo("integer");
        assertThat(bits.get("enum").valueStream().map(JsonNode::asInt).toList()).containsExactly(32, 64);
        assertThat(schemas.at("/CustomPlatform/required").valueStream().map(JsonNode::asString).toList())
                .contains("pageSizeLog2", "addressBits");
        assertThat(schemas.at("/Allocate/required").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("type", "size");
        assertThat(schemas.at("/Allocate/properties/type/enum").valueStream().map(JsonNode::asString).toList())
                .containsExactly("RAM", "IO_MEM");
        String size = schemas.at("/Allocate/properties/size/pattern").asString();
        assertThat(size).isNotBlank();
        assertThat("0x400000").matches(size);
        assertThat("4M").matches(size);
        assertThat("0x1_0000").doesNotMatch(size);
    }

    @Test
    void tagsAndOperationsComeInTheOrderAStudentWorks() {
        JsonNode doc = Api.on(port).send("GET", "http://127.0.0.1:" + port + "/v3/api-docs", null).body();
        assertThat(doc.get("tags").valueStream().map(t -> t.get("name").asString()).toList()).startsWith(
                "Labs and platforms", "Dataspaces", "RM sessions and regions", "Threads and faults",
                "Fault handlers and events");
        java.util.List<String> dataspaces = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (op.getValue().at("/tags/0").asString().equals("Dataspaces")) {
                    dataspaces.add(op.getKey());
                }
            }
        }
        assertThat(dataspaces).containsExactly("post", "get", "get", "delete");
        assertThat(doc.at("/paths/~1api~1v1~1labs~1{lab}~1rm-sessions~1{rm}~1threads/post/tags")
                .valueStream().map(JsonNode::asString).toList()).containsExactly("Threads and faults");
        assertThat(doc.at("/paths/~1api~1v1~1labs/post/responses/201/headers").has("Location")).isTrue();
        assertThat(doc.at("/paths/~1api~1v1~1labs~1{lab}/delete/responses").has("204")).isTrue();
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        var answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swagger-ui.html")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("swagger-ui");
    }
}
