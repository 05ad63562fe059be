package dev.pagerlab.app.labs;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab's history is bounded ({@code pagerlab.limits.operations-per-lab}): at the limit, whatever would add to it is
 * refused with 429 QUOTA_EXCEEDED and changes nothing, a batch that would pass it is refused whole, other labs go
 * on, and a reset makes room again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "pagerlab.limits.operations-per-lab=" + OperationLimitTest.LIMIT)
class OperationLimitTest {

    static final int LIMIT = 40;

    @LocalServerPort
    int port;

    @Autowired
    LabRegistry labs;

    @Test
    void aFullLabRefusesWhatWouldAddToItsHistoryUntilItIsReset() {
        Api lab = Api.on(port).newLab("foc");
        Api other = Api.on(port).newLab("foc");
        String thread = setUp(lab);
        setUp(other);
        long before = length(lab);
        assertThat(before).isEqualTo(4);

        // A batch that would pass the limit is refused whole, before any of it runs.
        Api.Answer tooMany = lab.post("/fault-batches", batch(thread, LIMIT));
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.text("/code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(tooMany.text("/detail")).contains("operations-per-lab").contains("/reset");
        assertThat(length(lab)).isEqualTo(before);

        // One that fits runs; then single requests until the history is full.
        assertThat(lab.post("/fault-batches?results=none", batch(thread, LIMIT - 10)).status()).isEqualTo(200);
        while (length(lab) < LIMIT) {
            assertThat(lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x1000\",\"type\":\"READ\"}")
                    .status()).isEqualTo(200);
        }
        String mappings = lab.get("/rm-sessions/rm-1/mappings").body().toString();
        for (Api.Answer refused : new Api.Answer[]{
                lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x2000\",\"type\":\"READ\"}"),
                lab.post("/fault-batches", batch(thread, 1)),
                lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}"),
                lab.delete("/rm-sessions/rm-1/regions/0x0")}) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.text("/code")).isEqualTo("QUOTA_EXCEEDED");
        }
        assertThat(length(lab)).isEqualTo(LIMIT);
        assertThat(lab.get("/rm-sessions/rm-1/mappings").body().toString()).isEqualTo(mappings);
        // Reading is not adding: the full lab still answers.
        assertThat(lab.get("/threads").status()).isEqualTo(200);

        // Another lab is not affected.
        assertThat(other.post("/fault-batches?results=none", batch(thread, 20)).status()).isEqualTo(200);

        // A reset empties the history, and the lab takes operations again.
        assertThat(lab.post("/reset", "").status()).isEqualTo(200);
        assertThat(length(lab)).isZero();
        assertThat(lab.post("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}").status()).isEqualTo(201);
    }

    /** An address space with 64 KiB of RAM at 0x0 and a thread: four operations. */
    private static String setUp(Api lab) {
        lab.create("/rm-sessions", "{\"size\":\"16M\"}");
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}");
        lab.create("/rm-sessions/rm-1/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x0\"}");
        return lab.create("/rm-sessions/rm-1/threads", "{}");
    }

    private static String batch(String thread, int faults) {
        StringJoiner body = new StringJoiner(",", "{\"faults\":[", "]}");
        for (int i = 0; i < faults; i++) {
            body.add("{\"thread\":\"" + thread + "\",\"addr\":\"0x" + Integer.toHexString((i % 16) << 12)
                    + "\",\"type\":\"READ\"}");
        }
        return body.toString();
    }

    private long length(Api lab) {
        return labs.get(lab.labId()).lab().historyLength();
    }
}
