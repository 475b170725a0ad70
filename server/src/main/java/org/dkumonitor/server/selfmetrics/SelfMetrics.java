package org.dkumonitor.server.selfmetrics;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.persist.PersistStats;

/**
 * The server's own metrics, written every interval under a prefix ({@code carbon.agents.<name>.}
 * for a storage node, {@code carbon.relays.<name>.} for a relay, as carbon names its daemons')
 * with carbon's names. Each part of the server that has figures adds a {@link Figures}: the
 * store's are metricsReceived, committedPoints, updateOperations, pointsPerUpdate, creates,
 * errors, quarantined (metrics the store could not write, set aside) and deadLetterPoints (their
 * points), counted over the interval (as carbon's are), cache.size and cache.queues, levels, and
 * rejects.&lt;reason&gt;, refused input by reason (rejects.pastOldestArchive: points older than
 * their file keeps); other parts add their counters ({@link #addCounters}), such as
 * api.refused.&lt;status&gt;, and levels ({@link #level}, e.g. storage.mismatchedFiles). A
 * storage node writes them into its cache, bypassing the cache bound (a full cache must not
 * silence its own report), or, when its store's log is its queue (ClickHouse), into that log; a
 * relay sends them on like any other point.
 */
public final class SelfMetrics {

    /** Where the figures go. */
    @FunctionalInterface
    public interface Sink {
        void add(String name, long timestamp, double value);

        /** One interval's figures, each named {@code prefix + name}. */
        default void addAll(String prefix, long timestamp, Map<String, Double> figures) {
            figures.forEach((name, value) -> add(prefix + name, timestamp, value));
        }

        /** A store that takes each interval's figures as one batch (ClickHouse's log). */
        static Sink of(PointStore store) {
            return new Sink() {
                @Override
                public void add(String name, long timestamp, double value) {
                    addAll(name, timestamp, Map.of("", value));
                }

                @Override
                public void addAll(String prefix, long timestamp, Map<String, Double> figures) {
                    PointBatch batch = new PointBatch();
                    figures.forEach((name, value) -> batch.add(prefix + name, timestamp, value));
                    store.store(batch);
                }
            };
        }
    }

    /** A part of the server with figures to report. */
    @FunctionalInterface
    public interface Figures {
        void report(Report report);
    }

    /** One interval's figures, being collected. */
    public final class Report {

        private final Map<String, Double> figures = new LinkedHashMap<>();

        /** A running total: reported as its growth since the last interval. */
        public void counter(String name, long total) {
            Long before = previous.put(name, total);
            figures.put(name, (double) (total - (before == null ? 0 : before)));
        }

        /** A level (queue length, size): reported as it is. */
        public void level(String name, double value) {
            figures.put(name, value);
        }
    }

    private final Sink sink;
    private final InstantSource clock;
    private final String prefix;
    private final List<Figures> parts = new ArrayList<>();
    private final Map<String, Long> previous = new LinkedHashMap<>();

    /** A storage node's: the receivers', the cache's and the persister's figures. */
    public SelfMetrics(String name, MetricCache cache, ReceiverStats receivers,
            PersistStats persister, InstantSource clock) {
        this(name, cache, receivers, persister, clock, null);
    }

    /**
     * {@code out}, when not null, takes the figures instead of the cache: a store whose log is
     * its queue (ClickHouse) must have them in the log.
     */
    public SelfMetrics(String name, MetricCache cache, ReceiverStats receivers,
            PersistStats persister, InstantSource clock, PointStore out) {
        this("carbon.agents." + safe(name) + ".", out == null ? cache::addNow : Sink.of(out),
                clock);
        with(report -> storeFigures(report, cache, receivers, persister));
    }

    /** Figures added with {@link #with}, under {@code prefix}, into {@code sink}. */
    public SelfMetrics(String prefix, Sink sink, InstantSource clock) {
        this.prefix = prefix;
        this.sink = sink;
        this.clock = clock;
    }

    /** One node of a metric path made of a name: anything but letters, digits, _ and - is _. */
    public static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    public SelfMetrics with(Figures part) {
        synchronized (parts) {
            parts.add(part);
        }
        return this;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Adds a feature's counters (totals since start, e.g. the ingest server's requests):
     * reported every interval as {@code <group>.<name>}, the count of the interval.
     */
    public void addCounters(String group, Supplier<Map<String, Long>> totals) {
        with(report -> totals.get().forEach((name, total) -> report.counter(group + "." + name,
                total)));
    }

    /** Reports {@code level} under {@code name} every interval (a negative value is skipped). */
    public void level(String name, java.util.function.LongSupplier level) {
        with(report -> {
            long value = level.getAsLong();
            if (value >= 0) {
                report.level(name, value);
            }
        });
    }

    /** Computes this interval's figures and hands them to the sink; returns them. */
    public Map<String, Double> report() {
        long now = clock.instant().getEpochSecond();
        Report report = new Report();
        synchronized (parts) {
            for (Figures part : parts) {
                part.report(report);
            }
        }
        sink.addAll(prefix, now, report.figures);
        return report.figures;
    }

    /** The receivers' and the store's figures, carbon-cache's names. */
    public static void receiverFigures(Report report, ReceiverStats receivers) {
        report.counter("metricsReceived", receivers.metricsReceived());
        receivers.rejects().forEach((reason, count) -> report.counter("rejects." + reason,
                count));
    }

    private static void storeFigures(Report report, MetricCache cache, ReceiverStats receivers,
            PersistStats persister) {
        report.counter("metricsReceived", receivers.metricsReceived());
        report.counter("committedPoints", persister.committedPoints());
        report.counter("updateOperations", persister.updates());
        double committed = report.figures.get("committedPoints");
        double updates = report.figures.get("updateOperations");
        report.level("pointsPerUpdate", updates == 0 ? 0.0 : committed / updates);
        report.counter("creates", persister.creates());
        report.counter("errors", persister.errors() + persister.retries());
        report.counter("quarantined", persister.setAsideMetrics());
        report.counter("deadLetterPoints", persister.deadLetteredPoints());
        report.level("cache.size", cache.size());
        report.level("cache.queues", cache.metricsWithPoints());
        report.counter("cache.fullWaits", cache.fullWaits());
        receivers.rejects().forEach((reason, count) -> report.counter("rejects." + reason,
                count));
        report.counter("rejects.pastOldestArchive", persister.tooOld());
    }
}
