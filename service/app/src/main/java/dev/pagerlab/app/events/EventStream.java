package dev.pagerlab.app.events;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One server-sent-event stream: increasing ids, a bounded replay buffer for {@code Last-Event-ID}, and the
 * connected clients, each with its own send queue (see {@link Subscriber}).
 */
final class EventStream {

    /**
     * A published event. Its JSON data is built when a client is sent it, not when it is published: a lab answers
     * up to millions of faults a second, mostly with nobody listening, and every event is published under its lock.
     */
    private static final class Entry {
        private final long id;
        private final String name;
        private final Supplier<Object> source;
        private volatile @Nullable Object data;

        Entry(long id, String name, Supplier<Object> source) {
            this.id = id;
            this.name = name;
            this.source = source;
        }

        long id() {
            return id;
        }

        SseEmitter.SseEventBuilder toEvent() {
            Object built = data;
            if (built == null) {
                // Senders of several clients may race here; each builds the same immutable value.
                built = source.get();
                data = built;
            }
            return SseEmitter.event().id(Long.toString(id)).name(name).data(built, MediaType.APPLICATION_JSON);
        }
    }

    private final int capacity;
    private final int sendQueue;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    // Removal must not need this stream's monitor: emitter callbacks run on container threads.
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long nextId = 1;

    /** A stream that replays up to {@code capacity} events and queues up to {@code sendQueue} per client. */
    EventStream(int capacity, int sendQueue) {
        this.capacity = capacity;
        this.sendQueue = sendQueue;
    }

    /**
     * Appends an event and queues it for every client; never waits for a client. {@code data} is called at most once
     * per client, on its sender thread, and must read only immutable values.
     */
    synchronized void publish(String name, Supplier<Object> data) {
        Entry entry = new Entry(nextId++, name, data);
        buffer.addLast(entry);
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(entry::toEvent);
        }
    }

    /** Makes the next event's id {@code lastId + 1}; only for a stream that has published nothing yet. */
    synchronized void resumeAfter(long lastId) {
        if (!buffer.isEmpty() || nextId != 1) {
            throw new IllegalStateException("stream already has events");
        }
        nextId = lastId + 1;
    }

    /** The id of the last event published, 0 before the first. */
    synchronized long lastId() {
        return nextId - 1;
    }

    /**
     * Connects a client: tells it the reconnect delay, replays what it missed after {@code lastEventId} (with a
     * {@code reset} event first when the buffer no longer reaches back that far), then keeps it for new events.
     */
    synchronized void subscribe(SseEmitter emitter, @Nullable Long lastEventId, Duration retry) {
        Subscriber subscriber = new Subscriber(emitter, Math.max(sendQueue, capacity + 2), () -> remove(emitter));
        subscribers.add(subscriber);
        subscriber.offer(() -> SseEmitter.event().comment("pagerlab stream").reconnectTime(retry.toMillis()));
        if (lastEventId == null) {
            return;
        }
        long oldest = buffer.isEmpty() ? nextId : buffer.peekFirst().id();
        // Reset only when events after the client's id were dropped from the buffer; an id this stream never
        // issued (up to Long.MAX_VALUE) lost nothing, and adding 1 to it would overflow. oldest >= 1.
        if (lastEventId < oldest - 1) {
            Map<String, Object> reset = Map.of(
                    "reason", "events after " + lastEventId + " are no longer buffered; re-read the state",
                    "oldestBuffered", oldest, "next", nextId);
            subscriber.offer(() -> SseEmitter.event().name("reset").data(reset, MediaType.APPLICATION_JSON));
        }
        for (Entry entry : buffer) {
            if (entry.id() > lastEventId) {
                subscriber.offer(entry::toEvent);
            }
        }
    }

    /** Forgets a client (completed, timed out, failed) and stops its sender. */
    void remove(SseEmitter emitter) {
        subscribers.removeIf(s -> {
            if (s.emitter() == emitter) {
                s.close();
                return true;
            }
            return false;
        });
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** A comment line to every client, so that proxies keep idle connections and dead ones are noticed. */
    void heartbeat() {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(() -> SseEmitter.event().comment("heartbeat"));
        }
    }

    /** Completes every client, for shutdown or a destroyed lab; never waits for a socket. */
    void closeAll() {
        for (Subscriber subscriber : subscribers) {
            subscriber.drop();
        }
    }
}
