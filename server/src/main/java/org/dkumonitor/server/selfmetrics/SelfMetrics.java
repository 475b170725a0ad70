package org.dkumonitor.server.selfmetrics;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.persist.PersistStats;

/**
 * The server's own metrics, written into its cache every interval under
 * {@code carbon.agents.<host>.} with carbon's names: metricsReceived, committedPoints,
 * updateOperations, pointsPerUpdate, creates and errors count what happened during the interval
 * (as carbon's do), and so do quarantined (metrics the store could not write, set aside) and
 * deadLetterPoints (their points); cache.size and cache.queues are levels;
 * rejects.&lt;reason&gt; count refused input by reason; other parts of the server add their
 * own counters ({@link #count}), such as api.refused.&lt;status&gt; for refused HTTP
 * requests. They bypass the cache bound (a full cache must not silence its own report).
 */
public final class SelfMetrics {

    private final MetricCache cache;
    private final ReceiverStats receivers;
    private final PersistStats persister;
    private final InstantSource clock;
    private final String prefix;
    private final Map<String, Long> previous = new LinkedHashMap<>();
    private final Map<String, Supplier<Map<String, Long>>> features = new LinkedHashMap<>();

    public SelfMetrics(String host, MetricCache cache, ReceiverStats receivers,
            PersistStats persister, InstantSource clock) {
        this.cache = cache;
        this.receivers = receivers;
        this.persister = persister;
        this.clock = clock;
        this.prefix = "carbon.agents." + host.replaceAll("[^A-Za-z0-9_-]", "_") + ".";
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Reports a feature's counters (totals since start) as per-interval counts under
     * {@code <featurePrefix>.<name>}, as the receivers' own are.
     */
    public void addCounters(String featurePrefix, Supplier<Map<String, Long>> totals) {
        features.put(featurePrefix, totals);
    }

    /** Computes this interval's figures and adds them to the cache; returns them. */
    public Map<String, Double> report() {
        long now = clock.instant().getEpochSecond();
        Map<String, Double> figures = new LinkedHashMap<>();
        long received = delta("metricsReceived", receivers.metricsReceived());
        long committed = delta("committedPoints", persister.committedPoints());
        long updates = delta("updateOperations", persister.updates());
        figures.put("metricsReceived", (double) received);
        figures.put("committedPoints", (double) committed);
        figures.put("updateOperations", (double) updates);
        figures.put("pointsPerUpdate", updates == 0 ? 0.0 : (double) committed / updates);
        figures.put("creates", (double) delta("creates", persister.creates()));
        figures.put("errors", (double) delta("errors", persister.errors()
                + persister.retries()));
        figures.put("quarantined", (double) delta("quarantined", persister.setAsideMetrics()));
        figures.put("deadLetterPoints", (double) delta("deadLetterPoints",
                persister.deadLetteredPoints()));
        figures.put("cache.size", (double) cache.size());
        figures.put("cache.queues", (double) cache.metricCount());
        figures.put("cache.fullWaits", (double) delta("cache.fullWaits", cache.fullWaits()));
        receivers.rejects().forEach((reason, count) ->
                figures.put("rejects." + reason, (double) delta("rejects." + reason, count)));
        features.forEach((feature, totals) -> totals.get().forEach((name, count) -> figures.put(
                feature + "." + name, (double) delta(feature + "." + name, count))));
        figures.forEach((name, value) -> cache.addNow(prefix + name, now, value));
        return figures;
    }

    private long delta(String name, long total) {
        Long before = previous.put(name, total);
        return total - (before == null ? 0 : before);
    }
}
