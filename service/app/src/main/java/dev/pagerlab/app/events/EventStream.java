package dev.pagerlab.app.events;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One server-sent-event stream: increasing ids, a bounded replay buffer for {@code Last-Event-ID}, and the
 * connected clients. A client whose send fails is dropped at once.
 */
final class EventStream {

    private record Entry(long id, String name, Object data) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    // Removal must not need this stream's monitor: emitter callbacks run on container threads.
    private final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    EventStream(int capacity) {
        this.capacity = capacity;
    }

    /** Appends an event and sends it to every client. */
    synchronized void publish(String name, Object data) {
        Entry entry = new Entry(nextId++, name, data);
        buffer.addLast(entry);
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (SseEmitter emitter : subscribers) {
            send(emitter, entry);
        }
    }

    /**
     * Connects a client: tells it the reconnect delay, replays what it missed after {@code lastEventId} (with a
     * {@code reset} event first when the buffer no longer reaches back that far), then keeps it for new events.
     */
    synchronized void subscribe(SseEmitter emitter, @Nullable Long lastEventId, Duration retry) {
        subscribers.add(emitter);
        if (!sendRaw(emitter, SseEmitter.event().comment("pagerlab stream").reconnectTime(retry.toMillis()))) {
            return;
        }
        if (lastEventId == null) {
            return;
        }
        long oldest = buffer.isEmpty() ? nextId : buffer.peekFirst().id();
        if (lastEventId + 1 < oldest) {
            sendRaw(emitter, SseEmitter.event().name("reset").data(Map.of(
                    "reason", "events after " + lastEventId + " are no longer buffered; re-read the state",
                    "oldestBuffered", oldest, "next", nextId), MediaType.APPLICATION_JSON));
        }
        for (Entry entry : buffer) {
            if (entry.id() > lastEventId) {
                send(emitter, entry);
            }
        }
    }

    /** Forgets a client (completed, timed out, failed). */
    void remove(SseEmitter emitter) {
        subscribers.remove(emitter);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** A comment line to every client, so that proxies keep idle connections and dead ones are noticed. */
    synchronized void heartbeat() {
        for (SseEmitter emitter : subscribers) {
            sendRaw(emitter, SseEmitter.event().comment("heartbeat"));
        }
    }

    /** Completes every client, for shutdown or a destroyed lab. */
    void closeAll() {
        for (SseEmitter emitter : subscribers) {
            subscribers.remove(emitter);
            emitter.complete();
        }
    }

    private void send(SseEmitter emitter, Entry entry) {
        sendRaw(emitter, SseEmitter.event().id(Long.toString(entry.id())).name(entry.name())
                .data(entry.data(), MediaType.APPLICATION_JSON));
    }

    private boolean sendRaw(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | RuntimeException e) {
            // A client that went away shows up here, as an IOException or as an emitter already completed.
            subscribers.remove(emitter);
            try {
                emitter.completeWithError(e);
            } catch (RuntimeException alreadyCompleted) {
                // nothing left to complete
            }
            return false;
        }
    }
}
