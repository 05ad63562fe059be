package dev.pagerlab.app.events;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Signal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams of one lab: its {@code events} stream and one {@code signals} stream per fault handler.
 *
 * <p>It is the lab's event listener, so it runs under the lab's lock: events are published in the lab's order, and
 * a signal is delivered to a listening client in the same step that submitted it. Without a listener a signal stays
 * counted in the engine until a client connects.
 *
 * <p>An operation's events are held back until the lab reports the operation {@code accepted}: a journal in front
 * of this listener has made it durable by then, so no client sees an event that a crash could take back. The
 * delivery of the operation's signals waits for the same moment, so that the delivery follows the operation that
 * submitted them in the lab's history (replaying the history delivers them again in that order).
 */
public final class LabStreams implements LabEventListener {

    private static final Duration PROBE_WAIT = Duration.ofMillis(500);
    private static final Duration PROBE_GAP = Duration.ofMillis(10);

    private final PagerlabProperties.Sse settings;
    private final LabEventListener metrics;
    private final JsonMapper json;
    private final EventStream events;
    private final Map<HandlerId, EventStream> signals = new ConcurrentHashMap<>();
    // Touched under the lab's lock only.
    private final List<LabEvent> pendingEvents = new ArrayList<>();
    private final Set<HandlerId> pendingSignals = new LinkedHashSet<>();
    /** How many faults of a batch follow the one being run ({@link #faultsToCome}); -1 outside a batch's fault. */
    private int faultsToCome = -1;
    private volatile @Nullable Lab lab;

    LabStreams(PagerlabProperties.Sse settings, LabEventListener metrics, JsonMapper json) {
        this.settings = settings;
        this.metrics = metrics;
        this.json = json;
        this.events = newStream();
    }

    private EventStream newStream() {
        return new EventStream(settings.replayBuffer(), settings.sendQueue(), json);
    }

    /**
     * Binds the lab these streams belong to: right after the lab is created with this listener, and again with the
     * fresh lab of a reset, under the old lab's lock; every stream then carries a {@code lab-reset} event and its
     * clients stay connected.
     */
    public void bind(Lab created) {
        Lab previous = this.lab;
        this.lab = created;
        if (previous != null) {
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("type", "lab-reset");
            reset.put("platform", created.platform().name());
            events.publish("lab-reset", () -> reset);
            signals.values().forEach(stream -> stream.publish("lab-reset", () -> reset));
        }
    }

    /**
     * Binds a lab equal to the bound one as far as any client saw, so without a {@code lab-reset} event: the lab
     * rebuilt after its journal failed (its failed operation's events were never sent), or the lab that start-up
     * compaction replayed from the shorter history (see {@code storage.LabStorage}). Under the old lab's lock.
     */
    public void rebind(Lab equal) {
        pendingEvents.clear();
        pendingSignals.clear();
        this.lab = equal;
    }

    private Lab lab() {
        return Objects.requireNonNull(lab, "streams not bound to a lab");
    }

    @Override
    public void on(LabEvent event) {
        metrics.on(event);
        pendingEvents.add(event);
        if (event instanceof LabEvent.SignalSubmitted submitted) {
            pendingSignals.add(submitted.handler());
        }
    }

    /**
     * The fault about to run (in this lab step, under the lab's lock) is followed by {@code count} more of the same
     * batch: when they are at least as many as the replay buffer holds, each of them emitting at least one event if
     * it is accepted, and nobody is connected to the events stream, this fault's events would be overwritten in the
     * buffer before anyone could ask for them, so they are not built (see {@link #wantsFaultEvents}); -1 after the
     * fault, so that no other operation is taken for part of the batch.
     */
    public void faultsToCome(int count) {
        faultsToCome = count;
    }

    @Override
    public boolean wantsFaultEvents() {
        return faultsToCome < settings.replayBuffer() || events.subscriberCount() > 0;
    }

    @Override
    public void resolvedUnheard(int flushed, int sizeLog2) {
        metrics.resolvedUnheard(flushed, sizeLog2);
        events.skip(flushed + 2);
    }

    /** How many of the lab's events were counted without being built, because nobody could have seen them. */
    public long eventsNotBuilt() {
        return events.skipped();
    }

