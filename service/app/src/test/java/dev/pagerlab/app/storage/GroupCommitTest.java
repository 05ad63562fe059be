package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who writes a group commit and in what order: a lone waiting request commits on its own thread, a hand-over on the
 * writer thread, and with many labs handing over and waiting at once, every lab's operations reach the store in the
 * lab's order, each commit after the lab's earlier ones, and everyone's future completes.
 */
class GroupCommitTest {

    /** What is journaled does not matter here, only where and in which order. */
    private static final Operation OPERATION = new Operation.CreateFaultHandler("h");

    @Test
    void aLoneWaitingRequestCommitsOnItsOwnThreadAndAHandOverOnTheWriters() throws Exception {
        RecordingStore store = new RecordingStore();
        try (GroupCommit commits = GroupCommit.threaded(store)) {
            Journal journal = new Journal("lab-1", store, commits, () -> { });
            GroupCommit.Queued waited = queued(journal, "lab-1", 1, 1);
            commits.commit(waited);
            assertThat(waited.done()).isCompleted();
            assertThat(store.commits).singleElement().satisfies(c -> assertThat(c.thread())
                    .isEqualTo(Thread.currentThread().getName()));

            GroupCommit.Queued handed = queued(journal, "lab-1", 2, 1);
            commits.submit(handed);
            handed.done().get(10, TimeUnit.SECONDS);
            assertThat(store.commits.getLast().thread()).isEqualTo("pagerlab-group-commit");
        }
    }

    @Test
    void manyLabsAtOnceKeepEachLabsOrderAndEveryoneHearsBack() throws Exception {
        seededRounds((seed, random, store, labs, pool) -> {
            long[] counted = new long[2];
            try (GroupCommit commits = GroupCommit.threaded(store)) {
                List<Future<List<GroupCommit.Queued>>> results = new ArrayList<>();
                for (int l = 0; l < labs; l++) {
                    String lab = "lab-" + l;
                    SplittableRandom own = random.split();
                    results.add(pool.submit(() -> runLab(lab, own, store, commits)));
                }
                for (Future<List<GroupCommit.Queued>> result : results) {
                    for (GroupCommit.Queued queued : result.get(60, TimeUnit.SECONDS)) {
                        // The last hand-overs of a lab may still be on the writer's way.
                        assertThat(queued.done().get(60, TimeUnit.SECONDS)).as("seed %d", seed).isNull();
                    }
                }
                // Counted before the futures complete, so final now.
                counted[0] = commits.commits();
                counted[1] = commits.committedOperations();
            }
            // Each lab's sequences, in the order the commits reached the store, are 1, 2, 3, ... without a gap.
            Map<String, Long> next = new ConcurrentHashMap<>();
            for (Commit commit : store.commits) {
                assertThat(commit.appends().stream().mapToInt(append -> append.operations().size()).sum())
                        .isLessThanOrEqualTo(GroupCommit.MAX_GROUP);
                for (LabStore.Append append : commit.appends()) {
                    long expected = next.getOrDefault(append.labId(), 1L);
                    assertThat(append.firstSeq()).as("seed %d: %s", seed, append.labId()).isEqualTo(expected);
                    next.put(append.labId(), append.lastSeq() + 1);
                }
            }
            assertThat(next).as("seed %d", seed).hasSize(labs);
            // The counters behind pagerlab_journal_commits and _operations: one per transaction, every operation once.
            assertThat(counted[0]).as("seed %d", seed).isEqualTo(store.commits.size());
            assertThat(counted[1]).as("seed %d", seed).isEqualTo(store.commits.stream().flatMap(c -> c.appends()
                    .stream()).mapToLong(append -> append.operations().size()).sum());
        });
    }

