package dev.pagerlab.app.events;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Server-sent events as the bytes on the wire, in the notation of Spring's {@code SseEmitter.event()}
 * ({@code id:}, {@code event:}, {@code data:} lines, a blank line after each event), built once and sent to every
 * client as they are.
 */
final class SseFrames {

    /** The periodic comment that keeps idle connections open and lets dead ones be noticed. */
    static final Supplier<byte[]> HEARTBEAT = constant(":heartbeat\n\n");

    private SseFrames() {
    }

    /** The first frame of every connection: a comment naming the stream and the client's reconnect delay. */
    static byte[] hello(Duration retry) {
        return (":pagerlab stream\nretry:" + retry.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An event whose data is {@code data} written as JSON; without an id when {@code id} is null. */
    static byte[] event(@Nullable String id, String name, Object data, JsonMapper json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        String head = (id == null ? "" : "id:" + id + "\n") + "event:" + name + "\ndata:";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        // Compact JSON has no line breaks, so the data is one data: line.
        json.writeValue(out, data);
        out.write('\n');
        out.write('\n');
        return out.toByteArray();
    }

    private static Supplier<byte[]> constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return () -> bytes;
    }
}
