package dev.pagerlab.app.events;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * One connected client with its own send queue and sender thread, so that publishing never waits for a socket: the
 * lab's lock is held while events are published, and a client that stops reading must not stall the lab.
 *
 * <p>A client that falls a whole queue behind is dropped; it reconnects with Last-Event-ID and is replayed from the
 * stream's buffer (or told to reset), so nothing is lost silently.
 */
final class Subscriber {

    private static final Supplier<SseEmitter.SseEventBuilder> STOP = SseEmitter::event;

    private final SseEmitter emitter;
    // Events are built by the sender, so a queued event costs a client one slot, not a copy.
    private final BlockingQueue<Supplier<SseEmitter.SseEventBuilder>> queue;
    private final Runnable onGone;
    private volatile boolean closed;

    Subscriber(SseEmitter emitter, int capacity, Runnable onGone) {
        this.emitter = emitter;
        this.queue = new LinkedBlockingQueue<>(capacity + 1);
        this.onGone = onGone;
        Thread.ofVirtual().name("sse-sender").start(this::drain);
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** Queues an event without blocking; drops the client when its queue is full. */
    void offer(Supplier<SseEmitter.SseEventBuilder> event) {
        if (closed) {
            return;
        }
        if (!queue.offer(event)) {
            gone(new IllegalStateException("client too slow: " + queue.size() + " events unsent"));
        }
    }

    /** Stops the sender; the emitter is left to the caller. */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(STOP);
    }

    private void drain() {
        try {
            for (var event = queue.take(); event != STOP; event = queue.take()) {
                emitter.send(event.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A client that went away shows up here, as an IOException or as an emitter already completed.
            gone(e);
        }
    }

    private void gone(Exception cause) {
        close();
        onGone.run();
        try {
            emitter.completeWithError(cause);
        } catch (RuntimeException alreadyCompleted) {
            // nothing left to complete
        }
    }
}
