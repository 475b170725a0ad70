package org.dkumonitor.server.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.junit.jupiter.api.Test;

class MetricCacheTest {

    @Test
    void takesOnePointPerTimestampLastReceivedWinsOldestFirst() {
        MetricCache cache = new MetricCache();
        cache.add("m", 30, 1);
        cache.add("m", 10, 2);
        cache.add("m", 30, 3);
        cache.add("m", 20, 4);
        cache.add("m", 10, 5);
        assertEquals(List.of(new TimeSeriesPoint(10, 5), new TimeSeriesPoint(20, 4),
                new TimeSeriesPoint(30, 3)), cache.take("m"));
    }

    @Test
    void takesTheSameBatchAsArraysForThePersister() {
        MetricCache cache = new MetricCache();
        long[] times = {30, 10, 30, 20, 10};
        for (int i = 0; i < times.length; i++) {
            cache.add("m", times[i], i + 1);
        }
        org.dkumonitor.server.whisper.SortedPoints sorted = cache.takeSorted("m");
        assertEquals(3, sorted.size());
        assertEquals(List.of(10L, 20L, 30L), List.of(sorted.timestamps()[0],
                sorted.timestamps()[1], sorted.timestamps()[2]));
        assertEquals(List.of(5.0, 4.0, 3.0), List.of(sorted.values()[0], sorted.values()[1],
                sorted.values()[2]));
        assertEquals(null, cache.takeSorted("m"), "already in flight");
        cache.written("m");
        assertEquals(0, cache.size());
    }

    @Test
    void keepsTimestampsBeyond2038InOrder() {
        MetricCache cache = new MetricCache();
        cache.add("m", 4_000_000_000L, 1);
        cache.add("m", 1_700_000_000L, 2);
        assertEquals(List.of(new TimeSeriesPoint(1_700_000_000L, 2),
                new TimeSeriesPoint(4_000_000_000L, 1)), cache.take("m"));
    }

    @Test
    void pointsInFlightStayReadableUntilWritten() {
        MetricCache cache = new MetricCache();
        cache.add("m", 10, 1);
        cache.take("m");
        cache.add("m", 20, 2);
        assertEquals(List.of(new TimeSeriesPoint(10, 1), new TimeSeriesPoint(20, 2)),
                cache.read("m"));
        assertEquals(List.of(), cache.take("m"), "one write of a metric at a time");
        cache.written("m");
        assertEquals(List.of(new TimeSeriesPoint(20, 2)), cache.read("m"));
        assertEquals(1, cache.size());
        cache.take("m");
        cache.written("m");
        assertEquals(0, cache.size());
        assertTrue(cache.metrics().isEmpty());
    }

    @Test
    void retryPutsAFailedBatchBackAheadOfNewerPoints() {
        MetricCache cache = new MetricCache();
        cache.add("m", 10, 1);
        cache.take("m");
        cache.add("m", 10, 2);
        cache.retry("m");
        assertEquals(List.of(new TimeSeriesPoint(10, 2)), cache.take("m"));
        cache.written("m");
        assertEquals(0, cache.size());
    }

