package dev.pagerlab.app.events;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One connected client with its own send queue and sender thread, so that publishing never waits for a socket: the
 * lab's lock is held while events are published, and a client that stops reading must not stall the lab.
 *
 * <p>A client that falls a whole queue behind is dropped; it reconnects with Last-Event-ID and is replayed from the
 * stream's buffer (or told to reset), so nothing is lost silently.
 *
 * <p>Nothing here but the sender thread ever touches the emitter while a send may be in progress: a send holds the
 * emitter's lock for as long as the socket takes, and so would anything that completes the emitter. Dropping a client
 * therefore forgets it at once and completes its emitter on a thread of its own.
 */
final class Subscriber {

    private static final Supplier<byte[]> STOP = () -> new byte[0];
    // Frames per write: a client far behind is caught up in writes of a bounded size.
    private static final int MAX_BATCH = 64;

    private final SseEmitter emitter;
    // Frames are built by the sender (once, for all clients), so a queued event costs a client one slot, not a copy.
    private final BlockingQueue<Supplier<byte[]>> queue;
    private final Runnable onGone;
    private final AtomicBoolean closed = new AtomicBoolean();

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
    void offer(Supplier<byte[]> event) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(event)) {
            drop();
        }
    }

    /** Stops the sender; the emitter is left to the caller. Never blocks. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(STOP);
        }
    }

    /**
     * Forgets this client now and completes its emitter in the background; never blocks, so it is safe under the
     * lab's lock. The client sees its stream end and reconnects with Last-Event-ID.
     */
    void drop() {
        close();
        onGone.run();
        Thread.ofVirtual().name("sse-complete").start(() -> {
            try {
                emitter.complete();
            } catch (RuntimeException alreadyCompleted) {
                // nothing left to complete
            }
        });
    }

    private void drain() {
        List<Supplier<byte[]>> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                // Whatever else is queued already goes out in the same write: a fault's events, published together,
                // cost a client one write and one flush instead of one each. Never waits for more.
                queue.drainTo(batch, MAX_BATCH - 1);
                if (closed.get() || batch.contains(STOP)) {
                    return;
                }
                // Bytes pass the emitter's byte-array converter as they are: no JSON per client.
                emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(concat(batch),
                        MediaType.TEXT_EVENT_STREAM)));
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A client that went away shows up here, as an IOException or as an emitter already completed.
            drop();
        }
    }

    private static byte[] concat(List<Supplier<byte[]>> frames) {
        if (frames.size() == 1) {
            return frames.getFirst().get();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(frames.size() * 256);
        for (Supplier<byte[]> frame : frames) {
            out.writeBytes(frame.get());
        }
        return out.toByteArray();
    }
}
