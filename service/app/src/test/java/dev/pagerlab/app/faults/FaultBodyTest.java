package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.web.U64;
import dev.pagerlab.engine.model.Access;
import jakarta.validation.Valid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single fault's body read by {@link FaultBody} is answered exactly as Spring's own {@code @RequestBody} reading
 * (with bean validation) answers it: the same fault for the bodies it reads, the same problem, byte for byte but for
 * the {@code instance} path, for every body it refuses. Spring's reading is served here by a test-only endpoint
 * taking the same record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FaultBodyTest.SpringReading.class)
class FaultBodyTest {

    /** Spring's reading of the same record, as the fault endpoint's reading was before {@link FaultBody}. */
    @RestController
    static class SpringReading {
        @PostMapping("/test/spring-reading")
        ThreadController.RaiseFault read(@Valid @RequestBody ThreadController.RaiseFault fault) {
            return fault;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CASES = Integer.getInteger("pagerlab.cases", 1000) / 4;

    @LocalServerPort
    int port;

    @Autowired
    RequestMappingHandlerAdapter adapter;

    private Api lab;

    @BeforeEach
    void aLabWithAThreadInOneGibibyte() {
        lab = Api.on(port).newLab("foc");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"1G\"}");
        lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        lab.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\"}");
        lab.create("/rm-sessions/rm-1/threads", "{}");
    }

    @AfterEach
    void destroyTheLab() {
        assertThat(lab.delete("").status()).isEqualTo(204);
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer send(String path, String contentType, byte[] body, boolean chunked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Answer fault(String contentType, byte[] body, boolean chunked) {
        return send("/api/v1/labs/" + lab.labId() + "/threads/th-1/faults", contentType, body, chunked);
    }

    private Answer spring(String contentType, byte[] body, boolean chunked) {
        return send("/test/spring-reading", contentType, body, chunked);
    }

    /** A problem without its {@code instance}, the one member that names the path. */
    private static JsonNode problem(Answer answer) {
        ObjectNode problem = (ObjectNode) JSON.readTree(answer.body());
        problem.remove("instance");
        return problem;
    }

    /**
     * The fault endpoint answers {@code body} as Spring's reading does: the same problem when refused; when
     * accepted, the same fault (from {@link FaultBody#read} when it reads the body, and then the fault is run when
     * {@code run}).
     */
    private void answeredAsSpringAnswers(String contentType, byte[] body, boolean chunked, boolean run) {
        String shown = contentType + " " + new String(body, StandardCharsets.ISO_8859_1);
        Answer spring = spring(contentType, body, chunked);
        ThreadController.RaiseFault fast = "application/json".equalsIgnoreCase(contentType) ? FaultBody.read(body) : null;
        if (spring.status() == 200) {
            JsonNode read = JSON.readTree(spring.body());
            if (fast != null) {
                assertThat(read.at("/addr/value").asLong()).as(shown).isEqualTo(fast.addr().value());
                assertThat(read.at("/type").asString()).as(shown).isEqualTo(fast.type().name());
            }
            if (run) {
                Answer answer = fault(contentType, body, chunked);
                assertThat(answer.status()).as("%s: %s", shown, answer.body()).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).at("/mapping").isObject()).as(shown).isTrue();
            }
            return;
        }
        assertThat(fast).as("read a body that Spring refuses: %s", shown).isNull();
        Answer answer = fault(contentType, body, chunked);
        assertThat(answer.status()).as("%s: %s", shown, answer.body()).isEqualTo(spring.status());
        assertThat(answer.contentType()).as(shown).isEqualTo(spring.contentType());
        assertThat(problem(answer)).as(shown).isEqualTo(problem(spring));
    }

    private void answeredAsSpringAnswers(String body) {
        answeredAsSpringAnswers("application/json", body.getBytes(StandardCharsets.UTF_8), false, true);
    }

