package org.dkumonitor.agent;

import java.io.Closeable;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.dkumonitor.agent.collect.CollectionException;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.send.CarbonSender;
import org.dkumonitor.core.carbon.CarbonLine;

/**
 * Runs every collector once per interval on one scheduler thread and hands the lines, stamped
 * with the collection time, to every sender. A collector that fails is logged and skipped; the
 * others still report.
 */
public final class HostAgent implements Closeable {

    private static final Logger LOG = Logger.getLogger(HostAgent.class.getName());

    private final String pathPrefix;
    private final List<Collector> collectors;
    private final List<CarbonSender> senders;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(runnable ->
                    Thread.ofPlatform().name("collect").daemon().unstarted(runnable));

    public HostAgent(String pathPrefix, List<Collector> collectors, List<CarbonSender> senders,
            InstantSource clock) {
        this.pathPrefix = pathPrefix;
        this.collectors = List.copyOf(collectors);
        this.senders = List.copyOf(senders);
        this.clock = clock;
    }

    public void start(int intervalSeconds) {
        senders.forEach(CarbonSender::start);
        scheduler.scheduleAtFixedRate(this::collectOnce, 0, intervalSeconds, TimeUnit.SECONDS);
        LOG.info("collecting " + collectors.stream().map(Collector::name).toList() + " every "
                + intervalSeconds + " s as " + pathPrefix);
    }

    /** One round: every collector, one batch to every sender. */
    void collectOnce() {
        long timestamp = clock.instant().getEpochSecond();
        StringBuilder batch = new StringBuilder(8192);
        for (Collector collector : collectors) {
            try {
                collector.collect((path, value) -> {
                    if (Double.isFinite(value)) {
                        batch.append(new CarbonLine(pathPrefix + "." + path, value, timestamp)
                                .toPlaintext());
                    }
                });
            } catch (CollectionException e) {
                LOG.warning(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warning(collector.name() + ": collection failed: " + e);
            }
        }
        if (!batch.isEmpty()) {
            String lines = batch.toString();
            senders.forEach(sender -> sender.send(lines));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        senders.forEach(CarbonSender::close);
    }
}
