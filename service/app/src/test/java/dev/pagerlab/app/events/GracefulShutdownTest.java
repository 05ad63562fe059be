package dev.pagerlab.app.events;

import dev.pagerlab.app.PagerlabApplication;
import dev.pagerlab.app.support.Api;
import dev.pagerlab.app.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Open event streams do not hold up a graceful shutdown: their clients are completed first. */
class GracefulShutdownTest {

    @Test
    void closingTheApplicationCompletesOpenStreamsPromptly() throws Exception {
        ConfigurableApplicationContext context = SpringApplication.run(PagerlabApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.lifecycle.timeout-per-shutdown-phase=30s");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Api lab = Api.on(port);
        String handler = lab.create("/fault-handlers", "{}");
        try (SseClient events = SseClient.connect(lab.url("/events"), null);
             SseClient signals = SseClient.connect(lab.url("/fault-handlers/" + handler + "/signals"), null)) {
            assertThat(events.nextIncludingComments(Duration.ofSeconds(5))).isNotNull();
            assertThat(signals.nextIncludingComments(Duration.ofSeconds(5))).isNotNull();

            long start = System.nanoTime();
            context.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(context.isActive()).isFalse();
        }
    }
}