    @Test
    void aFullCacheBlocksTheSenderUntilThePersisterMakesRoom() throws Exception {
        MetricCache cache = new MetricCache(2);
        cache.add("a", 1, 1);
        cache.add("b", 1, 1);
        CountDownLatch added = new CountDownLatch(1);
        Thread receiver = Thread.ofPlatform().start(() -> {
            cache.add("c", 1, 1);
            added.countDown();
        });
        while (receiver.getState() != Thread.State.TIMED_WAITING
                && receiver.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertEquals(1, added.getCount(), "the receiver waits while the cache is full");
        assertEquals(2, cache.size());
        cache.take("a");
        cache.written("a");
        added.await();
        receiver.join();
        assertEquals(2, cache.size());
        assertEquals(1, cache.fullWaits());
    }

    @Test
    void addNowIgnoresTheBound() {
        MetricCache cache = new MetricCache(1);
        cache.add("a", 1, 1);
        cache.addNow("carbon.agents.h.cacheSize", 1, 1);
        assertEquals(2, cache.size());
    }

    @Test
    void concurrentWritersAndAPersisterLoseNothing() throws Exception {
        MetricCache cache = new MetricCache(1000);
        int threads = 4;
        int perThread = 20_000;
        long[] persisted = new long[1];
        Thread persister = Thread.ofPlatform().start(() -> {
            while (persisted[0] < (long) threads * perThread) {
                for (String metric : cache.metrics()) {
                    int taken = cache.take(metric).size();
                    cache.written(metric);
                    persisted[0] += taken;
                }
            }
        });
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    cache.add("m" + (i % 50), (long) id * perThread + i + 1, i);
                }
            });
        }
        for (Thread writer : writers) {
            writer.join();
        }
        persister.join();
        assertEquals((long) threads * perThread, persisted[0]);
        assertEquals(0, cache.size());
    }

    @Test
    void keepsManyBlocksOfPointsInOrderLastReceivedWinning() {
        MetricCache cache = new MetricCache();
        for (int i = 0; i < 100; i++) {
            cache.add("m", 1000 - 10 * (i % 50), i); // two laps of 50 timestamps, newest first
        }
        org.dkumonitor.server.whisper.SortedPoints sorted = cache.takeSorted("m");
        assertEquals(50, sorted.size());
        for (int k = 0; k < 50; k++) {
            assertEquals(510 + 10 * k, sorted.timestamps()[k]);
            assertEquals(99 - k, sorted.values()[k], "the second lap was received last");
        }
        assertEquals(100, cache.read("m").size(), "in flight, still readable");
    }

    @Test
    void reusesTheBlocksOfWrittenPoints() {
        MetricCache cache = new MetricCache(1_000_000);
        for (int i = 0; i < 100; i++) {
            cache.add("m" + (i % 4), i, i);
        }
        for (int m = 0; m < 4; m++) {
            cache.takeSorted("m" + m);
            cache.written("m" + m);
        }
        int free = cache.freeBlocks();
        assertTrue(free >= 4, "blocks come back once written: " + free);
        cache.add("n", 1, 1);
        assertEquals(free - 1, cache.freeBlocks(), "a new metric takes a free block");
        assertEquals(List.of(new TimeSeriesPoint(1, 1)), cache.read("n"));
    }

    @Test
    void aRetriedBatchComesBeforePointsReceivedWhileItWasInFlight() {
        MetricCache cache = new MetricCache();
        for (int i = 0; i < 20; i++) {
            cache.add("m", 100 + i, i);
        }
        cache.takeSorted("m");
        for (int i = 20; i < 40; i++) {
            cache.add("m", 100 + i, i);
        }
        cache.retry("m");
        List<TimeSeriesPoint> all = cache.read("m");
        assertEquals(40, all.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(new TimeSeriesPoint(100 + i, i), all.get(i));
        }
        assertEquals(40, cache.takeSorted("m").size());
    }

    @Test
    void awaitArrivalAnswersWhenAPointComesOrWhenAskedToStop() throws Exception {
        MetricCache cache = new MetricCache();
        long seen = cache.arrivals();
        Thread adder = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            cache.add("m", 1, 1);
        });
        assertTrue(cache.awaitArrival(seen, 60_000, () -> false));
        adder.join();
        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            stop.set(true);
            cache.wakeWaiters();
        });
        assertEquals(false, cache.awaitArrival(cache.arrivals(), 60_000, stop::get));
        stopper.join();
        assertEquals(false, cache.awaitArrival(cache.arrivals(), 1, () -> false), "timed out");
    }

    @Test
    void aSheddingCacheLeavesPointsOutWhenFullInsteadOfWaiting() {
        MetricCache cache = new MetricCache(1000, true);
        for (int i = 0; i < 30; i++) {
            int round = i;
            cache.addAll(new MetricCache.Batch() {
                public int size() {
                    return 100;
                }

                public String name(int index) {
                    return "m" + index;
                }

                public long timestamp(int index) {
                    return 1000 + round;
                }

                public double value(int index) {
                    return round;
                }
            });
        }
        assertEquals(1000, cache.size());
        assertEquals(2000, cache.shedPoints());
        assertTrue(cache.seal("m1"));
        assertFalse(cache.seal("m1"), "already sealed: in flight");
        assertEquals(10, cache.read("m1").size(), "sealed points stay readable");
        cache.written("m1");
        assertEquals(0, cache.read("m1").size());
        assertEquals(990, cache.size());
    }

    private static final long NONE = Long.MIN_VALUE;

    /** Takes the shard's due entries (queued before {@code before}) and their names. */
    private static List<String> drainDue(MetricCache cache, long before) {
        List<String> names = new java.util.ArrayList<>();
        MetricCache.Entry entry;
        while ((entry = cache.pollDue(0, before, NONE)) != null) {
            names.add(entry.name());
            entry.takeSorted();
            entry.written();
        }
        return names;
    }

    @Test
    void thePersisterTakesMetricsInTheOrderTheirOldestPointArrivedAndOnlyWhenDue()
            throws Exception {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 1000);
        cache.add("first", 10, 1);
        cache.add("second", 10, 2);
        cache.add("first", 20, 3);
        long between = System.nanoTime();
        Thread.sleep(2);
        cache.add("third", 10, 4);
        assertEquals(List.of("first", "second"), drainDue(cache, between),
                "the one queued after the limit is not due");
        assertEquals(1, cache.size());
        assertTrue(cache.dueIn(0, 3_600_000_000_000L).getAsLong() > 0, "queued, not due");
        assertEquals(List.of("third"), drainDue(cache, System.nanoTime() + 1));
        assertTrue(cache.dueIn(0, 0).isEmpty());
    }

    @Test
    void aDrainUpToASequenceTakesWhatWasQueuedBeforeItHowEverYoung() {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 1000);
        cache.add("a", 10, 1);
        cache.add("b", 10, 1);
        long limit = cache.sequence(0);
        cache.add("c", 10, 1);
        long longAgo = System.nanoTime() - 3_600_000_000_000L;
        MetricCache.Entry a = cache.pollDue(0, longAgo, limit);
        MetricCache.Entry b = cache.pollDue(0, longAgo, limit);
        assertEquals(List.of("a", "b"), List.of(a.name(), b.name()));
        assertEquals(null, cache.pollDue(0, longAgo, limit), "c came after the barrier");
    }

    @Test
    void pointsThatArriveDuringAWriteQueueTheMetricAgainOnceWritten() {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 1000);
        cache.add("m", 10, 1);
        MetricCache.Entry taken = cache.pollDue(0, System.nanoTime() + 1, NONE);
        assertEquals(1, taken.takeSorted().size());
        cache.add("m", 20, 2);
        assertEquals(null, cache.pollDue(0, System.nanoTime() + 1, NONE),
                "not queued twice while taken");
        taken.written();
        MetricCache.Entry again = cache.pollDue(0, System.nanoTime() + 1, NONE);
        assertTrue(again == taken, "the same entry, reused");
        assertEquals(20, again.takeSorted().timestamps()[0]);
        assertEquals(1, cache.metricsWithPoints());
        again.written();
        assertEquals(0, cache.size());
        assertEquals(1, cache.metricCount(), "the entry stays for the next point");
        assertEquals(0, cache.metricsWithPoints());
    }

    @Test
    void aFailedWritePutBackComesFirstWithItsPointsAheadOfNewerOnes() {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 1000);
        cache.add("failing", 10, 1);
        cache.add("other", 10, 2);
        MetricCache.Entry failing = cache.pollDue(0, System.nanoTime() + 1, NONE);
        failing.takeSorted();
        cache.add("failing", 20, 3);
        failing.retry();
        cache.putBack(0, List.of(failing));
        MetricCache.Entry next = cache.pollDue(0, System.nanoTime() + 1, NONE);
        assertEquals("failing", next.name());
        org.dkumonitor.server.whisper.SortedPoints points = next.takeSorted();
        assertEquals(2, points.size());
        assertEquals(10, points.timestamps()[0]);
        next.written();
        assertEquals("other", cache.pollDue(0, System.nanoTime() + 1, NONE).name());
    }

    @Test
    void eachShardQueuesItsOwnMetricsAndPointsHeldBeforeQueueingAreQueued() {
        MetricCache cache = new MetricCache();
        for (int i = 0; i < 40; i++) {
            cache.add("m" + i, 10, i);
        }
        cache.queueFor(3, 1000);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int shard = 0; shard < 3; shard++) {
            MetricCache.Entry entry;
            while ((entry = cache.pollDue(shard, System.nanoTime() + 1, NONE)) != null) {
                assertEquals(shard, MetricCache.shardOf(entry.name(), 3), entry.name());
                seen.add(entry.name());
                entry.takeSorted();
                entry.written();
            }
        }
        assertEquals(40, seen.size());
        assertEquals(0, cache.size());
    }

    @Test
    void entriesIdleSinceTheLimitAreSweptAndOnesWithPointsStay() throws Exception {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 1000);
        cache.add("stopped", 10, 1);
        cache.add("busy", 10, 1);
        drainDue(cache, System.nanoTime() + 1);
        Thread.sleep(2);
        long limit = System.nanoTime();
        cache.add("busy", 20, 2);
        cache.add("deleted", 20, 2);
        cache.remove("deleted");
        assertEquals(1, cache.sweepIdle(0, limit));
        assertEquals(java.util.Set.of("busy"), cache.metrics());
        cache.add("stopped", 30, 3);
        assertEquals(List.of("busy", "stopped"), drainDue(cache, System.nanoTime() + 1),
                "a swept metric that sends again is queued again; a removed one is skipped");
        assertTrue(cache.dropIfIdle("busy"), "written, nothing queued: its file was removed");
        cache.add("stopped", 40, 4);
        assertFalse(cache.dropIfIdle("stopped"), "a point waits");
        assertEquals(java.util.Set.of("stopped"), cache.metrics());
    }

    @Test
    void concurrentWritersAndAQueuedPersisterLoseNothing() throws Exception {
        MetricCache cache = new MetricCache(1000);
        cache.queueFor(2, 1000);
        int threads = 4;
        int perThread = 20_000;
        long total = (long) threads * perThread;
        java.util.concurrent.atomic.AtomicLong persisted =
                new java.util.concurrent.atomic.AtomicLong();
        Thread[] workers = new Thread[2];
        for (int w = 0; w < 2; w++) {
            int shard = w;
            workers[w] = Thread.ofPlatform().start(() -> {
                while (persisted.get() < total) {
                    MetricCache.Entry entry = cache.pollDue(shard, System.nanoTime() + 1, NONE);
                    if (entry == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    org.dkumonitor.server.whisper.SortedPoints points = entry.takeSorted();
                    if (points == null) {
                        entry.release();
                        continue;
                    }
                    persisted.addAndGet(points.size());
                    entry.written();
                }
            });
        }
        Thread[] writers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    cache.add("m" + (i % 50), (long) id * perThread + i + 1, i);
                }
            });
        }
        for (Thread writer : writers) {
            writer.join();
        }
        for (Thread worker : workers) {
            worker.join(30_000);
            assertFalse(worker.isAlive(), "a point was left unqueued: " + persisted.get()
                    + " of " + total + " taken");
        }
        assertEquals(total, persisted.get());
        assertEquals(0, cache.size());
    }

    @Test
    void aMetricThatGathersEnoughPointsIsDueAtOnceAheadOfOlderOnes() {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 3);
        cache.add("slow", 10, 1);
        cache.add("steady", 10, 1);
        cache.add("steady", 20, 2);
        long longAgo = System.nanoTime() - 3_600_000_000_000L;
        assertEquals(null, cache.pollDue(0, longAgo, NONE), "none due yet");
        assertTrue(cache.dueIn(0, 3_600_000_000_000L).getAsLong() > 0);
        cache.add("steady", 30, 3);
        assertEquals(0, cache.dueIn(0, 3_600_000_000_000L).getAsLong());
        MetricCache.Entry steady = cache.pollDue(0, longAgo, NONE);
        assertEquals("steady", steady.name());
        assertEquals(3, steady.takeSorted().size());
        steady.written();
        assertEquals(null, cache.pollDue(0, longAgo, NONE), "slow is still young");
        assertEquals(List.of("slow"), drainDue(cache, System.nanoTime() + 1));
    }

    @Test
    void aMetricThatFilledWhileBeingWrittenIsDueAtOnceWhenWritten() {
        MetricCache cache = new MetricCache();
        cache.queueFor(1, 3);
        cache.add("busy", 10, 1);
        cache.add("older", 10, 1);
        MetricCache.Entry busy = cache.pollDue(0, System.nanoTime() + 1, NONE);
        assertEquals("busy", busy.name());
        busy.takeSorted();
        for (int i = 0; i < 3; i++) {
            cache.add("busy", 20 + i, i);
        }
        busy.written();
        long longAgo = System.nanoTime() - 3_600_000_000_000L;
        assertEquals("busy", cache.pollDue(0, longAgo, NONE).name(), "full, ahead of older");
    }
}
