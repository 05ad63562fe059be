package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single fault's answer written by {@link SingleFaultAnswer} (no Accept, {@code *}{@code /*}, {@code application/json})
 * is the answer Spring writes (any other Accept that takes JSON): the same status, Content-Type, Content-Length and
 * bytes, for each outcome. Each pair of faults runs on two threads in the same state, so that both answers describe
 * the same fault.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SingleFaultAnswerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private Api lab;
    private int threads;

    @BeforeEach
    void aLabWithAReadOnlyRegion() {
        lab = Api.on(port).newLab("foc");
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"16M\"}");
        lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        lab.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"ds-1\",\"at\":\"0x1000000\",\"writable\":false}");
    }

    @AfterEach
    void destroyTheLab() {
        assertThat(lab.delete("").status()).isEqualTo(204);
    }

    private String newThread() {
        lab.create("/rm-sessions/rm-1/threads", "{}");
        return "th-" + ++threads;
    }

    /** An answer, its thread's id replaced by th-X; {@code unsent}: Content-Length minus the bytes received. */
    private record Answer(int status, String contentType, long unsent, String body) {
    }

    private Answer fault(String thread, String query, String body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(lab.url("/threads/" + thread + "/faults"
                + query))).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValueAsLong("Content-Length").orElse(-1)
                            - response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    response.body().replace("\"" + thread + "\"", "\"th-X\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachOutcomeIsAnsweredAsSpringAnswersIt() {
        Random random = new Random(13);
        String[] written = {null, "*/*", "application/json"};
        String[] spring = {"application/json;q=0.9", "application/*", "text/html, application/json",
                "application/json, text/plain"};
        for (int i = 0; i < 40; i++) {
            long addr = switch (i % 4) {
                case 0, 1 -> 0x1000000 + random.nextLong(16 << 20);    // in the region: RESOLVED or WRITE_VIOLATION
                case 2 -> random.nextLong(0x1000000);                  // below it: NO_REGION
                default -> 0x2000000 + random.nextLong(1 << 29);       // above it: NO_REGION
            };
            String type = switch (random.nextInt(4)) {
                case 0 -> "WRITE";
                case 1 -> "EXEC";
                default -> "READ";
            };
            String body = "{\"addr\":\"0x" + Long.toHexString(addr) + "\",\"type\":\"" + type + "\"}";
            Answer ours = fault(newThread(), "", body, written[i % written.length]);
            Answer theirs = fault(newThread(), "", body, spring[i % spring.length]);
            assertThat(ours).as(body).isEqualTo(theirs);
            assertThat(ours.status()).isEqualTo(200);
            assertThat(ours.contentType()).isEqualTo("application/json");
            assertThat(ours.unsent()).as("Content-Length is the body's").isZero();
        }
    }

    @Test
    void aTracedFaultIsAnsweredBySpringWithItsTrace() {
        Answer traced = fault(newThread(), "?explain=true", "{\"addr\":\"0x1000000\",\"type\":\"READ\"}", null);
        assertThat(traced.status()).isEqualTo(200);
        assertThat(traced.body()).contains("\"outcome\":\"RESOLVED\"").contains("\"trace\":[");
    }

    @Test
    void aStoppedThreadIsStillRefusedWithAProblem() {
        String thread = newThread();
        assertThat(fault(thread, "", "{\"addr\":\"0x0\",\"type\":\"READ\"}", null).body())
                .contains("\"outcome\":\"NO_REGION\"");
        Answer refused = fault(thread, "", "{\"addr\":\"0x1000000\",\"type\":\"READ\"}", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body()).contains("\"code\":\"THREAD_NOT_RUNNING\"");
    }

    /**
     * On random labs of every platform: each report is written, for the Accept headers that take it, as the app's
     * mapper serializes its DTO; for the others nothing is written and Spring answers.
     */
    @Test
    void writesWhatTheDtoSerializesToForTheAcceptsItTakes() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> outcomes = new TreeSet<>();
        String[] accepts = {null, "", "*/*", "application/json", "application/xml", "application/*",
                "application/json;q=0.9", "text/html, application/json"};
        int written = 0;
        for (long seed = 1; seed <= 40; seed++) {
            List<PlatformProfile> platforms = PlatformProfile.builtIns();
            Lab lab = Lab.create(LabConfig.of(platforms.get((int) (seed % platforms.size()))), LabEventListener.NONE)
                    .orThrow();
            RandomOperations operations = new RandomOperations(seed);
            for (int i = 0; i < 200; i++) {
                if (lab.apply(operations.next()) instanceof Result.Ok<?>(FaultReport report)) {
                    String accept = accepts[i % accepts.length];
                    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/");
                    if (accept != null) {
                        request.addHeader("Accept", accept);
                    }
                    MockHttpServletResponse response = new MockHttpServletResponse();
                    boolean takes = accept == null || accept.isEmpty() || accept.equals("*/*")
                            || accept.equals("application/json");
                    assertThat(SingleFaultAnswer.written(report, request, response)).as("seed %d, Accept %s", seed, accept)
                            .isEqualTo(takes && report.trace().isEmpty());
                    if (takes && report.trace().isEmpty()) {
                        written++;
                        outcomes.add(report.resolution().outcome());
                        assertThat(response.getContentType()).isEqualTo("application/json");
                        assertThat(response.getContentAsString()).as("seed %d", seed)
                                .isEqualTo(json.writeValueAsString(Dto.FaultResultDto.of(report)));
                    } else {
                        assertThat(response.getContentAsByteArray()).isEmpty();
                    }
                }
            }
        }
        assertThat(written).isGreaterThan(100);
        assertThat(outcomes).contains("RESOLVED", "REFLECTED", "NO_REGION", "WRITE_VIOLATION");
    }
}
