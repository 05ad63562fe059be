package dev.pagerlab.app.traceruns;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A trace run has its own body limit; every other request keeps the general one. Small limits keep the test quick. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pagerlab.limits.request-body=2KB", "pagerlab.limits.trace-body=8KB"})
class TraceBodyLimitTest {

    @LocalServerPort
    int port;

    @Test
    void aTraceRunMayBeLargerThanOtherRequestsButNotLargerThanItsOwnLimit() {
        Api lab = Api.on(port).newLab("foc");
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1M\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");

        String fiveKilobytes = "READ 0x10\\n".repeat(500);                      // 5,000 bytes of trace
        var accepted = lab.post("/trace-runs", "{\"thread\":\"" + thread + "\",\"trace\":\"" + fiveKilobytes + "\"}");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.integer("/runs/0/accesses")).isEqualTo(500);

        var tooLarge = lab.post("/trace-runs", "{\"thread\":\"" + thread + "\",\"trace\":\""
                + fiveKilobytes.repeat(2) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.text("/code")).isEqualTo("BODY_TOO_LARGE");

        var elsewhere = lab.post("/fault-handlers", "{\"label\":\"" + "x".repeat(5000) + "\"}");
        assertThat(elsewhere.status()).isEqualTo(413);
    }
}
