package dev.pagerlab.benchmarks.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;

/**
 * The HTTP goals of BENCHMARKS.md against a running pagerlab on loopback, one client, bounded:
 * 10,000-fault batches with full results and with counts only (faults/s end-to-end), and single faults against
 * GET of the lab (the framework's floor), interleaved in rounds so that both see the same machine.
 *
 * <p>{@code FaultBatchLoad http://127.0.0.1:PORT [batches] [singles]}
 */
public final class FaultBatchLoad {

    private FaultBatchLoad() {
    }

    public static void main(String[] args) throws Exception {
        Loopback api = new Loopback(args[0]);
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int singles = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        String[] made = api.flatLab(1000);
        String lab = made[0];
        String thread = made[1];

        SplittableRandom random = new SplittableRandom(42);
        byte[][] bodies = new byte[4][];
        for (int b = 0; b < bodies.length; b++) {
            StringBuilder json = new StringBuilder(600_000).append("{\"faults\":[");
            for (int i = 0; i < 10_000; i++) {
                long addr = ((long) random.nextInt(1000) << 20) + random.nextInt(1 << 16);
                json.append(i == 0 ? "" : ",").append("{\"thread\":\"").append(thread).append("\",\"addr\":\"0x")
                        .append(Long.toHexString(addr)).append("\",\"type\":\"READ\"}");
            }
            bodies[b] = json.append("]}").toString().getBytes();
        }
        for (String mode : new String[] {"all", "none", "all", "none"}) { // warm-up
            runBatches(api, lab, bodies, mode, Math.max(3, batches / 4));
        }
        double all = runBatches(api, lab, bodies, "all", batches);
        double none = runBatches(api, lab, bodies, "none", batches);
        double all2 = runBatches(api, lab, bodies, "all", batches);
        double none2 = runBatches(api, lab, bodies, "none", batches);
        System.out.printf("fault-batches, 10,000 faults each, %d batches per run:%n", batches);
        System.out.printf("  results=all : %,.0f and %,.0f faults/s%n", all, all2);
        System.out.printf("  results=none: %,.0f and %,.0f faults/s%n", none, none2);

        String fault = "{\"addr\":\"0x1000\",\"type\":\"READ\"}";
        double faultRate = 0;
        double getRate = 0;
        for (int round = 0; round < 6; round++) {
            boolean measured = round >= 2;
            double g = rate(api, api.request(lab).GET().build(), singles / 4);
            double f = rate(api, api.request(lab + "/threads/" + thread + "/faults")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), singles / 4);
            if (measured) {
                getRate += g;
                faultRate += f;
            }
        }
        System.out.printf("single requests, one client, 4 interleaved rounds of %d each:%n", singles / 4);
        System.out.printf("  GET lab: %,.0f/s   POST fault: %,.0f/s   ratio fault/GET %.2f%n", getRate / 4,
                faultRate / 4, faultRate / getRate);
    }

    private static double runBatches(Loopback api, String lab, byte[][] bodies, String mode, int n)
            throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HttpRequest r = api.request(lab + "/fault-batches?results=" + mode)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[i % bodies.length])).build();
            HttpResponse<byte[]> answer = api.http.send(r, HttpResponse.BodyHandlers.ofByteArray());
            String tail = new String(answer.body(), Math.max(0, answer.body().length - 200), Math.min(200,
                    answer.body().length));
            if (answer.statusCode() != 200 || !tail.contains("\"RESOLVED\":10000")) {
                throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + tail);
            }
        }
        return n * 10_000 / ((System.nanoTime() - start) / 1e9);
    }

    private static double rate(Loopback api, HttpRequest request, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HttpResponse<Void> answer = api.http.send(request, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + answer.statusCode());
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