    @Test
    void theCommonBodiesAreReadWithoutSpringAndAnsweredTheSame() {
        for (String body : List.of("{\"addr\":\"0x1000\",\"type\":\"READ\"}",
                " { \"type\" : \"WRITE\" ,\n\t\"addr\" : \"0x2000\" } ",
                "{\"addr\":\"8K\",\"type\":\"READ\"}",
                "{\"addr\":\"12288\",\"type\":\"READ\"}",
                "{\"addr\":\"0X3FFFFFFF\",\"type\":\"READ\"}",
                "{\"\\u0061ddr\":\"\\u0030x5000\",\"type\":\"READ\"}")) {
            assertThat(FaultBody.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNotNull();
            answeredAsSpringAnswers(body);
        }
        assertThat(FaultBody.read("{\"addr\":\"0x1000\",\"type\":\"READ\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ThreadController.RaiseFault(new U64(0x1000), Access.READ));
        assertThat(FaultBody.read("{\"type\":\"EXEC\",\"addr\":\"2M\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ThreadController.RaiseFault(new U64(0x200000), Access.EXEC));
    }

    @Test
    void theFaultEndpointReadsItsBodyWithFaultBodyFirst() {
        assertThat(adapter.getArgumentResolvers()).first().isInstanceOf(FaultBody.class);
    }

    @Test
    void everyRefusedBodyGetsSpringsProblem() {
        for (String body : List.of("", " ", "{}", "null", "[]", "\"x\"", "0x1000", "{\"type\":\"READ\"}",
                "{\"addr\":\"0x1000\"}", "{\"addr\":null,\"type\":\"READ\"}", "{\"addr\":\"0x1000\",\"type\":null}",
                "{\"addr\":\"0x1000\",\"type\":\"read\"}", "{\"addr\":\"0x1000\",\"type\":\"\"}",
                "{\"addr\":\"0x1000\",\"type\":0}", "{\"addr\":\"0x1000\",\"type\":\"READ\",\"x\":1}",
                "{\"addr\":\"0x1000\",\"addr\":\"0x2000\",\"type\":\"READ\"}",
                "{\"addr\":\"0x1000\",\"type\":\"READ\",\"type\":\"WRITE\"}", "{\"addr\":-1,\"type\":\"READ\"}",
                "{\"addr\":9007199254740993,\"type\":\"READ\"}", "{\"addr\":4096.5,\"type\":\"READ\"}",
                "{\"addr\":true,\"type\":\"READ\"}", "{\"addr\":{},\"type\":\"READ\"}", "{\"addr\":[],\"type\":\"READ\"}",
                "{\"addr\":\"zz\",\"type\":\"READ\"}", "{\"addr\":\"\",\"type\":\"READ\"}",
                "{\"addr\":\"0x10000000000000000\",\"type\":\"READ\"}", "{\"addr\":\" 0x1000\",\"type\":\"READ\"}",
                "{\"addr\":\"0x1000\",\"type\":\"READ\"", "{\"addr\":\"0x1000\",\"type\":\"READ\",}",
                "{\"addr\":\"0x1000\",\"type\":\"READ\"}}", "{\"addr\":\"0x1000\",\"type\":\"READ\"} {}",
                "{\"addr\":\"0x1000\",\"type\":\"READ\"} x", "{'addr':'0x1000','type':'READ'}",
                "{addr:\"0x1000\",type:\"READ\"}", "/* c */ {\"addr\":\"0x1000\",\"type\":\"READ\"}",
                "{\"addr\":\"0x1000\\u2003\",\"type\":\"READ\"}", "{\"addr\":\"0x1000\",\"type\":\"READ\\ud800\"}",
                "{\"addr\":\"\u00a04K\",\"type\":\"READ\"}", "{\"addr\":\"0x1000\",\"type\":\"R\u00c9AD\"}")) {
            answeredAsSpringAnswers(body);
        }
    }

    @Test
    void malformedUtf8WrongTypesAndOversizedBodiesGetSpringsProblem() {
        byte[] overlong = bytes("{\"addr\":\"0x1", 0xC0, 0xAF, "000\",\"type\":\"READ\"}");
        byte[] surrogate = bytes("{\"addr\":\"0x1000\",\"type\":\"RE", 0xED, 0xA0, 0x80, "AD\"}");
        byte[] stray = bytes("{\"addr\":\"0x1000\",", 0x80, "\"type\":\"READ\"}");
        byte[] bom = bytes("", 0xEF, 0xBB, 0xBF, "{\"addr\":\"0x1000\",\"type\":\"READ\"}");
        byte[] nul = bytes("{\"addr\":\"0x1000\",\"type\":\"READ\"}", 0);
        for (byte[] body : List.of(overlong, surrogate, stray, bom, nul)) {
            answeredAsSpringAnswers("application/json", body, false, false);
            answeredAsSpringAnswers("application/json", body, true, false);
        }
        String good = "{\"addr\":\"0x6000\",\"type\":\"READ\"}";
        for (String type : new String[] {"text/plain", "application/xml", "application/*", "*/*", "json",
                "application/json; charset=ISO-8859-1", "application/json;charset=UTF-16", "application/problem+json",
                "application/x-www-form-urlencoded", null}) {
            answeredAsSpringAnswers(type, good.getBytes(StandardCharsets.UTF_8), false, false);
        }
        byte[] utf16 = good.getBytes(StandardCharsets.UTF_16BE);
        answeredAsSpringAnswers("application/json", utf16, false, false);
        // Above pagerlab.limits.request-body (64 KB): announced by Content-Length, and streamed in chunks.
        byte[] large = ("{\"addr\":\"0x1000\",\"type\":\"READ\",\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        answeredAsSpringAnswers("application/json", large, false, false);
        answeredAsSpringAnswers("application/json", large, true, false);
    }

    @Test
    void theCommonBodyWithOtherSpellingsOfItsTypeIsAnsweredTheSame() {
        int address = 0x7000;
        for (String type : new String[] {"APPLICATION/JSON", "Application/Json", "application/json;charset=UTF-8",
                "application/json; charset=utf-8", "application/vnd.pagerlab+json"}) {
            String body = "{\"addr\":\"0x" + Integer.toHexString(address += 0x1000) + "\",\"type\":\"READ\"}";
            answeredAsSpringAnswers(type, body.getBytes(StandardCharsets.UTF_8), false, true);
        }
    }

    /**
     * Random damage to the common body (characters deleted, doubled or inserted, JSON's own among them, non-ASCII
     * bytes, truncation): whatever comes of it is answered as Spring answers it. Prints the seed of a failure.
     */
    @Test
    void damagedBodiesAreAnsweredAsSpringAnswersThem() {
        long base = "damagedBodies".hashCode() * 0x9E3779B97F4A7C15L;
        String alphabet = "{}[]:,\"\\ \t\nx0123456789abcdefADRETWXCY-+.eE";
        for (int i = 0; i < CASES; i++) {
            long seed = base + i;
            Random random = new Random(seed);
            String addr = random.nextBoolean() ? "\"0x" + Long.toHexString(random.nextLong(1L << 30)) + "\""
                    : random.nextBoolean() ? "\"" + random.nextInt(1 << 20) + "K\"" : String.valueOf(random.nextInt());
            String type = "\"" + Access.values()[random.nextInt(3)].name() + "\"";
            String body = random.nextBoolean() ? "{\"addr\":" + addr + ",\"type\":" + type + "}"
                    : "{ \"type\": " + type + ", \"addr\": " + addr + " }";
            ByteArrayOutputStream damaged = new ByteArrayOutputStream();
            damaged.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            for (int d = random.nextInt(1, 4); d > 0; d--) {
                damaged = damage(damaged.toByteArray(), random, alphabet);
            }
            try {
                answeredAsSpringAnswers("application/json", damaged.toByteArray(), false, false);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed for seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static ByteArrayOutputStream damage(byte[] body, Random random, String alphabet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(body.length + 1);
        out.write(body, 0, at);
        switch (random.nextInt(5)) {
            case 0 -> at = Math.min(body.length, at + 1);                            // delete one
            case 1 -> out.write(at < body.length ? body[at] : ' ');                   // double one
            case 2 -> out.write(alphabet.charAt(random.nextInt(alphabet.length())));  // insert JSON or notation
            case 3 -> out.write(0x80 + random.nextInt(0x80));                         // a non-ASCII byte
            default -> at = body.length;                                              // truncate
        }
        out.write(body, at, body.length - at);
        return out;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aMissingAddressIsNamedAsRequired() {
        Answer answer = fault("application/json", "{\"type\":\"READ\"}".getBytes(StandardCharsets.UTF_8), false);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).at("/detail").asString()).isEqualTo("'addr' is required");
        assertThat(JSON.readTree(answer.body()).at("/code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aBodyListIsNotReadByTheFastPath() {
        List<String> notRead = new ArrayList<>();
        for (String body : List.of("{\"addr\":4096,\"type\":\"READ\"}", "{\"addr\":\"0x1000\",\"type\":\"READ\",\"explain\":true}")) {
            if (FaultBody.read(body.getBytes(StandardCharsets.UTF_8)) == null) {
                notRead.add(body);
            }
            answeredAsSpringAnswers(body);
        }
        // A JSON number for the address is valid but not the common spelling: Spring reads it.
        assertThat(notRead).hasSize(2);
    }
}
