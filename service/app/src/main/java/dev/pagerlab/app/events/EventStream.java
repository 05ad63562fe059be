package dev.pagerlab.app.events;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

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
     * A published event. Its frame (the bytes on the wire) is built when a client is first sent it, not when it is
     * published: a lab answers up to millions of faults a second, mostly with nobody listening, and every event is
     * published under its lock. Once built, every client is sent the same bytes.
     */
    private static final class Entry implements Supplier<byte[]> {
        private final long id;
        private final String name;
        private final Supplier<Object> source;
        private final JsonMapper json;
        private volatile byte @Nullable [] frame;

        Entry(long id, String name, Supplier<Object> source, JsonMapper json) {
            this.id = id;
            this.name = name;
            this.source = source;
            this.json = json;
        }

        long id() {
            return id;
        }

        @Override
        public byte[] get() {
            byte[] built = frame;
            if (built == null) {
                // Senders of several clients may race here; each builds the same bytes from immutable values.
                built = SseFrames.event(Long.toString(id), name, source.get(), json);
                frame = built;
            }
            return built;
        }
    }

    private final int capacity;
    private final int sendQueue;
    private final JsonMapper json;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    // Removal must not need this stream's monitor: emitter callbacks run on container threads.
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private long nextId = 1;
    private long skipped;

    /**
     * A stream that replays up to {@code capacity} events and queues up to {@code sendQueue} per client, writing
     * event data with {@code json} (the application's mapper, so that the text is what its controllers would write).
     */
    EventStream(int capacity, int sendQueue, JsonMapper json) {
        this.capacity = capacity;
        this.sendQueue = sendQueue;
        this.json = json;
    }

    /**
     * Appends an event and queues it for every client; never waits for a client. {@code data} is called on a sender
     * thread when the first client is sent the event (rarely more than once), and must read only immutable values.
     */
    synchronized void publish(String name, Supplier<Object> data) {
        Entry entry = new Entry(nextId++, name, data, json);
        buffer.addLast(entry);
        if (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(entry);
        }
    }

    /**
     * Counts {@code count} events that were not built (nobody listened, and what follows would push them out of the
     * buffer anyway): their ids are used up, and the buffer no longer reaches back past them without a gap, so it is
     * emptied; a client asking for older events is told to re-read the state, as when they fell out of the buffer.
     */
    synchronized void skip(int count) {
        buffer.clear();
        nextId += count;
        skipped += count;
    }

    /** How many ids {@link #skip} has used up so far. */
    synchronized long skipped() {
        return skipped;
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
        byte[] hello = SseFrames.hello(retry);
        subscriber.offer(() -> hello);
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
            byte[] frame = SseFrames.event(null, "reset", reset, json);
            subscriber.offer(() -> frame);
        }
        for (Entry entry : buffer) {
            if (entry.id() > lastEventId) {
                subscriber.offer(entry);
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
            subscriber.offer(SseFrames.HEARTBEAT);
        }
    }

    /** Completes every client, for shutdown or a destroyed lab; never waits for a socket. */
    void closeAll() {
        for (Subscriber subscriber : subscribers) {
            subscriber.drop();
        }
    }
}
