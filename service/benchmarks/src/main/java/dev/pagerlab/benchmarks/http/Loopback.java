package dev.pagerlab.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal client of a pagerlab on this machine: it refuses any address that is not loopback. */
final class Loopback {

    private static final Pattern ID = Pattern.compile("\"(?:id|at)\"\\s*:\\s*\"([^\"]+)\"");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String root;

    Loopback(String root) {
        URI uri = URI.create(root);
        try {
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(root + " is not a loopback address: load tests stay on this machine");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60));
    }

    String send(String method, String path, String json) {
        HttpRequest r = request(path).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The service's CPU time so far in seconds (its {@code process.cpu.time} metric), NaN when it does not tell. */
    double processCpuSeconds() {
        try {
            String metric = send("GET", "/actuator/metrics/process.cpu.time", null);
            Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.eE+-]+)").matcher(metric);
            Matcher unit = Pattern.compile("\"baseUnit\"\\s*:\\s*\"(\\w+)\"").matcher(metric);
            double scale = !unit.find() ? 1 : switch (unit.group(1)) {
                case "nanoseconds", "ns" -> 1e-9;
                case "microseconds", "us" -> 1e-6;
                case "milliseconds", "ms" -> 1e-3;
                default -> 1;
            };
            return value.find() ? Double.parseDouble(value.group(1)) * scale : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** POSTs {@code json} and answers the created object's id (or {@code at} for a region). */
    String create(String path, String json) {
        Matcher m = ID.matcher(send("POST", path, json));
        if (!m.find()) {
            throw new IllegalStateException("no id in the answer to " + path);
        }
        return m.group(1);
    }

    /**
     * A new lab with the flat workload of native/pager.cc: 1,000 RAM dataspaces of 64 KiB at {@code i<<20} of a
     * 1 GiB address space, and one thread; answers the lab's path and the thread.
     */
    String[] flatLab(int windows) {
        String lab = "/api/v1/labs/" + create("/api/v1/labs", "{\"platform\":\"foc\"}");
        String as = create(lab + "/rm-sessions", "{\"size\":\"1G\"}");
        for (long i = 0; i < windows; i++) {
            String ds = create(lab + "/dataspaces", "{\"type\":\"RAM\",\"size\":\"64K\"}");
            create(lab + "/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\",\"at\":\"0x"
                    + Long.toHexString(i << 20) + "\"}");
        }
        return new String[] {lab, create(lab + "/rm-sessions/" + as + "/threads", "{}")};
    }
}
