package dev.pagerlab.app.container;

import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image built from the Dockerfile serves the wake-up walkthrough: nested attach, a fault reflected to a
 * handler whose signal arrives over SSE, and the wake-up by attach. Host networking only: the app listens on a free
 * port passed as SERVER_PORT, and readiness is polled on 127.0.0.1. Skipped when no Docker engine answers, and with
 * PAGERLAB_CONTAINER_TESTS=skip (a class-level condition, evaluated before the container is built).
 */
@Testcontainers(disabledWithoutDocker = true)
@DisabledIfEnvironmentVariable(named = "PAGERLAB_CONTAINER_TESTS", matches = "skip",
        disabledReason = "container tests switched off: nothing is built or started")
class ContainerWalkthroughTest {

    private static final int PORT = freePort();

    @Container
    static final GenericContainer<?> APP = new GenericContainer<>(
            new ImageFromDockerfile("pagerlab-test:latest", false)
                    .withDockerfile(Path.of("../../Dockerfile"))
                    .withBuildArg("BUILDER_IMAGE", env("BUILDER_IMAGE", "maven:3.9-eclipse-temurin-21"))
                    .withBuildArg("RUNTIME_IMAGE", env("RUNTIME_IMAGE", "debian:trixie-slim"))
                    .withBuildImageCmdModifier(build -> build.withNetworkMode("host")))
            .withNetworkMode("host")
            .withEnv("SERVER_PORT", Integer.toString(PORT))
            .withEnv("SERVER_ADDRESS", "127.0.0.1")
            .waitingFor(new HealthPolled())
            .withStartupTimeout(Duration.ofMinutes(3));

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mapped-port waits cannot see a host-networked container: poll its health endpoint instead. */
    private static final class HealthPolled extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
                            + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 && answer.body().contains("UP")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("pagerlab did not report UP on port " + PORT);
        }
    }

    @Test
    void servesTheWakeUpWalkthroughAsANonRootUser() throws Exception {
        assertThat(APP.execInContainer("id", "-u").getStdout().strip()).isNotEqualTo("0");

        Api lab = Api.on(PORT).newLab("foc");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\"}");
        var sub = lab.post("/rm-sessions", "{\"size\":\"0x10000\"}");
        assertThat(lab.post("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + sub.text("/dataspace")
                + "\",\"at\":\"0x18000000\"}").status()).isEqualTo(201);
        String handler = lab.create("/fault-handlers", "{}");
        lab.put("/rm-sessions/" + sub.text("/id") + "/fault-handler", "{\"handler\":\"" + handler + "\"}");
        String thread = lab.create("/rm-sessions/" + as + "/threads", "{}");

        try (SseClient signals = SseClient.connect(lab.url("/fault-handlers/" + handler + "/signals"), null)) {
            var fault = lab.post("/threads/" + thread + "/faults", "{\"addr\":\"0x18000000\",\"type\":\"READ\"}");
            assertThat(fault.text("/outcome")).isEqualTo("REFLECTED");
            assertThat(fault.text("/reflected/addr")).isEqualTo("0x0");

            SseClient.Event signal = signals.next(Duration.ofSeconds(5));
            assertThat(signal.name()).isEqualTo("fault-signal");
            var data = JsonMapper.builder().build().readTree(signal.data());
            assertThat(data.get("rmSession").asString()).isEqualTo(sub.text("/id"));
            assertThat(data.at("/state/addr").asString()).isEqualTo("0x0");
        }

        String page = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"4K\"}");
        var attached = lab.post("/rm-sessions/" + sub.text("/id") + "/regions", "{\"dataspace\":\"" + page
                + "\",\"at\":\"0x0\"}");
        assertThat(attached.text("/resumed/0/outcome")).isEqualTo("RESOLVED");
        assertThat(attached.text("/resumed/0/mapping/virt")).isEqualTo("0x18000000");
        assertThat(attached.text("/resumed/0/mapping/phys")).isEqualTo("0x0");
        assertThat(lab.get("/threads/" + thread).text("/state")).isEqualTo("RUNNING");
    }

    @Test
    void theEngineReportsTheContainerHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            var health = APP.getDockerClient().inspectContainerCmd(APP.getContainerId()).exec().getState()
                    .getHealth();
            status = health == null ? "none" : health.getStatus();
            if ("healthy".equals(status)) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(status).isEqualTo("healthy");
    }
}
