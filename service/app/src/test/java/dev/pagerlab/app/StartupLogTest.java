package dev.pagerlab.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A start logs no warnings: an operator should not learn to ignore WARN lines. */
@ExtendWith(OutputCaptureExtension.class)
class StartupLogTest {

    @Test
    void aStartLogsNoWarning(CapturedOutput output) {
        try (var app = new SpringApplicationBuilder(PagerlabApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1").run()) {
            assertThat(app.isRunning()).isTrue();
            assertThat(output.getOut().lines().filter(line -> line.contains(" WARN ")))
                    .as("WARN lines at start").isEmpty();
        }
    }
}
