package dev.pagerlab.app.events;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.HandlerId;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams of one lab: its {@code events} stream and one {@code signals} stream per fault handler.
 *
 * <p>It is the lab's event listener, so it runs under the lab's lock: events are published in the lab's order, and
 * a signal is delivered to a listening client in the same step that submitted it. Without a listener a signal stays
 * counted in the engine until a client connects.
 */
public final class LabStreams implements LabEventListener {

    private final PagerlabProperties.Sse settings;
    private final LabEventListener metrics;
    private final EventStream events;
    private final Map<HandlerId, EventStream> signals = new ConcurrentHashMap<>();
    private @Nullable Lab lab;

    LabStreams(PagerlabProperties.Sse settings, LabEventListener metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.events = new EventStream(settings.replayBuffer(), settings.sendQueue());
    }

    /** Binds the lab these streams belong to; once, right after the lab is created with this listener. */
    public void bind(Lab created) {
        this.lab = created;
    }

    private Lab lab() {
        return Objects.requireNonNull(lab, "streams not bound to a lab");
    }

    @Override
    public void on(LabEvent event) {
        metrics.on(event);
        events.publish(event.kind(), () -> EventPayloads.of(event));
        if (event instanceof LabEvent.SignalSubmitted submitted) {
            EventStream stream = signals.get(submitted.handler());
            if (stream != null && stream.subscriberCount() > 0) {
                deliver(submitted.handler(), stream);
            }
        }
    }

    private void deliver(HandlerId handler, EventStream stream) {
        Refused.unwrap(lab().deliverSignal(handler))
                .ifPresent(signal -> {
                    Dto.SignalDto data = Dto.SignalDto.of(signal);
                    stream.publish("fault-signal", () -> data);
                });
    }

    /** A client of the lab's events stream, replaying after {@code lastEventId} when given. */
    public SseEmitter subscribeEvents(@Nullable Long lastEventId) {
        return lab().atomically(() -> connect(events, lastEventId));
    }

    /**
     * A client of a fault handler's signals: replays what it missed after {@code lastEventId}, then receives the
     * signals counted while nobody listened as one delivery.
     */
    public SseEmitter subscribeSignals(HandlerId handler, @Nullable Long lastEventId) {
        return lab().atomically(() -> {
            if (lab().faultHandler(handler).isEmpty()) {
                throw new Refused(Failure.Code.NOT_FOUND, "no fault handler " + handler);
            }
            EventStream stream = signals.computeIfAbsent(handler, h -> new EventStream(settings.replayBuffer(), settings.sendQueue()));
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
