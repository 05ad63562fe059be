package dev.pagerlab.app.events;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.engine.event.LabEventListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every lab's streams: sends the heartbeat, and completes all clients when the application closes, before the web
 * server's graceful shutdown would wait for them.
 */
@Component
public class StreamRegistry implements ApplicationListener<ContextClosedEvent> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamRegistry.class);

    private final PagerlabProperties.Sse settings;
    private final JsonMapper json;
    private final Set<LabStreams> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    StreamRegistry(PagerlabProperties properties, JsonMapper json) {
        this.settings = properties.sse();
        this.json = json;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("sse-heartbeat").factory());
        long every = settings.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** New streams for a lab; {@code metrics} sees every event first. */
    public LabStreams open(LabEventListener metrics) {
        LabStreams streams = new LabStreams(settings, metrics, json);
        open.add(streams);
        return streams;
    }

    /** Completes a lab's clients and forgets its streams. */
    public void close(LabStreams streams) {
        open.remove(streams);
        streams.closeAll();
    }

    /** A heartbeat comment to every client now. */
    public void heartbeat() {
        // A periodic task that throws is never run again: one bad client must not end the heartbeat for all.
        for (LabStreams streams : open) {
            try {
                streams.heartbeat();
            } catch (RuntimeException e) {
                log.warn("heartbeat failed for a lab's streams", e);
            }
        }
    }

    /** Connected clients over all labs. */
    public int subscribers() {
        return open.stream().mapToInt(LabStreams::subscribers).sum();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        heartbeat.shutdownNow();
        open.forEach(LabStreams::closeAll);
    }
}
