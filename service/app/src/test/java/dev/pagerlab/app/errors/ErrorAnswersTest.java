package dev.pagerlab.app.errors;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error is an RFC 9457 problem with a code and the status of api.md, and changes nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pagerlab.limits.labs=6", "pagerlab.limits.regions=3", "pagerlab.limits.threads=2",
        "pagerlab.limits.request-body=2KB"})
class ErrorAnswersTest {

    @LocalServerPort
    int port;

    private Api lab;
    private String as;

    @BeforeEach
    void aLabWithOneRegion() {
        lab = Api.on(port).newLab("foc");
        as = lab.create("/rm-sessions", "{\"size\":\"1M\"}");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"8K\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"ds-2\",\"at\":\"0x4000\"}");
    }

    @AfterEach
    void destroyTheLab() {
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }

    private static void assertProblem(Api.Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.text("/code")).isEqualTo(code);
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.text("/type")).isNotBlank();
        assertThat(answer.text("/title")).isNotBlank();
        assertThat(answer.text("/detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /dataspaces                  | {"type":"RAM","size":"0x1_0000"}                   | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":9007199254740993}             | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":"0x10000000000000000"}         | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":"99999999999999999999"}        | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":"16777216T"}                   | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":-4096}                         | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":4096.5}                        | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":true}                          | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM"}                                      | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"MANAGED","size":"4K"}                      | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":"4K","colour":"red"}           | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"IO_MEM","size":"4K"}                       | 400 | VALIDATION_FAILED
            POST | /dataspaces                  | {"type":"RAM","size":"0"}                           | 400 | INVALID_ARGUMENTS
            POST | /dataspaces                  | {"type":"RAM","size":"8G"}                          | 409 | OUT_OF_RAM
            POST | /dataspaces                  | [1,2                                                | 400 | VALIDATION_FAILED
            POST | /rm-sessions                 | {"size":"0"}                                        | 400 | INVALID_ARGUMENTS
            POST | /dataspaces                  | {"type":"IO_MEM","size":"4K","physAddr":"0x1000"}   | 409 | PHYS_CONFLICT
            POST | /dataspaces                  | {"type":"IO_MEM","size":"4K","physAddr":"0xfd000000","cache":"CACHED"} | 400 | INVALID_ARGUMENTS
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-2","offset":"0x800"}               | 400 | INVALID_ARGUMENTS
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-2","offset":"0x1000","size":"8K"}  | 400 | INVALID_ARGUMENTS
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-2","at":"0x10"}                    | 400 | INVALID_ARGUMENTS
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-2","at":"0x5000"}                  | 409 | REGION_CONFLICT
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-2","at":"0xfffffffffffff000"}      | 409 | REGION_CONFLICT
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"ds-77"}                               | 422 | INVALID_DATASPACE
            POST | /rm-sessions/rm-1/regions    | {"dataspace":"rm-1"}                                | 422 | INVALID_DATASPACE
            PUT  | /rm-sessions/rm-1/fault-handler | {"handler":"fh-9"}                              | 422 | INVALID_HANDLER
            POST | /rm-sessions/rm-9/regions    | {"dataspace":"ds-2"}                                | 404 | NOT_FOUND
            GET  | /rm-sessions/rm-1/regions/0x9000 |                                                | 404 | NOT_FOUND
            GET  | /rm-sessions/rm-1/regions/zz |                                                    | 400 | VALIDATION_FAILED
            DELETE | /rm-sessions/rm-1/regions/0x0 |                                                 | 404 | NOT_FOUND
            GET  | /rm-sessions/nope            |                                                     | 404 | NOT_FOUND
            GET  | /dataspaces/ds-99            |                                                     | 404 | NOT_FOUND
            DELETE | /dataspaces/ds-1           |                                                     | 400 | INVALID_ARGUMENTS
            GET  | /threads/th-4                |                                                     | 404 | NOT_FOUND
            GET  | /fault-handlers/fh-4/signals |                                                     | 404 | NOT_FOUND
            POST | /threads/th-9/faults         | {"addr":"0x0","type":"READ"}                        | 404 | NOT_FOUND
            DELETE | /rm-sessions/rm-1/state    |                                                     | 405 | METHOD_NOT_ALLOWED
            """)
    void answersAProblem(String method, String path, String body, int status, String code) {
        assertProblem(lab.send(method, lab.url(path), body), status, code);
    }

    @Test
    void aFaultOfAThreadThatIsNotRunningIsAConflict() {
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
        assertThat(lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x0\",\"type\":\"READ\"}")
                .text("/outcome")).isEqualTo("NO_REGION");
        assertProblem(lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x4000\",\"type\":\"READ\"}"), 409,
                "THREAD_NOT_RUNNING");
    }

    @Test
    void answersUnsupportedMediaTypesAndLargeBodies() {
        assertProblem(lab.send("POST", lab.url("/dataspaces"), "type=RAM", "text/plain"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        String large = "{\"label\":\"" + "x".repeat(4000) + "\"}";
        assertProblem(lab.post("/fault-handlers", large), 413, "BODY_TOO_LARGE");
        assertProblem(lab.send("GET", lab.root() + "/api/v1/labs/no-such-lab", null), 404, "NOT_FOUND");
        assertProblem(lab.send("GET", lab.root() + "/nowhere", null), 404, "NOT_FOUND");
    }

    @Test
    void quotasAreTooManyRequests() {
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"ds-2\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"ds-2\"}");
        assertProblem(lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"ds-2\"}"), 429, "QUOTA_EXCEEDED");
        lab.create("/rm-sessions/" + as + "/threads", "{}");
        lab.create("/rm-sessions/" + as + "/threads", "{}");
        assertProblem(lab.post("/rm-sessions/" + as + "/threads", "{}"), 429, "QUOTA_EXCEEDED");
        Api service = Api.on(port);
        List<String> made = new ArrayList<>();
        Api.Answer answer;
        while ((answer = service.send("POST", service.root() + "/api/v1/labs", "{}")).status() == 201) {
            made.add(answer.text("/id"));
        }
        assertProblem(answer, 429, "QUOTA_EXCEEDED");
        made.forEach(id -> assertThat(service.send("DELETE", service.root() + "/api/v1/labs/" + id, null).status())
                .isEqualTo(204));
    }

    @Test
    void aBurstOfBadRequestsLeavesTheLabUnchanged() {
        String before = snapshot();
        Random random = new Random(42);
        String[] values = {"\"0x\"", "\"-1\"", "\"0x1_0\"", "\"1P\"", "18446744073709551616", "\"18446744073709551616\"",
                "9007199254740993", "-1", "1e3", "{}", "[]", "\"0xffffffffffffffff\"", "\"4K4\"", "\"\"",
                "\"0x8000000000000800\"", "\"" + "9".repeat(100) + "\""};
        String[] templates = {"/dataspaces|{\"type\":\"RAM\",\"size\":%s}",
                "/dataspaces|{\"type\":\"IO_MEM\",\"size\":\"4K\",\"physAddr\":%s}",
                "/rm-sessions|{\"size\":%s}",
                "/rm-sessions/" + as + "/regions|{\"dataspace\":\"ds-2\",\"at\":%s}",
                "/rm-sessions/" + as + "/regions|{\"dataspace\":\"ds-2\",\"offset\":%s}",
                "/rm-sessions/" + as + "/regions|{\"dataspace\":\"ds-2\",\"size\":%s}",
                "/rm-sessions/" + as + "/regions|{\"dataspace\":%s}"};
        for (int i = 0; i < 300; i++) {
            String[] template = templates[random.nextInt(templates.length)].split("\\|");
            String value = values[random.nextInt(values.length)];
            if (template[0].equals("/rm-sessions") && value.equals("\"0x8000000000000800\"")) {
                continue; // a valid size since region-map sizes round up to whole pages
            }
            Api.Answer answer = lab.post(template[0], template[1].formatted(value));
            assertThat(answer.status()).as("%s %s -> %s", template[0], value, answer.body())
                    .isBetween(400, 499);
            assertThat(answer.body().has("code")).isTrue();
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    private String snapshot() {
        return String.join("\n", lab.get("").body().toString(), lab.get("/dataspaces").body().toString(),
                lab.get("/rm-sessions").body().toString(), lab.get("/threads").body().toString());
    }
}
