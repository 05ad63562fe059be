package dev.pagerlab.app.web;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused body names the field and what it accepts, in the API's words, not Jackson's or Java's. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FieldMessagesTest {

    @LocalServerPort
    int port;

    private Api.Answer refused(Api.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.text("/code")).isEqualTo("VALIDATION_FAILED");
        return answer;
    }

    @Test
    void aWrongEnumValueNamesTheAcceptedValues() {
        Api lab = Api.on(port).newLab("foc");
        assertThat(refused(lab.post("/dataspaces", "{\"type\":\"ram\",\"size\":\"4K\"}")).text("/detail"))
                .isEqualTo("'type' must be one of RAM, IO_MEM, not \"ram\"");
    }

    @Test
    void aMissingFieldIsNamedAsRequired() {
        Api lab = Api.on(port).newLab("foc");
        assertThat(refused(lab.post("/dataspaces", "{\"size\":\"4K\"}")).text("/detail"))
                .isEqualTo("'type' is required");
        var custom = refused(lab.send("POST", lab.root() + "/api/v1/labs",
                "{\"customPlatform\":{\"pageSizeLog2\":16,\"mapSizes\":[16,21]}}"));
        assertThat(custom.text("/detail")).isEqualTo("'customPlatform.addressBits' is required")
                .doesNotContain("false").doesNotContain("null");
    }
}
