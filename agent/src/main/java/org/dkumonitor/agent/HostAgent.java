package org.dkumonitor.agent;

import java.io.Closeable;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.agent.collect.CollectionException;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.MetricSink;
import org.dkumonitor.core.carbon.CarbonSender;
import org.dkumonitor.core.carbon.CarbonLine;

/**
 * Runs every collector once per interval on one thread and hands the lines, stamped
 * with the collection time, to every sender (which never waits on the network). A collector that
 * fails is logged once and skipped until it works again; the others still report. Each round ends
 * with the agent's own metrics: collectd's {@code collectd.write_queue.queue_length},
 * {@code collectd.write_queue.derive.dropped} and {@code collectd.cache.cache_size}, so that
 * dashboards built on collectd keep working, and under {@code dkm_agent.} the points sent,
 * spooled, dropped and queued over all destinations, the collection time in milliseconds and the
 * number of collectors that failed.
 *
 * <p>The agent runs the rounds on its main thread ({@link #run}), which would otherwise only
 * wait for the end: a thread less, and no scheduled executor's classes (agent/README.md,
 * Footprint); {@link #start} runs them on a thread of their own, for the AOT training.
 */
public final class HostAgent implements Closeable {

    private static final AgentLog LOG = AgentLog.of(HostAgent.class);

    private final String pathPrefix;
    private final List<Collector> collectors;
    private final List<CarbonSender> senders;
    private final InstantSource clock;
    private final boolean[] failing;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private boolean sendersStarted;
    private final HeapKeeper heapKeeper;
    private volatile Runnable afterRound;
    private long previousDropped;
    private Instant previousRound;

    public HostAgent(String pathPrefix, List<Collector> collectors, List<CarbonSender> senders,
            InstantSource clock) {
        this(pathPrefix, collectors, senders, clock, null);
    }

    /** {@code heapKeeper} (or null) checks the heap after every round. */
    HostAgent(String pathPrefix, List<Collector> collectors, List<CarbonSender> senders,
            InstantSource clock, HeapKeeper heapKeeper) {
        this.pathPrefix = pathPrefix;
        this.collectors = List.copyOf(collectors);
        this.senders = List.copyOf(senders);
        this.clock = clock;
        this.failing = new boolean[collectors.size()];
        this.heapKeeper = heapKeeper;
    }

    /**
     * Runs {@code task} on the collection thread after each round: a cheap check that needs no
     * thread of its own (the tap socket's request).
     */
    void afterEachRound(Runnable task) {
        afterRound = task;
    }

    /** Starts the senders' threads, once: before the rounds when StatsD flushes through them. */
    synchronized void startSenders() {
        if (!sendersStarted) {
            sendersStarted = true;
            for (CarbonSender sender : senders) {
                sender.start();
            }
        }
    }

    /** Runs the rounds on a daemon thread of their own until {@link #close}. */
    public void start(int intervalSeconds) {
        Thread thread = new Thread(new Runnable() {
            @Override
            public void run() {
                HostAgent.this.run(intervalSeconds, null);
            }
        }, "collect");
        thread.setDaemon(true);
        running = true;
        thread.start();
    }

    /**
     * Runs a round now and then every {@code intervalSeconds} (at a fixed rate; a round that
     * overran skips the rounds it missed) on the calling thread, until {@link #close} (true) or
     * until {@code supervisor} (null: none), checked between rounds every
     * {@link SupervisorWatch#EVERY_MILLIS}, is gone (false).
     */
    boolean run(int intervalSeconds, SupervisorWatch.Liveness supervisor) {
        return run(intervalSeconds, supervisor, SupervisorWatch.EVERY_MILLIS);
    }

