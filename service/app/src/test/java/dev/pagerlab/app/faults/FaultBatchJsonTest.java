package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.model.Access;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON batch read straight from its bytes ({@link FaultBatch#ofCommonJson}) is exactly the batch Jackson's token
 * by token reading ({@link FaultBatch#ofJsonTokens}, with the app's own strict parser) makes of the same body, and
 * for every other body {@link FaultBatch#ofJson} answers as Jackson's reading does: the same batch or the same
 * refusal. Random cases print their seed; replay one with {@code -Dpagerlab.seed=N}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FaultBatchJsonTest {

    private static final int CASES = Integer.getInteger("pagerlab.cases", 1000);
    private static final String[] BLANKS = {"", "", "", " ", "  ", "\n", "\r\n", "\t", " \n\t "};

    @Autowired
    JsonMapper json;

    /** What reading a body came to: the batch's every fault, threads and explain, or the refusal. */
    private static String outcome(Supplier<FaultBatch> read) {
        FaultBatch batch;
        try {
            batch = read.get();
        } catch (Refused e) {
            return "refused " + e.failure();
        }
        StringBuilder shown = new StringBuilder("threads ").append(batch.threads()).append(" explain ")
                .append(batch.explain()).append(" size ").append(batch.size()).append(':');
        for (int i = 0; i < batch.size(); i++) {
            shown.append(' ').append(batch.threadIndex(i)).append('/').append(Long.toHexString(batch.addr(i)))
                    .append('/').append(batch.type(i));
        }
        return shown.toString();
    }

    private String jackson(byte[] body, int max) {
        return outcome(() -> FaultBatch.ofJsonTokens(json.tokenStreamFactory(), body, max));
    }

    private static void seeded(String name, Consumer<Random> invariant) {
        Long only = Long.getLong("pagerlab.seed");
        long base = name.hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < (only != null ? 1 : CASES); i++) {
            long seed = only != null ? only : base + i;
            try {
                invariant.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(name + " failed for seed " + seed + " (replay with -Dpagerlab.seed=" + seed
                        + "): " + e.getMessage(), e);
            }
        }
    }

    private static String blank(Random random) {
        return BLANKS[random.nextInt(BLANKS.length)];
    }

    private static String address(Random random) {
        String digits = switch (random.nextInt(6)) {
            case 0 -> "0";
            case 1 -> Long.toHexString(random.nextLong() | Long.MIN_VALUE);  // 16 digits
            case 2 -> Long.toHexString(random.nextLong() >>> random.nextInt(64));
            default -> Long.toHexString(random.nextLong(1L << 40));
        };
        StringBuilder hex = new StringBuilder(random.nextInt(8) == 0 ? "0X" : "0x");
        for (char c : digits.toCharArray()) {
            hex.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        // The API's other spellings, which the fast path hands to UnsignedInput as the JSON path does.
        return switch (random.nextInt(12)) {
            case 0 -> Long.toUnsignedString(random.nextLong() >>> random.nextInt(64));
            case 1 -> random.nextInt(1 << 20) + String.valueOf("KMGT".charAt(random.nextInt(4)));
            default -> hex.toString();
        };
    }

    /** A valid batch: random blanks, field order, threads, addresses, accesses, explain or none. */
    private static String validBody(Random random, int faults) {
        List<String> threads = List.of("th-1", "th-2", "th-" + (1 + random.nextInt(999_999_999)));
        StringBuilder body = new StringBuilder(blank(random)).append('{').append(blank(random));
        String explain = "\"explain\"" + blank(random) + ":" + blank(random) + random.nextBoolean();
        int explainAt = random.nextInt(3);  // before the faults, after them, or none
        if (explainAt == 0) {
            body.append(explain).append(blank(random)).append(',').append(blank(random));
        }
        body.append("\"faults\"").append(blank(random)).append(':').append(blank(random)).append('[');
        for (int i = 0; i < faults; i++) {
            List<String> fields = new ArrayList<>(List.of(
                    "\"thread\"" + blank(random) + ":" + blank(random) + "\"" + threads.get(random.nextInt(3)) + "\"",
                    "\"addr\"" + blank(random) + ":" + blank(random) + "\"" + address(random) + "\"",
                    "\"type\"" + blank(random) + ":" + blank(random) + "\""
                            + Access.values()[random.nextInt(Access.values().length)] + "\""));
            Collections.shuffle(fields, random);
            body.append(i == 0 ? "" : ",").append(blank(random)).append('{').append(blank(random))
                    .append(String.join(blank(random) + "," + blank(random), fields)).append(blank(random))
                    .append('}').append(blank(random));
        }
        body.append(']').append(blank(random));
        if (explainAt == 1) {
            body.append(',').append(blank(random)).append(explain).append(blank(random));
        }
        return body.append('}').append(blank(random)).toString();
    }

    @Test
    void validBodiesAreReadStraightFromTheirBytesIntoJacksonsBatch() {
        seeded("validBodies", random -> {
            byte[] body = validBody(random, random.nextInt(12)).getBytes(StandardCharsets.US_ASCII);
            String shown = new String(body, StandardCharsets.US_ASCII);
            String jackson = jackson(body, 100);
            assertThat(jackson).as(shown).doesNotStartWith("refused");
            assertThat(FaultBatch.ofCommonJson(body, 100)).as("not read straight: %s", shown).isNotNull();
            assertThat(outcome(() -> FaultBatch.ofCommonJson(body, 100))).as(shown).isEqualTo(jackson);
        });
    }

    @Test
    void aBatchOfTheMostFaultsAllowedIsReadStraightAndOneMoreIsRefusedAsJacksonRefusesIt() {
        seeded("mostFaults", random -> {
            int max = 1 + random.nextInt(20);
            byte[] most = validBody(random, max).getBytes(StandardCharsets.US_ASCII);
            assertThat(FaultBatch.ofCommonJson(most, max)).isNotNull();
            assertThat(outcome(() -> FaultBatch.ofJson(json.tokenStreamFactory(), most, max)))
                    .isEqualTo(jackson(most, max));
            byte[] more = validBody(random, max + 1).getBytes(StandardCharsets.US_ASCII);
            assertThat(FaultBatch.ofCommonJson(more, max)).isNull();
            assertThat(outcome(() -> FaultBatch.ofJson(json.tokenStreamFactory(), more, max)))
                    .isEqualTo(jackson(more, max)).isEqualTo("refused " + FaultBatch.tooMany(max).failure());
        });
    }

    /**
     * Damaged bodies (bytes changed, deleted, doubled or inserted, escapes, duplicate and unknown fields, values of
     * other JSON types, truncation): the fast path reads one only into Jackson's batch, and the whole reading answers
     * each as Jackson's does, a batch or the same refusal.
     */
    @Test
    void damagedBodiesAreAnsweredAsJacksonAnswersThem() {
        int[] readStraight = new int[1];
        int[] refused = new int[1];
        seeded("damagedBodies", random -> {
            byte[] body = validBody(random, random.nextInt(4)).getBytes(StandardCharsets.US_ASCII);
            for (int d = random.nextInt(1, 4); d > 0; d--) {
                body = damage(body, random);
            }
            byte[] damaged = body;
            String shown = new String(damaged, StandardCharsets.ISO_8859_1);
            int max = 1 + random.nextInt(4);
            String jackson = jackson(damaged, max);
            FaultBatch fast = FaultBatch.ofCommonJson(damaged, max);
            if (fast != null) {
                readStraight[0]++;
                assertThat(outcome(() -> fast)).as(shown).isEqualTo(jackson);
            }
            refused[0] += jackson.startsWith("refused") ? 1 : 0;
            assertThat(outcome(() -> FaultBatch.ofJson(json.tokenStreamFactory(), damaged, max))).as(shown)
                    .isEqualTo(jackson);
        });
        // Both kinds came up: damage the fast path still reads (blanks, other values) and damage that is refused.
        assertThat(readStraight[0]).isPositive();
        assertThat(refused[0]).isPositive();
    }

    private static final String[] PIECES = {"{", "}", "[", "]", ":", ",", "\"", "\\", " ", "\t", "\n", "\u000B",
        "x", "0", "1", "-", ".", "e", "u", "a", "F", "t", "n", "null", "true", "false", "42", "-1", "1.5", "[]", "{}",
        "\"\"", "\"READ\"", "\"th-1\"", "\"0x10\"", "\"thread\":\"th-2\",", "\"addr\":\"0x20\",", "\"type\":\"EXEC\",",
        "\"explain\":true,", "\"faults\":[],", "\"x\":1,", "\\u0041", "\\\"", "\\n", "/*c*/", "\u0000"};

    private static byte[] damage(byte[] body, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = random.nextInt(body.length + 1);
        out.write(body, 0, at);
        switch (random.nextInt(7)) {
            case 0 -> at = Math.min(body.length, at + 1 + random.nextInt(3));           // delete a few
            case 1 -> out.write(at < body.length ? body[at] : ' ');                     // double one
            case 2, 3 -> out.writeBytes(PIECES[random.nextInt(PIECES.length)]
                    .getBytes(StandardCharsets.UTF_8));                                 // insert JSON or text
            case 4 -> {                                                                 // change one
                out.write(random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(0x80));
                at = Math.min(body.length, at + 1);
            }
            case 5 -> {                                                                 // escape one
                if (at < body.length) {
                    out.writeBytes("\\u%04x".formatted(body[at] & 0xFF).getBytes(StandardCharsets.US_ASCII));
                    at++;
                }
            }
            default -> at = body.length;                                                // truncate
        }
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    @Test
    void bodiesJacksonReadsDifferentlySpelledAreLeftToIt() {
        for (String body : List.of(
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":\"0x1\",\"type\":\"READ\"}],\"explain\":null}",
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":4096,\"type\":\"READ\"}]}",
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":\"0x1\",\"type\":\"RE\\u0041D\"}]}",
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":\"0x1\",\"type\":\"READ\",\"addr\":\"0x2\"}]}",
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":\"0x1\",\"type\":\"read\"}]}",
                "{\"faults\":[{\"thread\":\"th-01\",\"addr\":\"0x1\",\"type\":\"READ\"}]}",
                "{\"faults\":[{\"thread\":\"th-1\",\"addr\":\"0x" + "0".repeat(31) + "1\",\"type\":\"READ\"}]}",
                "{\"faults\":[]} x", "{\"faults\":null}", "{}", "[]", "")) {
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            assertThat(FaultBatch.ofCommonJson(bytes, 10)).as(body).isNull();
            assertThat(outcome(() -> FaultBatch.ofJson(json.tokenStreamFactory(), bytes, 10))).as(body)
                    .isEqualTo(jackson(bytes, 10));
        }
    }
}
