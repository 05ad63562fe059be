package dev.pagerlab.benchmarks.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;

/**
 * The HTTP goals of BENCHMARKS.md against a running pagerlab on loopback, one client, bounded:
 * 10,000-fault batches with full results and with counts only (faults/s end-to-end), and single faults against
 * GET of the lab (the framework's floor), interleaved in rounds so that both see the same machine.
 *
 * <p>Batches go over one kept-alive connection ({@link KeptAlive}); every answer is read whole and checked. Single
 * requests use java.net.http, as a browser-like client would.
 *
 * <p>{@code FaultBatchLoad http://127.0.0.1:PORT [batches] [singles]} (singles 0: batches only); with {@code -Dpagerlab.bench.server-pid=PID}
 * (http/run.sh passes it) also the server's CPU time per fault and per request, which other load on the machine
 * disturbs far less than the rates.
 */
public final class FaultBatchLoad {

    private static final ProcessHandle SERVER = Long.getLong("pagerlab.bench.server-pid") == null ? null
            : ProcessHandle.of(Long.getLong("pagerlab.bench.server-pid")).orElse(null);

    /** CPU time of the server process so far, in nanoseconds; 0 when unknown. */
    private static long serverCpu() {
        return SERVER == null ? 0 : SERVER.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Server CPU nanoseconds spent per unit of work, by measured phase. */
    private static final java.util.Map<String, double[]> CPU = new java.util.LinkedHashMap<>();

    private static void addCpu(String phase, long nanos, long units) {
        double[] sum = CPU.computeIfAbsent(phase, k -> new double[2]);
        sum[0] += nanos;
        sum[1] += units;
    }

    /** Single requests of each kind sent before the measured rounds ({@code -Dpagerlab.bench.warm-up=N}). */
    private static final int WARM_UP_SINGLES = Integer.getInteger("pagerlab.bench.warm-up", 5_000);

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
        // -Dpagerlab.bench.modes=none (or all) runs only that kind of batch, for a profile of one of them.
        String[] modes = System.getProperty("pagerlab.bench.modes", "all,none").split(",");
        KeptAlive http = new KeptAlive(java.net.URI.create(api.root));
        for (int round = 0; round < 2; round++) { // warm-up
            for (String mode : modes) {
                runBatches(http, lab, bodies, mode, Math.max(3, batches / 4));
            }
        }
        CPU.clear();
        CLIENT_CPU.clear();
        java.util.Map<String, double[]> rates = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (String mode : modes) {
                rates.computeIfAbsent(mode, m -> new double[2])[round] = runBatches(http, lab, bodies, mode, batches);
            }
        }
        System.out.printf("fault-batches, 10,000 faults each, %d batches per run:%n", batches);
        rates.forEach((mode, r) -> System.out.printf("  results=%-4s: %,.0f and %,.0f faults/s%n", mode, r[0], r[1]));
        if (singles == 0) {
            printCpu();
            return;
        }
        http.close();