    @Override
    public void accepted(long sequence, Operation operation) {
        for (LabEvent event : pendingEvents) {
            // Built when a client is sent it: a lab nobody watches pays nothing for its events.
            events.publish(event.kind(), () -> EventPayloads.of(event));
        }
        pendingEvents.clear();
        if (pendingSignals.isEmpty()) {
            return;
        }
        List<HandlerId> handlers = List.copyOf(pendingSignals);
        pendingSignals.clear();
        for (HandlerId handler : handlers) {
            EventStream stream = signals.get(handler);
            if (stream != null && stream.subscriberCount() > 0) {
                deliver(handler, stream);
            }
        }
    }

    /** Publishes a delivery found in the lab's journal on rebuild, so the handler's stream keeps its event ids. */
    public void replayDelivered(Signal signal) {
        signals.computeIfAbsent(signal.handler(), h -> newStream())
                .publish("fault-signal", () -> Dto.SignalDto.of(signal));
    }

    /** Starts the events stream's ids after {@code lastId}, for a lab rebuilt after a reset; before any event. */
    public void resumeEventsAfter(long lastId) {
        events.resumeAfter(lastId);
    }

    /** The id of the last event of the lab's events stream, 0 before the first. */
    public long lastEventId() {
        return events.lastId();
    }

    private void deliver(HandlerId handler, EventStream stream) {
        // Refused only for a handler that a reset took away while an operation of the old lab was finishing.
        if (lab().deliverSignal(handler) instanceof Result.Ok<Optional<Signal>>(var signal)) {
            signal.ifPresent(s -> {
                Dto.SignalDto data = Dto.SignalDto.of(s);
                stream.publish("fault-signal", () -> data);
            });
        }
    }

    /** A client of the lab's events stream, replaying after {@code lastEventId} when given. */
    public SseEmitter subscribeEvents(@Nullable Long lastEventId) {
        makeRoom();
        return lab().atomically(() -> connect(events, lastEventId));
    }

    /**
     * When the lab holds its limit of clients, finds those that closed their connections: such a client is noticed
     * only when a write to it fails, and that is the second write after the close (the first one draws the reset).
     * Runs outside the lab's lock and waits a bounded, short time.
     */
    private void makeRoom() {
        if (subscribers() < settings.maxSubscribersPerLab()) {
            return;
        }
        long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
        try {
            heartbeat();
            Thread.sleep(PROBE_GAP);
            heartbeat();
            while (subscribers() >= settings.maxSubscribersPerLab() && System.nanoTime() < deadline) {
                Thread.sleep(PROBE_GAP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A client of a fault handler's signals: replays what it missed after {@code lastEventId}, then receives the
     * signals counted while nobody listened as one delivery.
     */
    public SseEmitter subscribeSignals(HandlerId handler, @Nullable Long lastEventId) {
        makeRoom();
        return lab().atomically(() -> {
            if (lab().faultHandler(handler).isEmpty()) {
                throw new Refused(Failure.Code.NOT_FOUND, "no fault handler " + handler);
            }
            EventStream stream = signals.computeIfAbsent(handler, h -> newStream());
            SseEmitter emitter = connect(stream, lastEventId);
            deliver(handler, stream);
            return emitter;
        });
    }

    private SseEmitter connect(EventStream stream, @Nullable Long lastEventId) {
        if (subscribers() >= settings.maxSubscribersPerLab()) {
            throw new Refused(Failure.Code.QUOTA_EXCEEDED, "this lab already has " + settings.maxSubscribersPerLab()
                    + " stream subscribers (pagerlab.sse.max-subscribers-per-lab)");
        }
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        emitter.onCompletion(() -> stream.remove(emitter));
        emitter.onTimeout(() -> {
            stream.remove(emitter);
            emitter.complete();
        });
        emitter.onError(error -> stream.remove(emitter));
        stream.subscribe(emitter, lastEventId, settings.retry());
        return emitter;
    }

    /** Connected clients over all streams of this lab. */
    public int subscribers() {
        return events.subscriberCount() + signals.values().stream().mapToInt(EventStream::subscriberCount).sum();
    }

    void heartbeat() {
        events.heartbeat();
        signals.values().forEach(EventStream::heartbeat);
    }

    /** Completes every client of this lab. */
    public void closeAll() {
        events.closeAll();
        signals.values().forEach(EventStream::closeAll);
    }
}
