package org.dkumonitor.server.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;
import org.dkumonitor.core.carbon.CarbonSender;
import org.dkumonitor.core.carbon.SenderLog;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.server.selfmetrics.SelfMetrics;

/**
 * One member of the relay's ring: the lines routed to it are gathered into batches of
 * {@link RelayConfig#BATCH_LINES} (or what {@link #flush} finds) and handed to a
 * {@link CarbonSender}, which keeps them in memory, then in its disk spool, while the member is
 * slow or down, and sends them in order when it is back.
 */
final class RelayDestination implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RelayDestination.class.getName());
    /**
     * Batches written in the last 5 s are sent again after a lost connection: a destination
     * killed outright loses what was in its socket buffer and its write-ahead log's last
     * second, and carbon keeps one value per path and time, so duplicates are harmless.
     */
    private static final Duration RESEND_WINDOW = Duration.ofSeconds(5);

    private final ClusterNode node;
    private final CarbonSender sender;
    private final Object lock = new Object();
    private StringBuilder pending = new StringBuilder(64 * 1024);
    private int pendingLines;

    RelayDestination(ClusterNode node, Path spoolDirectory, RelayConfig config) {
        this.node = node;
        this.sender = new CarbonSender(node.host(), node.port(), spoolDirectory,
                new CarbonSender.Settings(config.memoryBatches(),
                        config.spoolMaxMegabytes() * 1024L * 1024L, Duration.ofSeconds(5),
                        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        RESEND_WINDOW),
                SenderLog.of(LOG));
    }

    void start() {
        sender.start();
    }

    ClusterNode node() {
        return node;
    }

    /** Adds lines (each ending in a newline) routed here. */
    void add(CharSequence lines, int count) {
        String full = null;
        int fullLines = 0;
        synchronized (lock) {
            pending.append(lines);
            pendingLines += count;
            if (pendingLines >= RelayConfig.BATCH_LINES) {
                full = pending.toString();
                fullLines = pendingLines;
                pending.setLength(0);
                pendingLines = 0;
            }
        }
        if (full != null) {
            sender.send(full, fullLines);
        }
    }

    /** Hands what is gathered to the sender, however little. */
    void flush() {
        String batch;
        int lines;
        synchronized (lock) {
            if (pendingLines == 0) {
                return;
            }
            batch = pending.toString();
            lines = pendingLines;
            pending.setLength(0);
            pendingLines = 0;
            if (pending.capacity() > 4 * 1024 * 1024) {
                pending = new StringBuilder(64 * 1024);
            }
        }
        sender.send(batch, lines);
    }

    /** sent, spooled and dropped since the last report (lines); queued now. */
    void report(SelfMetrics.Report report, String prefix) {
        report.counter(prefix + "sent", sender.sentLines());
        report.counter(prefix + "spooled", sender.spooledLines());
        report.counter(prefix + "dropped", sender.droppedLines());
        report.level(prefix + "queued", sender.queuedLines());
    }

    long sentLines() {
        return sender.sentLines();
    }

    long queuedLines() {
        return sender.queuedLines();
    }

    /** Sends what it can within the sender's grace; the rest goes to the spool. */
    @Override
    public void close() {
        flush();
        sender.close();
    }
}
