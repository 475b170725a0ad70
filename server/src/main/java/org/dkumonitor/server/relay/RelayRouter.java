package org.dkumonitor.server.relay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.dkumonitor.core.carbon.CarbonLine;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.server.carbon.PointBatch;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.selfmetrics.SelfMetrics;

/**
 * The relay: where the receivers put points when conf/server.yaml has {@code relay:}. Each point
 * goes, as a carbon plaintext line, to the destinations carbon's ring chooses for its name
 * ({@link CarbonHashRing}), each with its own queue and disk spool ({@link RelayDestination}),
 * so a destination that is down holds up no other. Partial batches are handed on every
 * {@value #FLUSH_MILLIS} ms.
 */
public final class RelayRouter implements PointStore, SelfMetrics.Figures, AutoCloseable {

    static final long FLUSH_MILLIS = 200;
    private static final Logger LOG = Logger.getLogger(RelayRouter.class.getName());

    private final CarbonHashRing ring;
    private final int replicationFactor;
    private final List<RelayDestination> destinations = new ArrayList<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("relay-flush").daemon().factory());

    private RelayRouter(RelayConfig config, Path spoolRoot) {
        this.ring = config.ring();
        this.replicationFactor = config.replicationFactor();
        for (ClusterNode node : ring.nodes()) {
            destinations.add(new RelayDestination(node, spoolRoot.resolve(node.metricName()),
                    config));
        }
    }

    /** Starts a sender per destination (spooled points of an earlier run go first). */
    public static RelayRouter start(RelayConfig config, Path spoolRoot) {
        RelayRouter router = new RelayRouter(config, spoolRoot);
        router.destinations.forEach(RelayDestination::start);
        router.flusher.scheduleWithFixedDelay(router::flush, FLUSH_MILLIS, FLUSH_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.info("relaying to " + config.destinations() + " by carbon_ch ("
                + config.placement() + "'s placement), replication factor "
                + config.replicationFactor());
        return router;
    }

    @Override
    public void store(PointBatch batch) {
        StringBuilder[] lines = new StringBuilder[destinations.size()];
        int[] counts = new int[destinations.size()];
        int[] chosen = new int[replicationFactor];
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < batch.size(); i++) {
            String name = batch.name(i);
            line.setLength(0);
            line.append(name).append(' ').append(CarbonLine.formatValue(batch.value(i)))
                    .append(' ').append(batch.timestamp(i)).append('\n');
            int count = ring.indexesFor(name, chosen);
            for (int c = 0; c < count; c++) {
                int d = chosen[c];
                if (lines[d] == null) {
                    lines[d] = new StringBuilder(batch.size() * 64);
                }
                lines[d].append(line);
                counts[d]++;
            }
        }
        for (int d = 0; d < lines.length; d++) {
            if (lines[d] != null) {
                destinations.get(d).add(lines[d], counts[d]);
            }
        }
    }

    /** One point of the relay's own (its self-metrics), routed as any other. */
    public void addNow(String name, long timestamp, double value) {
        PointBatch batch = new PointBatch();
        batch.add(name, timestamp, value);
        store(batch);
    }

    /** Hands every destination's partial batch to its sender. */
    public void flush() {
        for (RelayDestination destination : destinations) {
            destination.flush();
        }
    }

    @Override
    public void report(SelfMetrics.Report report) {
        for (RelayDestination destination : destinations) {
            destination.report(report, "destinations."
                    + SelfMetrics.safe(destination.node().toString()) + ".");
        }
    }

    /** Lines waiting for their destinations, in memory and spooled. */
    public long queuedLines() {
        long queued = 0;
        for (RelayDestination destination : destinations) {
            queued += destination.queuedLines();
        }
        return queued;
    }

    /** Lines written to destinations since start. */
    public long sentLines() {
        long sent = 0;
        for (RelayDestination destination : destinations) {
            sent += destination.sentLines();
        }
        return sent;
    }

    /**
     * Stops flushing, then gives each destination its grace to send what is queued; what is
     * left is in the spools for the next start.
     */
    @Override
    public void close() {
        flusher.shutdownNow();
        for (RelayDestination destination : destinations) {
            destination.close();
        }
    }
}
