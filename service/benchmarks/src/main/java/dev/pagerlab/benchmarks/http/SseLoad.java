package dev.pagerlab.benchmarks.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
import java.util.stream.Stream;

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

        // Several HTTP clients, so that one selector thread does not serve 1,000 streams.
        HttpClient[] http = new HttpClient[8];
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        List<Client> clients = new ArrayList<>();
        List<Stream<String>> streams = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch connected = new CountDownLatch(labs * perLab);
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < labs * perLab; i++) {
            Client client = new Client(labPaths.get(i % labs));
            clients.add(client);
            HttpClient h = http[i % http.length];
            Thread.ofVirtual().start(() -> listen(api, h, client, sent.get(client.lab), streams, connected,
                    failures));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every client connected: " + connected.getCount() + " left");
        }

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
        streams.forEach(Stream::close);

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
        System.out.printf("id gaps: %d, fault events missing: %d, stream failures: %d%n", gaps, missing,
                failures.get());
        System.exit(gaps == 0 && missing == 0 && failures.get() == 0 ? 0 : 1);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    private static void listen(Loopback api, HttpClient http, Client client, Map<String, Long> sent,
                               List<Stream<String>> streams, CountDownLatch connected, AtomicLong failures) {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(api.root + client.lab + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("events answered " + response.statusCode());
            }
            streams.add(response.body());
            client.connected = true;
            connected.countDown();
            String event = "";
            for (var lines = response.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                long now = System.nanoTime();
                if (line.startsWith("id:")) {
                    long id = Long.parseLong(line.substring(3).strip());
                    if (client.lastId >= 0 && id != client.lastId + 1) {
                        client.gaps++;
                    }
                    client.lastId = id;
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
