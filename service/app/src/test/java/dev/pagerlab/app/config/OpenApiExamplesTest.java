package dev.pagerlab.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document's examples work as Swagger UI's "Try it out" uses them: every request example, sent in the order of
 * the superpage walkthrough to a fresh service, is accepted with the documented status and answers a body its schema
 * accepts; every response example fits its schema; every problem example is what the service answers for its code.
 * Its own context (the property below), so that the lab {@code default} is fresh and the path examples (rm-1, ds-2,
 * th-1, fh-1, 0x0) name what the walkthrough made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pagerlab.test.context=openapi-examples")
class OpenApiExamplesTest {

    /**
     * The superpage walkthrough, then the fault handler, then the deletes. Operations of the document not named here
     * run, with their examples, between {@link #BEFORE_DELETES} and the deletes.
     */
    private static final List<String> WALKTHROUGH = List.of("labPlatforms", "labCreate", "labRead",
            "dataspaceAllocate", "dataspaceList", "dataspaceRead", "rmSessionCreate", "rmSessionAttach",
            "rmSessionList", "rmSessionRead", "rmSessionRegions", "rmSessionRegion", "rmSessionCreateThread",
            // Trace runs while th-1 still runs: threadFault's examples end with faults that stop it.
            "traceRunPatterns", "traceRunReplay", "threadList", "threadRead", "threadFault", "rmSessionMappings",
            "rmSessionState", "faultHandlerCreate", "faultHandlerList", "faultHandlerRead", "rmSessionSetHandler",
            "faultHandlerSignals", "faultHandlerEvents");
    private static final List<String> DELETES = List.of("rmSessionClearHandler", "rmSessionDetach",
            "dataspaceFree", "rmSessionDestroy", "labReset", "labDestroy");
    private static final String BEFORE_DELETES = "faultHandlerEvents";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** OpenAPI 3.1's dialect of JSON Schema; "components" rides along in each root so that $refs resolve. */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi31.getInstance())
            .keyword(new NonValidationKeyword("components")).build();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri()));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private JsonNode doc;

    /** An operation of the document. */
    private record Op(String id, String method, String path, JsonNode node) {
    }

    @BeforeEach
    void readDocument() throws Exception {
        doc = JSON.readTree(send("GET", "/v3/api-docs", null).body());
    }

    private Map<String, Op> operations() {
        Map<String, Op> ops = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                var method = methods.next();
                if (method.getValue().has("operationId")) {
                    // A response named by $ref (components/responses) is checked like one written in place.
                    if (method.getValue().get("responses") instanceof ObjectNode responses) {
                        responses.properties().forEach(r -> r.setValue(resolve(r.getValue())));
                    }
                    ops.put(method.getValue().get("operationId").asText(), new Op(method.getValue()
                            .get("operationId").asText(), method.getKey().toUpperCase(), path.getKey(),
                            method.getValue()));
                }
            }
        }
        return ops;
    }

    @Test
    void everyRequestExampleIsAcceptedInTheWalkthroughOrder() throws Exception {
        Map<String, Op> ops = operations();
        List<String> order = new ArrayList<>();
        for (String id : WALKTHROUGH) {
            order.add(id);
            if (id.equals(BEFORE_DELETES)) {
                ops.keySet().stream().filter(k -> !WALKTHROUGH.contains(k) && !DELETES.contains(k))
                        .forEach(order::add);
            }
        }
        order.addAll(DELETES);
        assertThat(ops.keySet()).as("every operation of the document runs").containsAll(order)
                .hasSameSizeAs(order);

        String createdLab = null;
        int sent = 0;
        for (String id : order) {
            Op op = ops.get(id);
            String path = op.path();
            for (JsonNode parameter : op.node().path("parameters")) {
                if ("path".equals(parameter.path("in").asText())) {
                    String name = parameter.get("name").asText();
                    assertThat(parameter.path("description").asText()).as(id + " {" + name + "} description")
                            .isNotBlank();
                    assertThat(parameter.has("example")).as(id + " {" + name + "} example").isTrue();
                    String value = parameter.get("example").asText();
                    // The lab itself is reset and destroyed as the lab the create example made; 'default' is the
                    // sandbox, which answers both with 403 PROTECTED.
                    if (("labReset".equals(id) || "labDestroy".equals(id)) && "lab".equals(name)) {
                        value = createdLab;
                    }
                    path = path.replace("{" + name + "}", value);
                } else if ("query".equals(parameter.path("in").asText()) && parameter.has("example")) {
                    // A query parameter with an example is what Swagger UI fills in for "Try it out".
                    path += (path.contains("?") ? "&" : "?") + parameter.get("name").asText() + "="
                            + java.net.URLEncoder.encode(parameter.get("example").asText(),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            Map.Entry<String, JsonNode> success = successOf(op);
            int expected = Integer.parseInt(success.getKey());
            for (JsonNode body : requestExamples(op)) {
                sent++;
                String text = body == null ? null : JSON.writeValueAsString(body);
                String what = op.method() + " " + path + " " + (text == null ? "" : text);
                if (success.getValue().path("content").has("text/event-stream")) {
                    HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                            .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                    stream.body().close();
                    assertThat(stream.statusCode()).as(what).isEqualTo(expected);
                    assertThat(stream.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("text/event-stream");
                    continue;
                }
                HttpResponse<String> answer = send(op.method(), path, text);
                assertThat(answer.statusCode()).as(what + " answered " + answer.body()).isEqualTo(expected);
                if ("labCreate".equals(id) && createdLab == null) {
                    createdLab = JSON.readTree(answer.body()).get("id").asText();
                }
                if (expected == 201) {
                    assertThat(answer.headers().firstValue("Location")).as(what + " Location").isPresent();
                }
                JsonNode media = success.getValue().path("content").path("application/json");
                String answeredType = answer.headers().firstValue("Content-Type").orElse("");
                if (!media.isMissingNode() && (answeredType.startsWith("application/json")
                        || success.getValue().path("content").size() == 1)) {
                    assertThat(answeredType).as(what).startsWith("application/json");
                    assertValid(media.get("schema"), JSON.readTree(answer.body()), what + " answer");
                } else if (!success.getValue().path("content").isEmpty()) {
                    // Not JSON (layout.svg's image/svg+xml, an exercise's YAML without Accept): the answer comes
                    // in one of the documented media types.
                    String type = answer.headers().firstValue("Content-Type").orElse("");
                    List<String> documented = new ArrayList<>();
                    success.getValue().path("content").fields().forEachRemaining(e -> documented.add(e.getKey()));
                    assertThat(documented).as(what + " answered as " + type).anyMatch(type::startsWith);
                    assertThat(answer.body()).as(what + " has a body").isNotEmpty();
                } else {
                    assertThat(answer.body()).as(what + " documents no body").isEmpty();
                }
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(order.size());
    }

    @Test
    void everyResponseExampleFitsItsSchema() {
        int checked = 0;
        for (Op op : operations().values()) {
            for (Iterator<Map.Entry<String, JsonNode>> responses = op.node().path("responses").fields();
                 responses.hasNext(); ) {
                var response = responses.next();
                for (Iterator<Map.Entry<String, JsonNode>> media = response.getValue().path("content").fields();
                     media.hasNext(); ) {
                    var type = media.next();
                    if (!type.getKey().contains("json")) {
                        continue;
                    }
                    JsonNode schema = type.getValue().get("schema");
                    String where = op.id() + " " + response.getKey() + " " + type.getKey();
                    for (JsonNode example : type.getValue().path("examples")) {
                        assertValid(schema, example.get("value"), where + " example");
                        checked++;
                    }
                    if (type.getValue().has("example")) {
                        assertValid(schema, type.getValue().get("example"), where + " example");
                        checked++;
                    }
                    // What Swagger UI shows when there is no example: one built from the schema's own examples.
                    assertValid(schema, sample(schema), where + " sample built from the schema");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void everyProblemExampleIsWhatTheServiceAnswers() throws Exception {
        Map<String, JsonNode> documented = new TreeMap<>();
        for (Op op : operations().values()) {
            for (JsonNode response : op.node().path("responses")) {
                response.path("content").path("application/problem+json").path("examples").fields()
                        .forEachRemaining(e -> {
                            JsonNode earlier = documented.putIfAbsent(e.getKey(), e.getValue().get("value"));
                            assertThat(earlier == null || earlier.equals(e.getValue().get("value")))
                                    .as("one example per code: " + e.getKey()).isTrue();
                        });
            }
        }
        Map<String, JsonNode> answered = provokeEveryRefusal();
        assertThat(answered.keySet()).as("a refusal provoked for every documented code")
                .containsAll(documented.keySet());
        documented.forEach((code, example) -> {
            JsonNode real = answered.get(code);
            for (String field : List.of("type", "title", "status", "detail", "code")) {
                assertThat(example.get(field)).as(code + " " + field).isEqualTo(real.get(field));
            }
        });
    }

    /** Each refusal, provoked in a new lab as a student meets it; the answers by code. */
    private Map<String, JsonNode> provokeEveryRefusal() throws Exception {
        String lab = "/api/v1/labs/" + JSON.readTree(send("POST", "/api/v1/labs", "{\"platform\":\"foc\"}").body())
                .get("id").asText();
        Map<String, JsonNode> answers = new HashMap<>();
        List<String[]> steps = List.of(
                new String[] {"VALIDATION_FAILED", "POST", "/dataspaces", "{\"type\":\"RAM\",\"size\":\"0x1_0000\"}"},
                new String[] {null, "POST", "/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}"},
                new String[] {"OUT_OF_RAM", "POST", "/dataspaces", "{\"type\":\"RAM\",\"size\":\"4G\"}"},
                new String[] {"PHYS_CONFLICT", "POST", "/dataspaces",
                        "{\"type\":\"IO_MEM\",\"size\":\"4K\",\"physAddr\":\"0x0\"}"},
                new String[] {null, "POST", "/rm-sessions", "{\"size\":\"1G\"}"},
                new String[] {"INVALID_ARGUMENTS", "POST", "/rm-sessions/rm-1/regions",
                        "{\"dataspace\":\"ds-1\",\"offset\":\"0x800\"}"},
                new String[] {"INVALID_DATASPACE", "POST", "/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-9\"}"},
                new String[] {null, "POST", "/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\",\"at\":\"0x0\"}"},
                new String[] {"REGION_CONFLICT", "POST", "/rm-sessions/rm-1/regions",
                        "{\"dataspace\":\"ds-1\",\"at\":\"0x0\"}"},
                new String[] {"NOT_FOUND", "GET", "/rm-sessions/rm-9", null},
                new String[] {"INVALID_HANDLER", "PUT", "/rm-sessions/rm-1/fault-handler", "{\"handler\":\"fh-9\"}"},
                new String[] {null, "POST", "/fault-handlers", "{}"},
                new String[] {null, "PUT", "/rm-sessions/rm-1/fault-handler", "{\"handler\":\"fh-1\"}"},
                new String[] {null, "POST", "/rm-sessions/rm-1/threads", "{}"},
                new String[] {null, "POST", "/threads/th-1/faults", "{\"addr\":\"0x20000000\",\"type\":\"READ\"}"},
                new String[] {"THREAD_NOT_RUNNING", "POST", "/threads/th-1/faults",
                        "{\"addr\":\"0x20000000\",\"type\":\"READ\"}"});
        for (String[] step : steps) {
            HttpResponse<String> answer = send(step[1], lab + step[2], step[3]);
            String what = step[1] + " " + step[2] + " " + step[3] + " answered " + answer.body();
            if (step[0] == null) {
                assertThat(answer.statusCode()).as(what).isBetween(200, 299);
            } else {
                JsonNode problem = JSON.readTree(answer.body());
                assertThat(problem.path("code").asText()).as(what).isEqualTo(step[0]);
                answers.put(step[0], problem);
            }
        }
        for (int i = 0; i < 1000 && !answers.containsKey("QUOTA_EXCEEDED"); i++) {
            HttpResponse<String> answer = send("POST", lab + "/fault-handlers", "{}");
            if (answer.statusCode() == 429) {
                answers.put("QUOTA_EXCEEDED", JSON.readTree(answer.body()));
            }
        }
        send("DELETE", lab, null);
        answers.put("PROTECTED", JSON.readTree(send("DELETE", "/api/v1/labs/default", null).body()));
        return answers;
    }

    /** The bodies Swagger UI offers: the named examples, the single example, else one built from the schema. */
    private List<JsonNode> requestExamples(Op op) {
        JsonNode media = op.node().path("requestBody").path("content").path("application/json");
        if (media.isMissingNode()) {
            return java.util.Collections.singletonList(null);
        }
        List<JsonNode> bodies = new ArrayList<>();
        media.path("examples").forEach(e -> bodies.add(e.get("value")));
        if (media.has("example")) {
            bodies.add(media.get("example"));
        }
        if (bodies.isEmpty()) {
            bodies.add(sample(media.get("schema")));
        }
        bodies.forEach(b -> assertValid(media.get("schema"), b, op.id() + " request example"));
        return bodies;
    }

    private static Map.Entry<String, JsonNode> successOf(Op op) {
        List<Map.Entry<String, JsonNode>> successes = new ArrayList<>();
        op.node().get("responses").fields().forEachRemaining(r -> {
            if (r.getKey().startsWith("2")) {
                successes.add(r);
            }
        });
        assertThat(successes).as(op.id() + " documents one success").hasSize(1);
        return successes.getFirst();
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = doc.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** A value built from a schema as Swagger UI builds one: example, default, first enum value, else by type. */
    private JsonNode sample(JsonNode schemaOrRef) {
        return sample(schemaOrRef, new TreeSet<>());
    }

    private JsonNode sample(JsonNode schemaOrRef, Set<String> visiting) {
        String ref = schemaOrRef.path("$ref").asText("");
        if (!ref.isEmpty() && !visiting.add(ref)) {
            return JsonNodeFactory.instance.nullNode();
        }
        JsonNode schema = resolve(schemaOrRef);
        try {
            if (schema.has("example")) {
                return schema.get("example");
            }
            if (schema.has("default")) {
                return schema.get("default");
            }
            if (schema.has("enum")) {
                return schema.get("enum").get(0);
            }
            String type = schema.path("type").isArray() ? schema.get("type").get(0).asText()
                    : schema.path("type").asText("object");
            switch (type) {
                case "object" -> {
                    ObjectNode object = JSON.createObjectNode();
                    schema.path("properties").fields().forEachRemaining(p -> {
                        JsonNode value = sample(p.getValue(), visiting);
                        if (!value.isNull()) {
                            object.set(p.getKey(), value);
                        }
                    });
                    return object;
                }
                case "array" -> {
                    ArrayNode array = JSON.createArrayNode();
                    JsonNode item = sample(schema.path("items"), visiting);
                    if (!item.isNull()) {
                        array.add(item);
                    }
                    return array;
                }
                case "integer", "number" -> {
                    return JsonNodeFactory.instance.numberNode(schema.path("minimum").asInt(0));
                }
                case "boolean" -> {
                    return JsonNodeFactory.instance.booleanNode(true);
                }
                default -> {
                    return JsonNodeFactory.instance.textNode("string");
                }
            }
        } finally {
            visiting.remove(ref);
        }
    }

    /** Validates against a schema of the document; its $refs resolve in the document's components. */
    private void assertValid(JsonNode schemaOrRef, JsonNode value, String what) {
        ObjectNode root = schemaOrRef.deepCopy();
        root.set("components", doc.get("components"));
        JsonSchema schema = SCHEMAS.getSchema(root);
        Set<ValidationMessage> errors = schema.validate(value);
        assertThat(errors).as(what + ": " + value).isEmpty();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : url(path)))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
