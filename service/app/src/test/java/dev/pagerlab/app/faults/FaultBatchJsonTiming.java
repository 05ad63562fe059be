package dev.pagerlab.app.faults;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * Not a test: a main that times reading a 10,000-fault JSON batch (the body of the FaultBatchLoad benchmark) in one
 * process, alternating Jackson's token by token reading and {@link FaultBatch#ofJson}, which reads the common body
 * straight from its bytes, and prints nanoseconds per fault and their ratio; with the arguments {@code N ofJson}, only
 * {@link FaultBatch#ofJson}, to compare app versions on their own classpaths (commands in BENCHMARKS.md).
 */
final class FaultBatchJsonTiming {

    private FaultBatchJsonTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        // The app's strictness that matters to the parser (StrictJson); the rest is binding, unused here.
        TokenStreamFactory json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                .tokenStreamFactory();
        SplittableRandom random = new SplittableRandom(42);
        byte[][] bodies = new byte[4][];
        for (int b = 0; b < bodies.length; b++) {
            StringBuilder body = new StringBuilder(600_000).append("{\"faults\":[");
            for (int i = 0; i < 10_000; i++) {
                long addr = ((long) random.nextInt(1000) << 20) + random.nextInt(1 << 16);
                body.append(i == 0 ? "" : ",").append("{\"thread\":\"th-1\",\"addr\":\"0x")
                        .append(Long.toHexString(addr)).append("\",\"type\":\"READ\"}");
            }
            bodies[b] = body.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        }
        if (args.length > 1 && args[1].equals("ofJson")) {
            // Only FaultBatch.ofJson, which every version of the app has: to compare versions of it, each in its JVM.
            for (int r = 0; r < rounds; r++) {
                System.out.printf("round %d: ofJson %.1f ns/fault%n", r + 1,
                        nanosPerFault(bodies, body -> FaultBatch.ofJson(json, body, 10_000).size()));
            }
            return;
        }
        double[] jackson = new double[rounds];
        double[] direct = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            jackson[r] = nanosPerFault(bodies, body -> FaultBatch.ofJsonTokens(json, body, 10_000).size());
            direct[r] = nanosPerFault(bodies, body -> FaultBatch.ofJson(json, body, 10_000).size());
            System.out.printf("round %d: Jackson %.1f ns/fault, ofJson %.1f ns/fault%n", r + 1, jackson[r], direct[r]);
        }
        // The first rounds warm the JIT up: the median of the later half.
        double j = median(Arrays.copyOfRange(jackson, rounds / 2, rounds));
        double d = median(Arrays.copyOfRange(direct, rounds / 2, rounds));
        System.out.printf("median of the last %d rounds: Jackson %.1f ns/fault, ofJson %.1f ns/fault, %.2fx cheaper%n",
                rounds - rounds / 2, j, d, j / d);
    }

    /** Reads the bodies round robin for about a second; nanoseconds per fault read. */
    private static double nanosPerFault(byte[][] bodies, ToIntFunction<byte[]> read) {
        long faults = 0;
        long start = System.nanoTime();
        long end = start + 1_000_000_000L;
        long now;
        int i = 0;
        do {
            faults += read.applyAsInt(bodies[i++ % bodies.length]);
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / faults;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
