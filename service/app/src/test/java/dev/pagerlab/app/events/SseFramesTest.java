package dev.pagerlab.app.events;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The frames built once per event are byte for byte what Spring's {@code SseEmitter.event()} writes per client. */
class SseFramesTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** What the emitter's converters write for a builder: text parts as UTF-8, data objects as the mapper's JSON. */
    private static byte[] spring(SseEmitter.SseEventBuilder builder) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ResponseBodyEmitter.DataWithMediaType part : builder.build()) {
            out.writeBytes(part.getData() instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(part.getData()));
        }
        return out.toByteArray();
    }

    @Test
    void eventsAreWrittenAsSpringsEmitterWritesThem() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("type", "mapping-installed");
        nested.put("mapping", Map.of("virt", "0x1000", "log2", 12));
        nested.put("label", "quotes \" and \\ and ümlaut and \u2028 line separator");
        nested.put("handler", null);
        // Objects only: the streams never publish a bare string (Spring would write that unquoted).
        List<Object> payloads = List.of(Map.of("type", "fault-answered", "addr", "0x8"), nested,
                List.of(1, 2, 3), 42);
        long id = 1;
        for (Object data : payloads) {
            assertThat(new String(SseFrames.event(Long.toString(id), "some-event", data, JSON), StandardCharsets.UTF_8))
                    .as("event %s", id)
                    .isEqualTo(new String(spring(SseEmitter.event().id(Long.toString(id)).name("some-event")
                            .data(data, org.springframework.http.MediaType.APPLICATION_JSON)), StandardCharsets.UTF_8));
            id = id * 31 + 7;
        }
        assertThat(SseFrames.event(null, "reset", Map.of("next", 5), JSON))
                .isEqualTo(spring(SseEmitter.event().name("reset").data(Map.of("next", 5),
                        org.springframework.http.MediaType.APPLICATION_JSON)));
    }

    @Test
    void commentsAreWrittenAsSpringsEmitterWritesThem() {
        assertThat(SseFrames.hello(Duration.ofSeconds(3)))
                .isEqualTo(spring(SseEmitter.event().comment("pagerlab stream").reconnectTime(3000)));
        assertThat(SseFrames.HEARTBEAT.get()).isEqualTo(spring(SseEmitter.event().comment("heartbeat")));
    }
}
