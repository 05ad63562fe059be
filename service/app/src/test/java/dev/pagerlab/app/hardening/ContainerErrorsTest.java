package dev.pagerlab.app.hardening;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client mistakes the container sees before Spring does, or that used to end in a 500: every answer is a 4xx
 * problem (application/problem+json with a code), over a real socket, byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private static JsonNode assertProblem(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("%s", answer).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asString()).isNotBlank().doesNotContain("Exception");
        assertThat(answer.body()).doesNotContain("<html").doesNotContain("Tomcat");
        return body;
    }

    private RawHttp.Answer raw(String requestLineAndHeaders) {
        return RawHttp.send(port, requestLineAndHeaders, null);
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {"/api/v1/labs/x%2Fy", "/api/v1/labs/x%00y", "/api/v1/labs/x%ffy", "/api/v1/labs/%",
            "/api/v1/labs/default/rm-sessions/%c0%af"})
    void malformedPathsAreProblems(String path) {
        assertProblem(raw("GET " + path + " HTTP/1.1"), 400, "VALIDATION_FAILED");
    }

    @Test
    void rawNonAsciiInThePathIsAProblem() {
        byte[] request = "GET /api/v1/labs/caf\u00e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(RawHttp.send(port, request), 400, "VALIDATION_FAILED");
    }

    @Test
    void oversizedUrlsAndHeadersAreProblems() {
        assertProblem(raw("GET /api/v1/labs/" + "a".repeat(9 * 1024) + " HTTP/1.1"), 400, "VALIDATION_FAILED");
        assertProblem(raw("GET /api/v1/labs/default HTTP/1.1\r\nX-Large: " + "b".repeat(20 * 1024)), 400,
                "VALIDATION_FAILED");
    }

    @Test
    void traceIsRefusedWithAProblem() {
        assertProblem(raw("TRACE /api/v1/labs/default HTTP/1.1"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void theErrorPathItselfIsNotFound() {
        assertProblem(raw("GET /error HTTP/1.1"), 404, "NOT_FOUND");
        assertProblem(RawHttp.send(port, "POST /error HTTP/1.1\r\nContent-Type: application/json", "{}"), 404,
                "NOT_FOUND");
    }

    @ParameterizedTest(name = "Content-Type: {0}")
    @ValueSource(strings = {"*/*", "application/*", "*/json", "not a type"})
    void wildcardOrMalformedContentTypesAreUnsupported(String contentType) {
        Api lab = Api.on(port).newLab("foc");
        String before = lab.get("").body().toString();
        RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/labs/" + lab.labId() + "/dataspaces HTTP/1.1\r\n"
                + "Content-Type: " + contentType, "{\"type\":\"RAM\",\"size\":\"4K\"}");
        assertThat(answer.status()).as("%s", answer).isBetween(400, 499);
        assertProblem(answer, answer.status(), answer.status() == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "VALIDATION_FAILED");
        assertThat(lab.get("").body().toString()).isEqualTo(before);
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }

    @Test
    void aNullInACustomPlatformsMapSizesIsAValidationFailure() {
        Api service = Api.on(port);
        Api.Answer answer = service.send("POST", service.root() + "/api/v1/labs", "{\"customPlatform\":"
                + "{\"pageSizeLog2\":12,\"addressBits\":64,\"mapSizes\":[12,null]}}");
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.text("/code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.text("/detail")).contains("mapSizes");
    }
}
