package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many request threads on one lab: every operation is atomic, so the lab ends consistent. */
class ConcurrentLabTest {

    private static final int WORKERS = 8;
    private static final int OPERATIONS = 2_000;

    @Test
    void attachingDetachingAndFaultingFromManyThreadsLeavesAConsistentLab() throws Exception {
        Machines m = Machines.withQuotas(new Quotas(64, 64, 100_000, 100_000, 16, 100_000));
        RegionMapId as = m.rm(1L << 26);
        RegionMapId sub = m.rm(1L << 22);
        m.attach(as, AttachRequest.of(m.managed(sub)).at(Addr.of(0)));
        m.handlerAt(sub);
        m.handlerAt(as);
        List<DataspaceId> pages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pages.add(m.ram(0x1000L << i));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long seed = w;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                ThreadId thread = m.lab.createThread(as, "").orThrow().id();
                for (int i = 0; i < OPERATIONS; i++) {
                    RegionMapId target = random.nextBoolean() ? as : sub;
                    long limit = target == as ? 1L << 26 : 1L << 22;
                    long addr = (random.nextLong() & (limit - 1)) & ~0xFFFL;
                    switch (random.nextInt(3)) {
                        case 0 -> m.lab.attach(target, AttachRequest.of(pages.get(random.nextInt(pages.size())))
                                .at(Addr.of(addr)));
                        case 1 -> m.lab.detach(target, Addr.of(addr));
                        default -> {
                            if (m.lab.thread(thread).orElseThrow().state() != ThreadState.RUNNING) {
                                thread = m.lab.createThread(as, "").orThrow().id();
                            }
                            m.lab.fault(thread, Addr.of(random.nextLong() & ((1L << 26) - 1)),
                                    Access.values()[random.nextInt(3)], Explain.NO_TRACE);
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        PagerInvariantsTest.assertLayoutConsistent(m.lab);
        PagerInvariantsTest.assertFaultersConsistent(m.lab);
        BruteForcePager oracle = new BruteForcePager(m.lab);
        for (RegionMapId rm : List.of(as, sub)) {
            for (var mapping : m.lab.mappings(rm).orThrow()) {
                assertThat(oracle.walk(rm, mapping.virtRange(), mapping.virt(), Access.READ))
                        .as("%s has its region", mapping).isInstanceOf(BruteForcePager.Walk.Leaf.class);
            }
        }
        assertThat(m.lab.threads().stream().filter(t -> t.state() == ThreadState.FAULTED).count())
                .isEqualTo(m.lab.regionMaps().stream().mapToLong(r -> r.faulters().size()).sum());
    }
}
