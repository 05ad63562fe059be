package dev.pagerlab.app.events;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Publishing never waits for a client: a client that stops reading is dropped, the others keep receiving. */
class EventStreamTest {

    private static final JsonMapper JSON = new JsonMapper();

    /** A client whose socket never drains: every send blocks until released. */
    static final class StuckClient extends SseEmitter {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void send(Set<ResponseBodyEmitter.DataWithMediaType> items) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A client that records the events it was sent, one entry per event (a send may carry several). */
    static class RecordingClient extends SseEmitter {
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public void send(Set<ResponseBodyEmitter.DataWithMediaType> items) {
            String text = items.stream().map(part -> new String((byte[]) part.getData(), StandardCharsets.UTF_8))
                    .collect(java.util.stream.Collectors.joining());
            assertThat(text).as("a send carries whole events").endsWith("\n\n");
            for (String event : text.split("\n\n")) {
                received.add(event + "\n\n");
            }
        }
    }

    /** Records events; its first send (the stream's hello) waits until released. */
    static final class SlowStartClient extends RecordingClient {
        final CountDownLatch release = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void send(Set<ResponseBodyEmitter.DataWithMediaType> items) {
            if (sends.getAndIncrement() == 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.send(items);
        }
    }

    @Test
    void eventsQueuedWhileASendIsUnderWayGoOutInOneWrite() {
        EventStream stream = new EventStream(8, 100, JSON);
        SlowStartClient client = new SlowStartClient();
        stream.subscribe(client, null, Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.sends.get() == 1);
        for (int i = 0; i < 10; i++) {
            int tick = i;
            stream.publish("tick", () -> tick);
        }

        client.release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.received.size() == 11);
        assertThat(client.sends.get()).as("the hello, then the ten events in one write").isEqualTo(2);
        for (int i = 1; i <= 10; i++) {
            assertThat(client.received.get(i)).startsWith("id:" + i + "\nevent:tick\ndata:" + (i - 1) + "\n");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutHoldingUpPublishers() {
        EventStream stream = new EventStream(8, 50, JSON);
        StuckClient stuck = new StuckClient();
        RecordingClient healthy = new RecordingClient();
        stream.subscribe(stuck, null, Duration.ofSeconds(3));
        stream.subscribe(healthy, null, Duration.ofSeconds(3));

        // Each round stays below the healthy client's queue; the stuck one never drains and overflows in round 2.
        for (int round = 1; round <= 3; round++) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 30; i++) {
                    int tick = i;
                    stream.publish("tick", () -> tick);
                }
            });
            int expected = 1 + 30 * round;
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.received.size() == expected);
        }

        assertThat(stream.subscriberCount()).isEqualTo(1);
        assertThat(healthy.received.getLast()).contains("id:90");
        stuck.release.countDown();
    }

    @Test
    void aReconnectingClientIsReplayedFromTheBufferInOrder() {
        EventStream stream = new EventStream(8, 100, JSON);
        for (int i = 0; i < 5; i++) {
            int tick = i;
            stream.publish("tick", () -> tick);
        }
        RecordingClient client = new RecordingClient();

        stream.subscribe(client, 2L, Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> client.received.size() == 4);
        assertThat(client.received.get(1)).contains("id:3");
        assertThat(client.received.get(3)).contains("id:5");
        stream.remove(client);
        assertThat(stream.subscriberCount()).isZero();
    }
}
