package dev.pagerlab.app.faults;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link LongBatchEventsTest} in memory mode, where the journal passes each operation on at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pagerlab.sse.replay-buffer=" + LongBatchEventsTest.BUFFER, "pagerlab.storage=memory"})
class LongBatchEventsInMemoryTest extends LongBatchEventsTest {
}
