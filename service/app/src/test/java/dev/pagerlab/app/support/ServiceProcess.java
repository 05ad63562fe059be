package dev.pagerlab.app.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar that {@code package} built ({@code -Dpagerlab.jar}, set by failsafe), started as a child process on a free
 * loopback port with the given arguments; its output goes to a log file in {@code dir}.
 */
public record ServiceProcess(Process process, int port, Path log) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Starts the service and waits until its health endpoint answers (at most 120 s). */
    public static ServiceProcess start(List<String> arguments, Path dir) throws Exception {
        return start(arguments, dir, Duration.ofSeconds(120));
    }

    /** Starts the service and waits at most {@code timeout} until its health endpoint answers. */
    public static ServiceProcess start(List<String> arguments, Path dir, Duration timeout) throws Exception {
        String jar = System.getProperty("pagerlab.jar");
        if (jar == null) {
            throw new IllegalStateException("-Dpagerlab.jar must name the built jar (failsafe sets it)");
        }
        return start(jar, arguments, dir, timeout);
    }

    /** Starts {@code jar} (another build, for a benchmark's before and after) as {@link #start(List, Path, Duration)}. */
    public static ServiceProcess start(String jar, List<String> arguments, Path dir, Duration timeout)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx512m", "-jar", jar,
                "--server.port=" + port, "--server.address=127.0.0.1", "--pagerlab.storage-directory=" + dir,
                "--logging.level.root=WARN"));
        command.addAll(arguments);
        Path log = dir.resolve("service-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited: " + Files.readString(log));
            }
            try {
                if (send(port, "GET", "/actuator/health", null).statusCode() == 200) {
                    return new ServiceProcess(process, port, log);
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("service did not start within " + timeout + ": " + Files.readString(log));
    }

    /** SIGKILL ({@code kill}) or SIGTERM, then waits for the process to end. */
    public void stop(boolean kill) throws InterruptedException {
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("service did not stop");
        }
    }

    /** One request with an optional JSON body. */
    public static HttpResponse<String> send(int port, String method, String path, String body)
            throws IOException, InterruptedException {
        return send(port, method, path, body, "application/json");
    }

    /** One request with an optional body of {@code contentType}. */
    public static HttpResponse<String> send(int port, String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
