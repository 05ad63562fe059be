package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST .../fault-batches over a real socket: a batch answers exactly what the same faults answer one by one, in JSON
 * and as a text trace; a refused batch changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FaultBatchTest {

    private static final String[] TYPES = {"READ", "READ", "READ", "WRITE", "EXEC"};

    @LocalServerPort
    int port;

    /** Two threads in an address space with a writable, a read-only and a nested region, and a handled hole. */
    static List<String> setUp(Api lab) {
        String as = lab.create("/rm-sessions", "{\"size\":\"16M\"}");
        String inner = lab.create("/rm-sessions", "{\"size\":\"1M\"}");
        String ram = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"1M\"}");
        String rom = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\",\"writable\":false}");
        String innerDs = lab.get("/rm-sessions/" + inner).text("/dataspace");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ram + "\",\"at\":\"0x0\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + rom + "\",\"at\":\"0x200000\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + innerDs + "\",\"at\":\"0x400000\"}");
        lab.create("/rm-sessions/" + inner + "/regions", "{\"dataspace\":\"" + ram + "\",\"at\":\"0x10000\","
                + "\"size\":\"256K\"}");
        String handler = lab.create("/fault-handlers", "{}");
        lab.put("/rm-sessions/" + inner + "/fault-handler", "{\"handler\":\"" + handler + "\"}");
        return List.of(lab.create("/rm-sessions/" + as + "/threads", "{}"),
                lab.create("/rm-sessions/" + as + "/threads", "{}"));
    }

    record Fault(String thread, String type, String addr) {
    }

    static List<Fault> randomFaults(SplittableRandom random, List<String> threads, int n) {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Mostly inside the regions, sometimes in a hole (NO_REGION stops, the nested hole reflects).
            long addr = random.nextInt(10) == 0 ? random.nextLong(0, 16L << 20) : switch (random.nextInt(3)) {
                case 0 -> random.nextLong(0, 1 << 20);
                case 1 -> 0x200000 + random.nextLong(0, 64 << 10);
                default -> 0x400000 + random.nextLong(0, 1 << 20);
            };
            faults.add(new Fault(threads.get(random.nextInt(threads.size())), TYPES[random.nextInt(TYPES.length)],
                    "0x" + Long.toHexString(addr)));
        }
        return faults;
    }

    static String json(List<Fault> faults) {
        StringJoiner body = new StringJoiner(",", "{\"faults\":[", "]}");
        faults.forEach(f -> body.add("{\"thread\":\"" + f.thread() + "\",\"addr\":\"" + f.addr() + "\",\"type\":\""
                + f.type() + "\"}"));
        return body.toString();
    }

    private static String text(List<Fault> faults) {
        StringBuilder body = new StringBuilder("# a trace\n\n");
        for (int i = 0; i < faults.size(); i++) {
            Fault f = faults.get(i);
            if (i % 7 == 3) {
                body.append("  // a comment\r\n \t\n");
            }
            // Any case, any run of blanks, LF or CRLF, and a last line without an end.
            body.append(i % 5 == 0 ? " " : "").append(f.thread()).append(i % 3 == 0 ? "  " : " ")
                    .append(i % 2 == 0 ? f.type().toLowerCase() : f.type()).append('\t').append(f.addr())
                    .append(i == faults.size() - 1 ? "" : i % 4 == 0 ? "\r\n" : "\n");
        }
        return body.toString();
    }

    private Api.Answer postText(Api lab, String query, String body) {
        return lab.send("POST", lab.url("/fault-batches" + query), body, "text/plain");
    }

    @Test
    void aBatchAnswersWhatTheSameFaultsAnswerOneByOne() {
        for (long seed = 1; seed <= 8; seed++) {
            // Odd seeds with every fault's trace, even ones without (results written without a DTO).
            String explain = seed % 2 == 1 ? "?explain=true" : "";
            Api batchLab = Api.on(port).newLab("foc");
            Api singleLab = Api.on(port).newLab("foc");
            List<String> threads = setUp(batchLab);
            assertThat(setUp(singleLab)).isEqualTo(threads);
            List<Fault> faults = randomFaults(new SplittableRandom(seed), threads, 60);

            Api.Answer batch = batchLab.post("/fault-batches" + explain, json(faults));
            assertThat(batch.status()).as("seed %d: %s", seed, batch.body()).isEqualTo(200);
            JsonNode results = batch.body().get("results");
            assertThat(results.size()).isEqualTo(faults.size());
            for (int i = 0; i < faults.size(); i++) {
                Fault f = faults.get(i);
                Api.Answer single = singleLab.post("/threads/" + f.thread() + "/faults" + explain,
                        "{\"addr\":\"" + f.addr() + "\",\"type\":\"" + f.type() + "\"}");
                JsonNode element = results.get(i);
                if (single.status() == 409) {
                    assertThat(single.text("/code")).isEqualTo("THREAD_NOT_RUNNING");
                    assertThat(element.get("outcome").asString()).as("seed %d fault %d", seed, i)
                            .isEqualTo("THREAD_NOT_RUNNING");
                    assertThat(element.get("detail").asString()).isEqualTo(single.text("/detail"));
                    assertThat(element.at("/thread/state").asString()).isNotEqualTo("RUNNING");
                } else {
                    assertThat(single.status()).isEqualTo(200);
                    assertThat(element).as("seed %d fault %d", seed, i).isEqualTo(single.body());
                }
            }
            assertThat(batchLab.get("/rm-sessions/rm-1/mappings").body())
                    .isEqualTo(singleLab.get("/rm-sessions/rm-1/mappings").body());
            assertThat(batchLab.get("/threads").body()).isEqualTo(singleLab.get("/threads").body());
            assertCountsAreTheTally(batch.body());
        }
    }

    private static void assertCountsAreTheTally(JsonNode answer) {
        JsonNode counts = answer.get("counts");
        assertThat(counts.propertyNames()).containsExactly("RESOLVED", "REFLECTED", "NO_REGION", "WRITE_VIOLATION",
                "EXEC_VIOLATION", "RECURSION_LIMIT", "THREAD_NOT_RUNNING");
        for (String outcome : counts.propertyNames()) {
            long tally = 0;
            for (JsonNode r : answer.get("results")) {
                tally += r.get("outcome").asString().equals(outcome) ? 1 : 0;
            }
            assertThat(counts.get(outcome).asLong()).as(outcome).isEqualTo(tally);
        }
    }

    @Test
    void aTextTraceAndCountsOnlyAnswerTheSameAsJson() {
        for (long seed = 11; seed <= 13; seed++) {
            Api jsonLab = Api.on(port).newLab("foc");
            Api textLab = Api.on(port).newLab("foc");
            Api countLab = Api.on(port).newLab("foc");
            List<String> threads = setUp(jsonLab);
            setUp(textLab);
            setUp(countLab);
            List<Fault> faults = randomFaults(new SplittableRandom(seed), threads, 2_000);

            Api.Answer fromJson = jsonLab.post("/fault-batches", json(faults));
            Api.Answer fromText = postText(textLab, "", text(faults));
            Api.Answer counted = countLab.post("/fault-batches?results=none", json(faults));
            assertThat(fromJson.status()).isEqualTo(200);
            assertThat(fromText.body()).isEqualTo(fromJson.body());
            assertThat(counted.body().propertyNames()).containsExactly("counts");
            assertThat(counted.body().get("counts")).isEqualTo(fromJson.body().get("counts"));
            assertThat(countLab.get("/rm-sessions/rm-1/mappings").body())
                    .isEqualTo(jsonLab.get("/rm-sessions/rm-1/mappings").body());
            assertCountsAreTheTally(fromJson.body());
        }
    }

    @Test
    void tenThousandFaultsAreAnsweredAsAStream() {
        Api lab = Api.on(port).newLab("foc");
        List<String> threads = setUp(lab);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            faults.add(new Fault(threads.getFirst(), "READ", "0x" + Long.toHexString((i % 256) << 12)));
        }
        Api.Answer answer = lab.post("/fault-batches", json(faults));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("results").size()).isEqualTo(10_000);
        assertThat(answer.body().at("/counts/RESOLVED").asInt()).isEqualTo(10_000);
        // Written as it is produced: chunked, no length known in advance.
        assertThat(answer.headers().firstValue("content-length")).isEmpty();
    }

    @Test
    void aRefusedBatchChangesNothing() {
        Api lab = Api.on(port).newLab("foc");
        List<String> threads = setUp(lab);
        String good = "{\"thread\":\"" + threads.getFirst() + "\",\"addr\":\"0x1000\",\"type\":\"READ\"}";

        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + ",{\"thread\":\"th-99\",\"addr\":\"0x0\","
                + "\"type\":\"READ\"}]}"), 404, "NOT_FOUND", "fault 2: no thread th-99");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + ",{\"thread\":\"x\",\"addr\":\"0x0\","
                + "\"type\":\"READ\"}]}"), 400, "VALIDATION_FAILED", "faults[1]");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + ",{\"thread\":\"th-1\",\"type\":\"READ\"}]}"),
                400, "VALIDATION_FAILED", "faults[1]: thread, addr and type are required");
        assertProblem(lab.post("/fault-batches", "{}"), 400, "VALIDATION_FAILED", "'faults' is required");
        assertProblem(lab.post("/fault-batches", "{\"faults\":null}"), 400, "VALIDATION_FAILED", "'faults' is required");
        assertProblem(lab.post("/fault-batches", "[" + good + "]"), 400, "VALIDATION_FAILED", "expected a JSON object");
        assertProblem(lab.post("/fault-batches", "{\"faults\":" + good + "}"), 400, "VALIDATION_FAILED",
                "'faults': expected an array");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "],\"explain\":1}"), 400,
                "VALIDATION_FAILED", "'explain': expected true or false");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "],\"faults\":[]}"), 400,
                "VALIDATION_FAILED", "'faults': duplicate field");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "],\"fault\":[]}"), 400,
                "VALIDATION_FAILED", "unknown field 'fault'");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + ",null]}"), 400, "VALIDATION_FAILED",
                "faults[1]: thread, addr and type are required");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + ",\"th-1 READ 0x0\"]}"), 400,
                "VALIDATION_FAILED", "faults[1]: expected an object");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("}", ",\"ofset\":0}")
                + "]}"), 400, "VALIDATION_FAILED", "unknown field 'faults[1].ofset'");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("}", ",\"addr\":\"0x0\"}")
                + "]}"), 400, "VALIDATION_FAILED", "'faults[1].addr': duplicate field");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("0x1000", "0x1_000")
                + "]}"), 400, "VALIDATION_FAILED", "'faults[1].addr': '0x1_000' is not an address");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("\"0x1000\"", "4096.5")
                + "]}"), 400, "VALIDATION_FAILED", "'faults[1].addr': expected an address");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("\"0x1000\"",
                "9007199254740993") + "]}"), 400, "VALIDATION_FAILED", "'faults[1].addr': 9007199254740993 is above 2^53");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("READ", "read")
                + "]}"), 400, "VALIDATION_FAILED", "'faults[1].type' must be one of READ, WRITE, EXEC, not \"read\"");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("\"READ\"", "0")
                + "]}"), 400, "VALIDATION_FAILED", "'faults[1].type' must be one of READ, WRITE, EXEC, not 0");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("\"" + threads.getFirst()
                + "\"", "1") + "]}"), 400, "VALIDATION_FAILED", "'faults[1].thread': expected a string");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "," + good.replace("}", "") + "]}"), 400,
                "VALIDATION_FAILED", "malformed JSON at /faults/1");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + good + "]} {}"), 400, "VALIDATION_FAILED",
                "malformed JSON: content after the end of the object");
        assertProblem(lab.post("/fault-batches?results=some", "{\"faults\":[" + good + "]}"), 400,
                "VALIDATION_FAILED", "results must be 'all' or 'none'");
        assertProblem(lab.post("/fault-batches", "{\"faults\":[" + (good + ",").repeat(10_000) + good + "]}"), 400,
                "VALIDATION_FAILED", "at most 10000 faults");
        assertProblem(postText(lab, "", "th-1 READ 0x1000\n\nth-1 READ\n"), 400, "VALIDATION_FAILED", "line 3:");
        assertProblem(postText(lab, "", "th-1 READ 0x1000\nth-1 LOAD 0x1000\n"), 400, "VALIDATION_FAILED",
                "line 2: 'LOAD' is not an access");
        assertProblem(postText(lab, "", "th-1 READ 0x1000\nth-1 READ 0x1_000\n"), 400, "VALIDATION_FAILED",
                "line 2: '0x1_000' is not an address");
        assertProblem(postText(lab, "", "thread-1 READ 0x1000\n"), 400, "VALIDATION_FAILED", "line 1:");

        Api x86_32 = Api.on(port).newLab("x86_32");
        String as = x86_32.create("/rm-sessions", "{\"size\":\"16M\"}");
        String thread = x86_32.create("/rm-sessions/" + as + "/threads", "{}");
        assertProblem(postText(x86_32, "", thread + " READ 0x1000\n" + thread + " READ 0x100000000\n"), 400,
                "VALIDATION_FAILED", "fault 2: 0x100000000 does not fit the 32-bit addresses");

        assertThat(lab.get("").integer("/counts/installedMappings")).isZero();
        assertThat(lab.get("/threads/" + threads.getFirst()).text("/state")).isEqualTo("RUNNING");
        assertThat(x86_32.get("/threads/" + thread).text("/state")).isEqualTo("RUNNING");
    }

    private static void assertProblem(Api.Answer answer, int status, String code, String detail) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(answer.text("/code")).isEqualTo(code);
        assertThat(answer.text("/detail")).contains(detail);
    }
}
