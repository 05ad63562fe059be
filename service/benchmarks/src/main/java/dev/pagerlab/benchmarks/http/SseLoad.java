package dev.pagerlab.benchmarks.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-sent events at classroom scale against a running pagerlab on loopback, bounded in time: {@code labs} labs
 * with {@code clients} event-stream clients each, every lab kept busy by a driver submitting
 * {@code rate} faults a second at distinct addresses. Each client checks that the event ids it receives are
 * contiguous and that it saw every fault of its lab; the latency of a fault is measured from just before the driver
 * sends it (so it includes that request's way into the engine) to the arrival of its fault-answered event.
 *
 * <p>{@code SseLoad http://127.0.0.1:PORT [labs] [clients-per-lab] [seconds] [faults-per-second-per-lab]}; the
 * service needs {@code --pagerlab.limits.labs} above {@code labs} and enough subscribers per lab.
 */
public final class SseLoad {

    private static final Pattern ADDR = Pattern.compile("\"addr\":\"(0x[0-9a-f]+)\"");

    private SseLoad() {
    }

    /** What one client saw. */
    private static final class Client {
        final String lab;
        long lastId = -1;
        long events;
        long gaps;
        long faults;
        final List<Long> latencies = new ArrayList<>();
        volatile boolean connected;

        Client(String lab) {
            this.lab = lab;
        }
    }

    public static void main(String[] args) throws Exception {
        Loopback api = new Loopback(args[0]);
        int labs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perLab = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 5;

        // The service builds its API document in the background after start-up; ask for it first, so that work is
        // done before the busy phase instead of inside it.
        api.send("GET", "/v3/api-docs", null);

        List<String> labPaths = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < labs; i++) {
            String lab = "/api/v1/labs/" + api.create("/api/v1/labs", "{\"platform\":\"foc\"}");
            String as = api.create(lab + "/rm-sessions", "{\"size\":\"16M\"}");
            String ds = api.create(lab + "/dataspaces", "{\"type\":\"RAM\",\"size\":\"1M\"}");
            api.create(lab + "/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x0\"}");
            labPaths.add(lab);
            threads.add(api.create(lab + "/rm-sessions/" + as + "/threads", "{}"));
        }
        Map<String, Map<String, Long>> sent = new ConcurrentHashMap<>();
        labPaths.forEach(lab -> sent.put(lab, new ConcurrentHashMap<>()));

        List<Client> clients = new ArrayList<>();
        List<SseSocket> streams = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch connected = new CountDownLatch(labs * perLab);
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < labs * perLab; i++) {
            Client client = new Client(labPaths.get(i % labs));
            clients.add(client);
            Thread.ofVirtual().start(() -> listen(api, client, sent.get(client.lab), streams, connected, failures));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every client connected: " + connected.getCount() + " left");
        }

        // CPU time of the service and of this driver over the busy phase: latency on a shared machine says little,
        // CPU per delivered event says what each event costs.
        double serverCpu0 = api.processCpuSeconds();
        long driverCpu0 = driverCpuNanos();
        long eventsBefore = clients.stream().mapToLong(c -> c.events).sum();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong submitted = new AtomicLong();
        List<Thread> drivers = new ArrayList<>();
        for (int i = 0; i < labs; i++) {
            String lab = labPaths.get(i);
            String path = lab + "/threads/" + threads.get(i) + "/faults";
            long gap = (long) (1e9 / rate);
            long offset = gap * i / labs; // spread the labs' faults over the interval
            drivers.add(Thread.ofVirtual().start(() -> {
                long next = System.nanoTime() + offset;
                for (long seq = 1; next < end; seq++, next += gap) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String addr = "0x" + Long.toHexString(seq * 8 % (1 << 20));
                    sent.get(lab).put(addr, System.nanoTime());
                    api.send("POST", path, "{\"addr\":\"" + addr + "\",\"type\":\"READ\"}");
                    submitted.incrementAndGet();
                }
            }));
        }
        for (Thread d : drivers) {
            d.join();
        }
        Thread.sleep(3_000); // let the last events arrive
        double serverCpu = api.processCpuSeconds() - serverCpu0;
        double driverCpu = (driverCpuNanos() - driverCpu0) / 1e9;
        long delivered = clients.stream().mapToLong(c -> c.events).sum() - eventsBefore;
        for (SseSocket stream : List.copyOf(streams)) {
            stream.close();
        }

        long[] all = clients.stream().flatMap(c -> c.latencies.stream()).mapToLong(Long::longValue).sorted()
                .toArray();
        long gaps = clients.stream().mapToLong(c -> c.gaps).sum();
        long missing = 0;
        for (Client c : clients) {
            missing += sent.get(c.lab).size() - c.faults;
        }
        System.out.printf("%d labs x %d clients = %d SSE clients, %d s, %.1f faults/s per lab: %d faults submitted,"
                + " %d fault events received%n", labs, perLab, clients.size(), seconds, rate, submitted.get(),
                all.length);
        System.out.printf("latency fault request -> client event: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f"
                + " ms%n", pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1]
                / 1e6);
        System.out.printf("events delivered %d; CPU over the busy phase: service %.1f s (%.1f us per delivered event),"
                + " driver %.1f s%n", delivered, serverCpu, serverCpu * 1e6 / Math.max(1, delivered), driverCpu);
        System.out.printf("id gaps: %d, fault events missing: %d, stream failures: %d%n", gaps, missing,
                failures.get());
        System.exit(gaps == 0 && missing == 0 && failures.get() == 0 ? 0 : 1);
    }

    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static void listen(Loopback api, Client client, Map<String, Long> sent, List<SseSocket> streams,
                               CountDownLatch connected, AtomicLong failures) {
        try (SseSocket stream = SseSocket.open(java.net.URI.create(api.root + client.lab + "/events"))) {
            streams.add(stream);
            client.connected = true;
            connected.countDown();
            String event = "";
            for (String line = stream.next(); line != null; line = stream.next()) {
                long now = System.nanoTime();
                if (line.startsWith("id:")) {
                    long id = Long.parseLong(line.substring(3).strip());
                    if (client.lastId >= 0 && id != client.lastId + 1) {
                        client.gaps++;
                    }
                    client.lastId = id;
                    client.events++;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && event.equals("fault-answered")) {
                    Matcher m = ADDR.matcher(line);
                    Long t0 = m.find() ? sent.get(m.group(1)) : null;
                    if (t0 != null) {
                        client.faults++;
                        client.latencies.add(now - t0);
                    }
                }
            }
        } catch (Exception e) {
            if (!client.connected) {
                failures.incrementAndGet();
                connected.countDown();
                System.err.println("client failed: " + e);
            }
        }
    }
}