    @Test
    void aRequestArrivingDuringACommitWaitsForItsFutureAndTheWritingThreadWritesIt() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingStore store = new RecordingStore() {
            @Override
            public void appendAll(List<Append> appends) {
                super.appendAll(appends);
                if (commits.size() == 1) {
                    writing.countDown();
                    await(release);
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (GroupCommit commits = GroupCommit.threaded(store)) {
            Journal first = new Journal("lab-1", store, commits, () -> { });
            Journal second = new Journal("lab-2", store, commits, () -> { });
            GroupCommit.Queued leading = queued(first, "lab-1", 1, 1);
            GroupCommit.Queued following = queued(second, "lab-2", 1, 1);
            Future<String> leader = pool.submit(() -> {
                commits.commit(leading);
                return Thread.currentThread().getName();
            });
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // The commit under way holds the lock: the second request queues and returns without waiting for it.
            pool.submit(() -> commits.commit(following)).get(10, TimeUnit.SECONDS);
            assertThat(following.done()).isNotDone();
            release.countDown();
            following.done().get(10, TimeUnit.SECONDS);
            String leaderThread = leader.get(10, TimeUnit.SECONDS);
            // The thread that held the lock looked at the queue again after its commit and wrote what had come.
            assertThat(store.commits).extracting(Commit::thread).containsExactly(leaderThread, leaderThread);
            assertThat(store.commits.get(1).appends()).extracting(LabStore.Append::labId).containsExactly("lab-2");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void closingWhileRequestsCommitLeavesNoOneWaiting() throws Exception {
        seededRounds((seed, random, store, labs, pool) -> {
            List<GroupCommit.Queued> all = new CopyOnWriteArrayList<>();
            List<Future<?>> running = new ArrayList<>();
            GroupCommit commits = GroupCommit.threaded(store);
            try {
                for (int l = 0; l < labs; l++) {
                    String lab = "lab-" + l;
                    int mode = random.nextInt(3);
                    running.add(pool.submit(() -> {
                        Journal journal = new Journal(lab, store, commits, () -> { });
                        for (long sequence = 1; sequence <= 2_000; sequence++) {
                            GroupCommit.Queued item = queued(journal, lab, sequence, 1);
                            all.add(item);
                            if (mode == 0) {
                                commits.submit(item);
                            } else {
                                commits.commit(item);
                            }
                        }
                    }));
                }
                Thread.sleep(random.nextInt(20));
            } finally {
                commits.close();
            }
            for (Future<?> lab : running) {
                lab.get(60, TimeUnit.SECONDS);
            }
            // Every queued operation was either written or refused; none is left waiting for ever.
            for (GroupCommit.Queued item : all) {
                assertThat(item.done().handle((stored, refused) -> true).get(10, TimeUnit.SECONDS))
                        .as("seed %d: %s %d", seed, item.append().labId(), item.append().firstSeq()).isTrue();
            }
        });
    }

    /** One seeded round: {@code labs} (2 to 7) labs, each to run on its own thread of {@code pool}. */
    private interface Round {
        void run(long seed, SplittableRandom random, RecordingStore store, int labs, ExecutorService pool)
                throws Exception;
    }

    /** Twenty rounds from {@code -Dpagerlab.seed} (or the clock) on; a failure's message names its round's seed. */
    private static void seededRounds(Round round) throws Exception {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        for (int r = 0; r < 20; r++) {
            SplittableRandom random = new SplittableRandom(seed + r);
            int labs = 2 + random.nextInt(6);
            ExecutorService pool = Executors.newFixedThreadPool(labs);
            try {
                round.run(seed + r, random, new RecordingStore(), labs, pool);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One lab's requests: runs of operations handed over without waiting (a fault batch) and single ones waited for,
     * in random order, like {@link Journal} does under the lab's lock; returns every operation queued.
     */
    private static List<GroupCommit.Queued> runLab(String lab, SplittableRandom random, RecordingStore store,
                                                    GroupCommit commits) {
        Journal journal = new Journal(lab, store, commits, () -> { });
        List<GroupCommit.Queued> all = new ArrayList<>();
        long sequence = 1;
        for (int request = 0; request < 40; request++) {
            // A request's operations: one, or a fault batch's hand-overs of up to a few thousand each.
            int handOvers = random.nextBoolean() ? 1 : 1 + random.nextInt(4);
            for (int h = 0; h < handOvers; h++) {
                int count = handOvers == 1 && random.nextBoolean() ? 1 : 1 + random.nextInt(4_096);
                GroupCommit.Queued item = queued(journal, lab, sequence, count);
                sequence += count;
                all.add(item);
                if (random.nextInt(3) == 0) {
                    commits.submit(item);
                } else {
                    // As Journal does: the commit, then its future, which another thread may complete.
                    commits.commit(item);
                    item.done().join();
                }
            }
        }
        return all;
    }

    /** {@code count} operations of {@code lab} from {@code firstSeq} on, to hand over. */
    private static GroupCommit.Queued queued(Journal journal, String lab, long firstSeq, int count) {
        return new GroupCommit.Queued(journal, new LabStore.Append(lab, firstSeq, Collections.nCopies(count,
                OPERATION)), new CompletableFuture<>());
    }

    /** One appendAll call: what it got and on which thread. */
    record Commit(String thread, List<LabStore.Append> appends) {
    }

    /** A store that records its commits and keeps nothing else (memory mode's store otherwise). */
    private static class RecordingStore extends MemoryLabStore {
        final List<Commit> commits = new CopyOnWriteArrayList<>();

        @Override
        public boolean keepsOperations() {
            return true;
        }

        @Override
        public void appendAll(List<Append> appends) {
            commits.add(new Commit(Thread.currentThread().getName(), List.copyOf(appends)));
        }
    }
}
