package dev.pagerlab.app.traceruns;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Trace runs through HTTP: the superpage factor on microblaze, its collapse, the three trace forms, refusals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TraceRunsOverHttpTest {

    @LocalServerPort
    int port;

    private Api service;

    @BeforeEach
    void connect() {
        service = Api.on(port);
    }

    /** A lab with a 16 MiB RAM dataspace at phys 16 MiB in a 1 GiB address space, attached with {@code window}. */
    private record Layout(Api lab, String as, String thread, String at) {
    }

    private Layout layout(String platform, String window) {
        Api lab = service.newLab(platform);
        lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        String big = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"16M\"}");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        String at = lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + big + "\"" + window + "}");
        return new Layout(lab, as, lab.create("/rm-sessions/" + as + "/threads", "{}"), at);
    }

    private static Api.Answer run(Layout l, String body) {
        return l.lab.post("/trace-runs", "{\"thread\":\"" + l.thread + "\"," + body + "}");
    }

    @Test
    void onMicroBlazeBestNeedsOneTlbEntryWhereSinglePageNeeds4096() {
        Layout l = layout("microblaze", "");
        var before = l.lab.get("");

        var answer = run(l, "\"pattern\":{\"name\":\"sequential\",\"base\":\"0x0\",\"size\":\"16M\"},"
                + "\"tlb\":{\"entries\":64,\"policy\":\"LRU\"},\"pagers\":[\"BEST\",\"SINGLE_PAGE\"]");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("/runs/0/pager")).isEqualTo("BEST");
        assertThat(answer.integer("/runs/0/accesses")).isEqualTo(262_144);
        assertThat(answer.integer("/runs/0/tlbMisses")).isEqualTo(1);
        assertThat(answer.integer("/runs/0/faults")).isEqualTo(1);
        assertThat(answer.integer("/runs/0/mappingsInstalled")).isEqualTo(1);
        assertThat(answer.integer("/runs/0/mappingSizes/24")).isEqualTo(1);
        assertThat(answer.text("/runs/1/pager")).isEqualTo("SINGLE_PAGE");
        assertThat(answer.integer("/runs/1/tlbMisses")).isEqualTo(4096);
        assertThat(answer.integer("/runs/1/faults")).isEqualTo(4096);
        assertThat(answer.integer("/runs/1/mappingSizes/12")).isEqualTo(4096);
        assertThat(answer.body().at("/runs/0/stoppedAt").isMissingNode()).isTrue();
        assertThat(answer.body().at("/ratios/tlbMisses").asDouble()).isEqualTo(4096.0);
        assertThat(answer.body().at("/ratios/faults").asDouble()).isEqualTo(4096.0);
        // The lab itself is untouched: no mapping installed, the same counts as before (it was used, so only
        // its expiry moved on).
        assertThat(l.lab.get("/rm-sessions/" + l.as + "/mappings").body().size()).isZero();
        var after = l.lab.get("").body();
        ((tools.jackson.databind.node.ObjectNode) after).remove("expiresAt");
        ((tools.jackson.databind.node.ObjectNode) before.body()).remove("expiresAt");
        assertThat(after).isEqualTo(before.body());
    }

    @Test
    void anOffsetThatBreaksAlignmentCollapsesTheFactorToOne() {
        Layout l = layout("microblaze", ",\"offset\":\"4K\"");

        var answer = run(l, "\"pattern\":{\"name\":\"sequential\",\"base\":\"" + l.at + "\",\"size\":\"0xfff000\"}");

        assertThat(answer.status()).isEqualTo(200);
        for (String run : List.of("/runs/0", "/runs/1")) {
            assertThat(answer.integer(run + "/faults")).isEqualTo(4095);
            assertThat(answer.integer(run + "/tlbMisses")).isEqualTo(4095);
        }
        assertThat(answer.body().at("/ratios/tlbMisses").asDouble()).isEqualTo(1.0);
        assertThat(answer.body().at("/ratios/faults").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aTextTraceAndAListGiveTheSameRunAndAStopSaysWhere() {
        Layout l = layout("x86_64", "");
        String text = "# a two-page walk, then off the end of the region\\nREAD 0x0\\nWRITE 0x200000\\n\\n"
                + "read 0x1000000\\n";
        var fromText = run(l, "\"trace\":\"" + text + "\"");
        var fromList = run(l, "\"accesses\":[{\"type\":\"READ\",\"addr\":\"0x0\"},{\"type\":\"WRITE\",\"addr\":2097152},"
                + "{\"type\":\"READ\",\"addr\":\"16M\"}]");

        assertThat(fromText.status()).isEqualTo(200);
        assertThat(fromText.body()).isEqualTo(fromList.body());
        assertThat(fromText.integer("/runs/0/faults")).isEqualTo(3);
        assertThat(fromText.integer("/runs/0/mappingSizes/21")).isEqualTo(2);
        assertThat(fromText.integer("/runs/0/stoppedAt/index")).isEqualTo(2);
        assertThat(fromText.text("/runs/0/stoppedAt/addr")).isEqualTo("0x1000000");
        assertThat(fromText.text("/runs/0/stoppedAt/outcome")).isEqualTo("NO_REGION");
        assertThat(fromText.text("/runs/0/stoppedAt/rmSession")).isEqualTo(l.as);
        assertThat(fromText.integer("/runs/1/faults")).isEqualTo(3);
        // The lab's thread keeps running: the stop happened on a copy.
        assertThat(l.lab.get("/threads/" + l.thread).text("/state")).isEqualTo("RUNNING");
    }

    @Test
    void aMillionAccessesFitOneRunWhetherNamedOrSentAsText() {
        Layout l = layout("microblaze", "");
        var named = run(l, "\"pattern\":{\"name\":\"strided\",\"base\":\"0x0\",\"size\":\"16M\",\"stride\":\"4K\","
                + "\"accesses\":1000000},\"pagers\":[\"SINGLE_PAGE\"]");
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.integer("/runs/0/accesses")).isEqualTo(1_000_000);
        assertThat(named.integer("/runs/0/tlbMisses")).isEqualTo(1_000_000); // 4096 pages round robin, 64 entries
        assertThat(named.body().at("/ratios/faults").isMissingNode()).isTrue();

        StringBuilder text = new StringBuilder(10_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            text.append("READ 0x").append(Integer.toHexString((i & 0xFFF) << 12)).append("\\n");
        }
        var sent = run(l, "\"trace\":\"" + text + "\"");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.integer("/runs/1/tlbMisses")).isEqualTo(1_000_000);
        assertThat(sent.integer("/runs/0/tlbMisses")).isEqualTo(1);

        var tooMany = run(l, "\"pattern\":{\"name\":\"random\",\"base\":\"0x0\",\"size\":\"16M\","
                + "\"accesses\":1000001}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.text("/code")).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aTraceLineThatDoesNotParseIsA400NamingItsLine() {
        Layout l = layout("foc", "");
        var answer = run(l, "\"trace\":\"READ 0x0\\nREAD 0x1000\\nLOAD 0x2000\\n\"");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.text("/code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.text("/detail")).isEqualTo("trace line 3: 'LOAD 0x2000' is not 'READ|WRITE|EXEC address'"
                + " (such as 'READ 0x1000')");
    }

    @Test
    void badRunsAreProblemsThatChangeNothing() {
        Layout l = layout("microblaze", "");
        String one = "\"accesses\":[{\"type\":\"READ\",\"addr\":\"0x0\"}]";
        record Case(String body, int status, String code, String detail) {
        }
        List<Case> cases = List.of(
                new Case("\"tlb\":{\"entries\":64}", 400, "VALIDATION_FAILED", "give the accesses in exactly one"
                        + " form: 'accesses' (a list), 'trace' (text) or 'pattern' (a named pattern)"),
                new Case(one + ",\"trace\":\"READ 0x0\"", 400, "VALIDATION_FAILED", null),
                new Case("\"pattern\":{\"name\":\"zigzag\",\"base\":\"0x0\"}", 400, "VALIDATION_FAILED",
                        "unknown trace pattern 'zigzag'; known: sequential, strided, random, transpose"),
                new Case("\"pattern\":{\"name\":\"strided\",\"base\":\"0x0\",\"size\":\"16M\",\"step\":\"64\"}", 400,
                        "VALIDATION_FAILED", "strided takes no 'step' (it takes base, size, stride, accesses, type)"),
                new Case(one + ",\"tlb\":{\"entries\":0}", 400, "VALIDATION_FAILED", null),
                new Case(one + ",\"pagers\":[\"BEST\",\"BEST\"]", 400, "VALIDATION_FAILED",
                        "pager BEST is named twice"),
                new Case(one + ",\"pagers\":[\"WORST\"]", 400, "VALIDATION_FAILED", null),
                new Case(one + ",\"tbl\":{}", 400, "VALIDATION_FAILED", "unknown field 'tbl'"),
                new Case("\"accesses\":[{\"type\":\"READ\",\"addr\":\"0x100000000\"}]", 400, "VALIDATION_FAILED",
                        "access 0 (READ 0x100000000) does not fit the 32-bit addresses of microblaze"));
        for (Case c : cases) {
            var answer = run(l, c.body);
            assertThat(answer.status()).as(c.body).isEqualTo(c.status);
            assertThat(answer.text("/code")).as(c.body).isEqualTo(c.code);
            if (c.detail != null) {
                assertThat(answer.text("/detail")).as(c.body).isEqualTo(c.detail);
            }
        }
        var unknownThread = l.lab.post("/trace-runs", "{\"thread\":\"th-9\"," + one + "}");
        assertThat(unknownThread.status()).isEqualTo(404);
        assertThat(unknownThread.text("/detail")).isEqualTo("no thread th-9");
        var unknownLab = l.lab.lab("lab-nope").post("/trace-runs", "{\"thread\":\"th-1\"," + one + "}");
        assertThat(unknownLab.status()).isEqualTo(404);

        l.lab.post("/threads/" + l.thread + "/faults", "{\"addr\":\"0x3000_0000\",\"type\":\"READ\"}");
        l.lab.post("/threads/" + l.thread + "/faults", "{\"addr\":\"0x30000000\",\"type\":\"READ\"}"); // stops it
        var stopped = run(l, one);
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.text("/code")).isEqualTo("THREAD_NOT_RUNNING");
        assertThat(l.lab.get("/rm-sessions/" + l.as + "/mappings").body().size()).isZero();
    }

    @Test
    void listsThePatternsWithTheirParametersAndDefaults() {
        var answer = service.send("GET", service.root() + "/api/v1/trace-patterns", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().valueStream().map(p -> p.get("name").asString()).toList())
                .containsExactly("sequential", "strided", "random", "transpose");
        assertThat(answer.text("/0/parameters/0/name")).isEqualTo("base");
        assertThat(answer.body().at("/0/parameters/0/required").asBoolean()).isTrue();
        assertThat(answer.text("/0/parameters/2/name")).isEqualTo("step");
        assertThat(answer.text("/0/parameters/2/defaultValue")).isEqualTo("64");
        assertThat(answer.text("/3/description")).contains("column-major");
    }
}
