package dev.pagerlab.app.config;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Actuator health, info and the Prometheus numbers an instructor graphs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservabilityTest {

    @LocalServerPort
    int port;

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    /** The value of an untagged counter in Prometheus's text format. */
    private static double counter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst().orElseThrow();
    }

    @Test
    void healthAndInfoAnswer() throws Exception {
        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/info")).contains("pagerlab");
    }

    @Test
    void prometheusCountsFaultsByOutcomeAndPlatformAndMappingSizes() throws Exception {
        Api lab = Api.on(port).newLab("x86_64");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4M\"}");
        lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");
        int sizeLog2 = lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x1000\",\"type\":\"READ\"}")
                .integer("/mapping/sizeLog2");
        lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x50000000\",\"type\":\"READ\"}");

        String metrics = get("/actuator/prometheus");

        assertThat(metrics).contains("pagerlab_faults_total{outcome=\"RESOLVED\",platform=\"x86_64\"}")
                .contains("pagerlab_faults_total{outcome=\"NO_REGION\",platform=\"x86_64\"}")
                .contains("pagerlab_mappings_installed_total{platform=\"x86_64\",size_log2=\"" + sizeLog2 + "\"}")
                .contains("pagerlab_regions_attached_total{platform=\"x86_64\"}")
                .contains("pagerlab_fault_resolution_seconds_count{platform=\"x86_64\"}")
                .contains("pagerlab_labs ")
                .contains("pagerlab_sse_subscribers ");
        // Tests keep labs in SQLite (a file per context): the set-up and the two faults went through the group commit.
        assertThat(counter(metrics, "pagerlab_journal_operations_total")).isGreaterThanOrEqualTo(6);
        assertThat(counter(metrics, "pagerlab_journal_commits_total")).isBetween(1.0,
                counter(metrics, "pagerlab_journal_operations_total"));
        lab.delete("");
    }
}