    /** {@link #run(int, SupervisorWatch.Liveness)}, the supervisor checked as often as given. */
    boolean run(int intervalSeconds, SupervisorWatch.Liveness supervisor, long checkMillis) {
        running = true;
        try {
            startSenders();
            logStart(intervalSeconds);
            long period = TimeUnit.SECONDS.toNanos(intervalSeconds);
            long every = TimeUnit.MILLISECONDS.toNanos(checkMillis);
            long nextRound = System.nanoTime();
            long nextCheck = nextRound + every;
            while (true) {
                long now = System.nanoTime();
                if (now - nextRound >= 0) {
                    round();
                    nextRound += period;
                    now = System.nanoTime();
                    if (now - nextRound > 0) {
                        nextRound = now;
                    }
                }
                if (supervisor != null && now - nextCheck >= 0) {
                    if (!supervisor.isAlive()) {
                        return false;
                    }
                    nextCheck = now + every;
                }
                long until = supervisor == null || nextRound - nextCheck < 0 ? nextRound
                        : nextCheck;
                if (stopping.await(Math.max(0, until - System.nanoTime()),
                        TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            stopped.countDown();
        }
    }

    private void round() {
        try {
            collectOnce();
        } catch (RuntimeException e) {
            LOG.warning("collection round failed: " + e);
        }
    }

    private void logStart(int intervalSeconds) {
        List<String> names = new ArrayList<>();
        for (Collector collector : collectors) {
            names.add(collector.name());
        }
        List<String> destinations = new ArrayList<>();
        for (CarbonSender sender : senders) {
            destinations.add(sender.destination());
        }
        LOG.info("collecting " + names + " every " + intervalSeconds + " s as " + pathPrefix
                + ", sending to " + destinations);
    }

    /** The lines of one round, in carbon's plaintext form. */
    private final class Batch implements MetricSink {

        final StringBuilder text = new StringBuilder(16384);
        final long timestamp;
        int lines;

        Batch(long timestamp) {
            this.timestamp = timestamp;
        }

        @Override
        public void put(String path, double value) {
            if (Double.isFinite(value)) {
                CarbonLine.appendPlaintext(text, pathPrefix, path, value, timestamp);
                lines++;
            }
        }
    }

    /** One round: every collector, then the self-metrics, one batch to every sender. */
    void collectOnce() {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        long started = System.nanoTime();
        Batch batch = new Batch(timestamp);
        int errors = 0;
        for (int i = 0; i < collectors.size(); i++) {
            Collector collector = collectors.get(i);
            try {
                collector.collect(now, batch);
                if (failing[i]) {
                    LOG.info(collector.name() + ": collecting again");
                    failing[i] = false;
                }
            } catch (RuntimeException e) {
                errors++;
                if (!failing[i]) {
                    LOG.warning(e instanceof CollectionException ? e.getMessage()
                            : collector.name() + ": collection failed: " + e);
                    failing[i] = true;
                }
            }
        }
        double collectMillis = (System.nanoTime() - started) / 1e6;
        putSelfMetrics(batch, now, collectMillis, errors);
        String text = batch.text.toString();
        for (CarbonSender sender : senders) {
            sender.send(text, batch.lines);
        }
        if (heapKeeper != null) {
            heapKeeper.check();
        }
        Runnable task = afterRound;
        if (task != null) {
            task.run();
        }
    }

    /** Puts the agent's own metrics into the round's batch. */
    private void putSelfMetrics(Batch batch, Instant now, double collectMillis, int errors) {
        long sent = 0;
        long spooled = 0;
        long dropped = 0;
        long queued = 0;
        for (CarbonSender sender : senders) {
            sent += sender.sentLines();
            spooled += sender.spooledLines();
            dropped += sender.droppedLines();
            queued += sender.queuedLines();
        }
        int collected = batch.lines;
        batch.put("collectd.write_queue.queue_length", queued);
        if (previousRound != null && now.isAfter(previousRound)) {
            double seconds = (now.toEpochMilli() - previousRound.toEpochMilli()) / 1000.0;
            batch.put("collectd.write_queue.derive.dropped", (dropped - previousDropped) / seconds);
        }
        batch.put("collectd.cache.cache_size", collected);
        batch.put("dkm_agent.points.sent", sent);
        batch.put("dkm_agent.points.spooled", spooled);
        batch.put("dkm_agent.points.dropped", dropped);
        batch.put("dkm_agent.points.queued", queued);
        batch.put("dkm_agent.collect_time_ms", collectMillis);
        batch.put("dkm_agent.collector_errors", errors);
        previousDropped = dropped;
        previousRound = now;
    }

    /** Ends the rounds (waiting up to 2 s for one under way) and closes the senders. */
    @Override
    public void close() {
        stopping.countDown();
        if (running) {
            try {
                stopped.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CarbonSender sender : senders) {
            sender.close();
        }
    }
}