        String fault = "{\"addr\":\"0x1000\",\"type\":\"READ\"}";
        HttpRequest getLab = api.request(lab).GET().build();
        HttpRequest postFault = api.request(lab + "/threads/" + thread + "/faults")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(fault)).build();
        // Warm-up: a request runs hundreds of methods of the framework, each compiled by C2 only after thousands of
        // calls; after 1,000 of each, both kinds still took about twice the server CPU they take after 5,000
        // (BENCHMARKS.md, "Third pass").
        int warmUp = Math.max(WARM_UP_SINGLES, singles / 2);
        for (int round = 0; round < 4; round++) {
            rate(api, getLab, warmUp / 4, null);
            rate(api, postFault, warmUp / 4, null);
        }
        double faultRate = 0;
        double getRate = 0;
        for (int round = 0; round < 4; round++) {
            getRate += rate(api, getLab, singles / 4, "GET lab");
            faultRate += rate(api, postFault, singles / 4, "POST fault");
        }
        System.out.printf("single requests, one client, 4 interleaved rounds of %d each after %d of each to warm"
                + " up:%n", singles / 4, warmUp);
        System.out.printf("  GET lab: %,.0f/s   POST fault: %,.0f/s   ratio fault/GET %.2f%n", getRate / 4,
                faultRate / 4, faultRate / getRate);
        printCpu();
        if (SERVER != null) {
            double[] get = CPU.get("GET lab, per request");
            double[] post = CPU.get("POST fault, per request");
            System.out.printf("  CPU ratio GET/fault (the rate ratio fault/GET on an idle 1-client machine): %.2f%n",
                    (get[0] / get[1]) / (post[0] / post[1]));
        }
    }

    /** CPU time of this client's JVM so far, in nanoseconds. */
    private static long clientCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The client's own CPU nanoseconds per fault, by batch mode: it shares the machine with the server. */
    private static final java.util.Map<String, double[]> CLIENT_CPU = new java.util.LinkedHashMap<>();

    private static void printCpu() {
        System.out.println("client CPU time (this JVM, building requests and reading and checking answers):");
        CLIENT_CPU.forEach((mode, sum) -> System.out.printf("  results=%-4s, per fault %,9.2f us%n", mode,
                sum[0] / sum[1] / 1e3));
        if (SERVER != null) {
            System.out.println("server CPU time (all threads of the app's JVM, GC and JIT included):");
            CPU.forEach((phase, sum) -> System.out.printf("  %-22s %,9.2f us%n", phase, sum[0] / sum[1] / 1e3));
        }
    }

    /**
     * The first answer to each body in each mode, checked element by element; every later answer to it must be the
     * same bytes (the lab answers a fault it already resolved with the same mapping).
     */
    private static final java.util.Map<String, byte[]> EXPECTED = new java.util.HashMap<>();

    // Over one kept-alive connection (KeptAlive): java.net.http's HttpClient spent more CPU per fault receiving a
    // full answer than the service spent producing it, on the same 2 cores.
    private static double runBatches(KeptAlive http, String lab, byte[][] bodies, String mode, int n)
            throws Exception {
        long start = System.nanoTime();
        long cpu = serverCpu();
        long clientCpu = clientCpu();
        String path = lab + "/fault-batches?results=" + mode;
        for (int i = 0; i < n; i++) {
            int body = i % bodies.length;
            int status = http.post(path, "application/json", bodies[body], true);
            byte[] answer = http.answer();
            int length = http.answerLength();
            byte[] expected = EXPECTED.get(mode + body);
            if (status != 200 || expected == null && !wellFormed(answer, length, mode.equals("all"))
                    || expected != null && !java.util.Arrays.equals(answer, 0, length, expected, 0, expected.length)) {
                throw new IllegalStateException("batch answered " + status + ": "
                        + new String(answer, Math.max(0, length - 200), Math.min(200, length)));
            }
            if (expected == null) {
                EXPECTED.put(mode + body, java.util.Arrays.copyOf(answer, length));
            }
        }
        double rate = n * 10_000 / ((System.nanoTime() - start) / 1e9);
        addCpu("results=" + mode + ", per fault", serverCpu() - cpu, n * 10_000L);
        CLIENT_CPU.computeIfAbsent(mode, k -> new double[2])[0] += clientCpu() - clientCpu;
        CLIENT_CPU.get(mode)[1] += n * 10_000L;
        return rate;
    }

    /** Whether an answer counts 10,000 resolved faults and, {@code withResults}, holds 10,000 resolved results. */
    private static boolean wellFormed(byte[] answer, int length, boolean withResults) {
        String text = new String(answer, 0, length, java.nio.charset.StandardCharsets.UTF_8);
        if (!text.endsWith("\"counts\":{\"RESOLVED\":10000,\"REFLECTED\":0,\"NO_REGION\":0,\"WRITE_VIOLATION\":0,"
                + "\"EXEC_VIOLATION\":0,\"RECURSION_LIMIT\":0,\"THREAD_NOT_RUNNING\":0}}")) {
            return false;
        }
        int results = 0;
        for (int at = text.indexOf("{\"outcome\":\"RESOLVED\""); at >= 0;
                at = text.indexOf("{\"outcome\":\"RESOLVED\"", at + 1)) {
            results++;
        }
        return results == (withResults ? 10_000 : 0) && text.startsWith(withResults ? "{\"results\":[" : "{\"counts\"");
    }

    private static double rate(Loopback api, HttpRequest request, int n, String phase) throws Exception {
        long start = System.nanoTime();
        long cpu = serverCpu();
        for (int i = 0; i < n; i++) {
            HttpResponse<Void> answer = api.http.send(request, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + answer.statusCode());
            }
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        if (phase != null) {
            addCpu(phase + ", per request", serverCpu() - cpu, n);
        }
        return rate;
    }
}
