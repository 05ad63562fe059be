package dev.pagerlab.app.hardening;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lenient readings a client may not have meant are refused with VALIDATION_FAILED naming the field, and change
 * nothing: duplicate keys, scalars of the wrong JSON type, fractions for integers, malformed text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StrictJsonTest {

    @LocalServerPort
    int port;

    private Api lab;

    @BeforeEach
    void aLab() {
        lab = Api.on(port).newLab("foc");
    }

    @AfterEach
    void destroyTheLab() {
        // The test context is shared with other classes; its limit of labs is not ours to use up.
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }

    private void assertRefused(Api.Answer answer, String field, String before) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.text("/code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.text("/detail")).as("names the field").contains("'" + field + "'");
        assertThat(snapshot()).isEqualTo(before);
    }

    private String snapshot() {
        return lab.get("").body().toString() + lab.get("/dataspaces").body() + lab.get("/fault-handlers").body();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"IO_MEM","type":"RAM","size":"4K"}                 | type
            {"type":"RAM","size":"4K","size":"8K"}                     | size
            {"type":0,"size":"4K"}                                     | type
            {"type":1,"size":"4K"}                                     | type
            {"type":"RAM","size":"4K","writable":"false"}              | writable
            {"type":"RAM","size":"4K","writable":0}                    | writable
            {"type":"RAM","size":"4K","writable":1}                    | writable
            {"type":"RAM","size":"4K","writable":"0"}                  | writable
            {"type":"RAM","size":"4K","writable":0.0}                  | writable
            {"type":"RAM","size":"4K","cache":0}                       | cache
            {"type":"RAM","size":"\\u20034K"}                          | size
            {"type":"RAM","size":"\\u00a04K"}                          | size
            {"type":"RAM","size":"4K\\u2003"}                          | size
            """)
    void dataspaceBodiesAreReadStrictly(String body, String field) {
        String before = snapshot();
        assertRefused(lab.post("/dataspaces", body), field, before);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"customPlatform":{"pageSizeLog2":12.5,"addressBits":64,"flexpageMaxLog2":22}} | customPlatform.pageSizeLog2
            {"customPlatform":{"pageSizeLog2":"12","addressBits":64,"flexpageMaxLog2":22}} | customPlatform.pageSizeLog2
            {"customPlatform":{"pageSizeLog2":12,"addressBits":64.0,"flexpageMaxLog2":22}} | customPlatform.addressBits
            {"customPlatform":{"pageSizeLog2":12,"addressBits":64,"mapSizes":[12,21.5]}}   | customPlatform.mapSizes[1]
            {"customPlatform":{"pageSizeLog2":12,"addressBits":true,"flexpageMaxLog2":22}} | customPlatform.addressBits
            {"label":5}                                                                    | label
            {"label":"a","label":"b"}                                                      | label
            {"label":"\\ud800"}                                                            | label
            {"label":"x\\udc00y"}                                                          | label
            """)
    void labBodiesAreReadStrictly(String body, String field) {
        Api service = Api.on(port);
        String before = snapshot();
        assertRefused(service.send("POST", service.root() + "/api/v1/labs", body), field, before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"c0af", "e080af", "eda080", "edbfbf", "f8888080af", "80", "c3", "f4908080"})
    void malformedUtf8IsRefusedNamingTheField(String hex) {
        String before = snapshot();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"label\":\"a".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
        byte[] head = ("POST /api/v1/labs/" + lab.labId() + "/fault-handlers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.size() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head);
        request.writeBytes(body.toByteArray());
        RawHttp.Answer answer = RawHttp.send(port, request.toByteArray());
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        var problem = JsonMapper.builder().build().readTree(answer.body());
        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("detail").asString()).contains("'label'");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void wellFormedTextStillPasses() {
        Api.Answer created = lab.post("/fault-handlers", "{\"label\":\"caf\u00e9 \ud83d\ude00 \\ud83d\\ude00\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        assertThat(created.text("/label")).isEqualTo("caf\u00e9 \ud83d\ude00 \ud83d\ude00");
        assertThat(lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\" 4K \",\"writable\":false}").status())
                .isEqualTo(201);
    }
}
