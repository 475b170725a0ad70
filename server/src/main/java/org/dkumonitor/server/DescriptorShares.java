package org.dkumonitor.server;

import java.time.Duration;
import java.util.logging.Logger;
import org.dkumonitor.server.listen.DescriptorBudget;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.render.SeriesReader;

/**
 * How the server shares its file descriptors: at most half of them for the whisper files the
 * persister keeps open, up to 1024 for those the API keeps open, the ingest port's and
 * GottWall's stream's connections, a base reserve, and what is left for the carbon and HTTP
 * listeners (see {@link DescriptorBudget}).
 */
final class DescriptorShares {

    private static final Logger LOG = Logger.getLogger(DescriptorShares.class.getName());

    private DescriptorShares() {
    }

    static ListenerLimits carbonLimits(ServerConfig.Carbon carbon, int connections) {
        return new ListenerLimits(connections, Duration.ofSeconds(carbon.idleTimeoutSeconds()),
                Duration.ofSeconds(carbon.frameTimeoutSeconds()));
    }

    /**
     * The connections of plaintext, pickle and each HTTP listener: as configured when the
     * descriptor limit allows, after the {@code reserve} ({@link #reserved}); else scaled down.
     */
    static int[] connections(ServerConfig config, long reserve) {
        long limit = DescriptorBudget.limit();
        int httpListeners = config.ui() == null ? 1 : 2;
        int[] shares = DescriptorBudget.share(limit, reserve,
                config.carbon().maxConnections(),
                config.carbon().picklePort() == null ? 0 : config.carbon().maxConnections(),
                config.api().maxConnections() * httpListeners);
        int[] result = {shares[0], shares[1], Math.max(16, shares[2] / httpListeners)};
        if (shares[0] < config.carbon().maxConnections()) {
            LOG.warning("the descriptor limit (" + limit + ") leaves room for " + result[0]
                    + " carbon and " + result[2] + " HTTP connections per port after the "
                    + reserve + " kept for files; raise the limit (ulimit -n) for more");
        }
        return result;
    }

    /**
     * The descriptors kept before the listeners' shares: whisper files the persister and the
     * API keep open, the base reserve, the ingest port's and GottWall's stream's connections.
     */
    static long reserved(ServerConfig config) {
        return openFileBudget(config.storage().maxOpenFiles())
                + SeriesReader.MAX_OPEN_FILES + DescriptorBudget.BASE_RESERVE
                + (config.ingest() == null ? 0 : config.ingest().maxConnections())
                + (config.gottwall() == null || config.gottwall().stream() == null ? 0
                        : config.gottwall().stream().maxConnections());
    }

    /** At most half of the process's file-descriptor limit goes to open whisper files. */
    static int openFileBudget(int configured) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long half = unix.getMaxFileDescriptorCount() / 2;
            if (half < configured) {
                LOG.info("keeping at most " + half + " whisper files open (half the"
                        + " file-descriptor limit), not the " + configured + " configured");
                return (int) Math.max(16, half);
            }
        }
        return configured;
    }
}
