package dev.pagerlab.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Server-sent events at classroom scale against a running pagerlab on loopback, bounded in time: {@code labs} labs
 * with {@code clients} event-stream clients each, every lab kept busy by a driver submitting {@code rate} faults a
 * second at distinct addresses, each a single {@code POST .../threads/{th}/faults} (the defaults, 100 labs x 10
 * clients at 5 faults/s, are 500 fault requests and, at three events per fault, 15,000 deliveries a second). Each
 * client checks that the event ids it receives are contiguous and that it saw every fault of its lab; the latency of
 * a fault is measured from just before the driver sends it (so it includes that request's way into the engine and
 * its journal write) to the arrival of its fault-answered event. A lab's faults go one after the other, so a service
 * that falls behind gets fewer faults than asked: the driver reports how late they went out.
 *
 * <p>{@code SseLoad http://127.0.0.1:PORT [labs] [clients-per-lab] [seconds] [faults-per-second-per-lab]
 * [warm-up-seconds]}: the warm-up runs the same load first, checked but not timed. The service needs
 * {@code --pagerlab.limits.labs} above {@code labs} and enough subscribers per lab.
 */
public final class SseLoad {

    private static final byte[] ID = ascii("id:");
    private static final byte[] EVENT = ascii("event:");
    private static final byte[] DATA = ascii("data:");
    private static final byte[] FAULT_ANSWERED = ascii("fault-answered");
    private static final byte[] ADDR = ascii("\"addr\":\"0x");
    // The driver's addresses are multiples of 8 below 1 MiB: a lab's send times are kept by address / 8.
    private static final int ADDRESSES = 1 << 17;
    // Faults sent before this time (the warm-up) are checked for gaps and losses but not timed.
    private static volatile long measuredFrom = Long.MAX_VALUE;

    private SseLoad() {
    }

    /** One lab's faults as the driver sent them: when each address was sent, and how many were. */
    private static final class Sent {
        final AtomicLongArray at = new AtomicLongArray(ADDRESSES);
        final AtomicInteger count = new AtomicInteger();
    }

    /**
     * What one client saw; touched on the stream reader's thread only, and read by the main thread after that thread
     * has ended (or through {@code delivered}).
     */
    private static final class Client implements SseStreams.Lines {
        final String lab;
        final Sent sent;
        final AtomicLong delivered;
        final CountDownLatch connected;
        final AtomicLong failures;
        long lastId = -1;
        long gaps;
        long faults;
        int timed;
        long[] latencies = new long[256];
        boolean faultAnswered;
        boolean subscribed;

        Client(String lab, Sent sent, AtomicLong delivered, CountDownLatch connected, AtomicLong failures) {
            this.lab = lab;
            this.sent = sent;
            this.delivered = delivered;
            this.connected = connected;
            this.failures = failures;
        }

        @Override
        public void line(byte[] b, int from, int to, long now) {
            if (!subscribed) {
                subscribed = true; // the stream's first line is the service's hello comment
                connected.countDown();
            }
            if (starts(b, from, to, ID)) {
                long id = 0;
                for (int i = from + ID.length; i < to; i++) {
                    if (b[i] != ' ') {
                        id = id * 10 + (b[i] - '0');
                    }
                }
                if (lastId >= 0 && id != lastId + 1) {
                    gaps++;
                }
                lastId = id;
                delivered.incrementAndGet();
            } else if (starts(b, from, to, EVENT)) {
                int name = from + EVENT.length;
                if (name < to && b[name] == ' ') {
                    name++;
                }
                faultAnswered = Arrays.equals(b, name, to, FAULT_ANSWERED, 0, FAULT_ANSWERED.length);
            } else if (faultAnswered && starts(b, from, to, DATA)) {
                faultAnswered = false;
                long addr = addr(b, from, to);
                long t0 = addr < 0 || addr >>> 3 >= ADDRESSES ? 0 : sent.at.get((int) (addr >>> 3));
                if (t0 != 0) {
                    faults++;
                    if (t0 >= measuredFrom) {
                        if (timed == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[timed++] = now - t0;
                    }
                }
            } else if (to == from) {
                faultAnswered = false; // the end of an event
            }
        }

        @Override
        public void ended(IOException failure) {
            if (!subscribed) {
                failures.incrementAndGet();
                connected.countDown();
                System.err.println("client of " + lab + " failed: " + failure);
            }
        }

        private static long addr(byte[] b, int from, int to) {
            for (int i = from; i + ADDR.length <= to; i++) {
                if (Arrays.equals(b, i, i + ADDR.length, ADDR, 0, ADDR.length)) {
                    long addr = 0;
                    for (int k = i + ADDR.length; k < to && b[k] != '"'; k++) {
                        addr = addr << 4 | Character.digit(b[k], 16);
                    }
                    return addr;
                }
            }
            return -1;
        }
    }

    private static boolean starts(byte[] b, int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Loopback api = new Loopback(args[0]);
        int labs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int perLab = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 5;
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 0;

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
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < labs; i++) {
            sent.add(new Sent());
        }

        List<Client> clients = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(labs * perLab);
        AtomicLong failures = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        SseStreams streams = new SseStreams();
        for (int i = 0; i < labs * perLab; i++) {
            Client client = new Client(labPaths.get(i % labs), sent.get(i % labs), delivered, connected, failures);
            clients.add(client);
            streams.open(URI.create(api.root + client.lab + "/events"), client);
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every client connected: " + connected.getCount() + " left");
        }

        // The same load for warmUp seconds first, not timed: a fresh service spends much of its first minute
        // compiling (C2 took about a quarter of its CPU in a profiled 30 s busy phase right after start-up).
        long first = System.nanoTime();
        long start = first + TimeUnit.SECONDS.toNanos(warmUp);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        measuredFrom = start;
        AtomicLong submitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        // How far behind its schedule a fault was sent: a lab's faults go one after the other, so a slow service
        // makes the driver send fewer than asked (latency counts from the actual send, so this shows it instead).
        AtomicLong maxLag = new AtomicLong();
        AtomicLong lateFaults = new AtomicLong();
        AtomicLong lastAnswered = new AtomicLong(start);
        AtomicLong warmUpFaults = new AtomicLong();
        List<Thread> drivers = new ArrayList<>();
        for (int i = 0; i < labs; i++) {
            Sent times = sent.get(i);
            String path = labPaths.get(i) + "/threads/" + threads.get(i) + "/faults";
            long gap = (long) (1e9 / rate);
            long offset = gap * i / labs; // spread the labs' faults over the interval
            drivers.add(Thread.ofVirtual().start(() -> {
                try (KeptAlive http = new KeptAlive(URI.create(api.root))) {
                    long next = first + offset;
                    for (long seq = 1; next < end; seq++, next += gap) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (next >= start) {
                            maxLag.accumulateAndGet(-wait, Math::max);
                            if (-wait > gap) {
                                lateFaults.incrementAndGet();
                            }
                        }
                        long addr = seq * 8 % (1 << 20);
                        long sentAt = System.nanoTime();
                        // Timed are the faults sent from the start on (a late warm-up fault too), as the clients see.
                        boolean timed = sentAt >= start;
                        times.at.set((int) (addr >>> 3), sentAt);
                        times.count.incrementAndGet();
                        int status = http.post(path, "{\"addr\":\"0x" + Long.toHexString(addr)
                                + "\",\"type\":\"READ\"}");
                        if (status / 100 != 2) {
                            refused.incrementAndGet();
                        }
                        if (timed) {
                            submitted.incrementAndGet();
                            lastAnswered.accumulateAndGet(System.nanoTime(), Math::max);
                        } else {
                            warmUpFaults.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    refused.incrementAndGet();
                    System.err.println("fault driver of " + path + " failed: " + e);
                }
            }));
        }
        // CPU time of the service and of this driver over the busy phase: latency on a shared machine says little,
        // CPU per delivered event says what each event costs.
        long toStart = start - System.nanoTime();
        if (toStart > 0) {
            Thread.sleep(toStart / 1_000_000, (int) (toStart % 1_000_000));
        }
        double serverCpu0 = api.processCpuSeconds();
        long driverCpu0 = driverCpuNanos();
        long eventsBefore = delivered.get();
        long readsBefore = streams.reads();
        for (Thread d : drivers) {
            d.join();
        }
        Thread.sleep(3_000); // let the last events arrive
        double serverCpu = api.processCpuSeconds() - serverCpu0;
        double driverCpu = (driverCpuNanos() - driverCpu0) / 1e9;
        double busy = (System.nanoTime() - start) / 1e9;
        long events = delivered.get() - eventsBefore;
        long reads = streams.reads() - readsBefore;
        streams.close(); // ends the reader thread: what the clients saw is final and visible from here on

        long[] all = clients.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.timed)).sorted()
                .toArray();
        long gaps = clients.stream().mapToLong(c -> c.gaps).sum();
        long missing = 0;
        for (Client c : clients) {
            missing += c.sent.count.get() - c.faults;
        }
        System.out.printf("%d labs x %d clients = %d SSE clients, %d s (after %d s of warm-up with %d faults), %.1f"
                + " faults/s per lab: %d faults submitted (%d refused), %d fault events received and timed%n", labs,
                perLab, clients.size(), seconds, warmUp, warmUpFaults.get(), rate, submitted.get(), refused.get(),
                all.length);
        System.out.printf("fault requests: %.0f/s (%.0f/s scheduled over %d s, they took %.1f s); %d sent more than"
                + " one interval late, the latest %.0f ms%n", submitted.get() / ((lastAnswered.get() - start) / 1e9),
                labs * rate, seconds, (lastAnswered.get() - start) / 1e9, lateFaults.get(), maxLag.get() / 1e6);
        System.out.printf("latency fault request -> client event: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f"
                + " ms%n", pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1]
                / 1e6);
        System.out.printf("events delivered %d in %.1f s; CPU over the busy phase: service %.1f s (%.1f us per"
                + " delivered event), driver %.1f s (%.1f us per delivered event); service + driver %.2f of the"
                + " machine's %d cores%n", events, busy, serverCpu, serverCpu * 1e6 / Math.max(1, events), driverCpu,
                driverCpu * 1e6 / Math.max(1, events), (serverCpu + driverCpu) / busy,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("socket reads with data: %d, %.2f events per read%n", reads,
                events / (double) Math.max(1, reads));
        System.out.printf("id gaps: %d, fault events missing: %d, stream failures: %d%n", gaps, missing,
                failures.get());
        System.exit(gaps == 0 && missing == 0 && failures.get() == 0 && refused.get() == 0 ? 0 : 1);
    }

    private static long driverCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }
}
