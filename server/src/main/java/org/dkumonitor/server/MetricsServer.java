package org.dkumonitor.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.logging.Logger;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.PlaintextTcpReceiver;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageSchemas;

/**
 * The running server, assembled: receivers feed the cache, the persister drains it into whisper
 * files, the API reads both. {@link #stop} closes the receivers first and then writes out the
 * cache, so nothing received is lost.
 */
public final class MetricsServer {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());

    private final PlaintextTcpReceiver plaintext;
    private final ApiServer api;
    private final Persister persister;
    private final Thread persisterThread;
    private final MetricCache cache;

    private MetricsServer(PlaintextTcpReceiver plaintext, ApiServer api, Persister persister,
            Thread persisterThread, MetricCache cache) {
        this.plaintext = plaintext;
        this.api = api;
        this.persister = persister;
        this.persisterThread = persisterThread;
        this.cache = cache;
    }

    public static MetricsServer start(DataDir dataDir, ServerConfig config, InstantSource clock)
            throws IOException {
        StorageSchemas schemas = StorageSchemas.load(dataDir.confFile("storage-schemas.conf"));
        StorageAggregation aggregation =
                StorageAggregation.load(dataDir.confFile("storage-aggregation.conf"));
        Files.createDirectories(dataDir.whisper());

        MetricCache cache = new MetricCache();
        ReceiverStats stats = new ReceiverStats();
        Persister persister = new Persister(cache, dataDir.whisper(), schemas, aggregation, clock);
        MetricTree tree = new MetricTree(dataDir.whisper(), cache::metrics);
        SeriesReader reader = new SeriesReader(dataDir.whisper(), cache, schemas);

        PlaintextTcpReceiver plaintext = bind("carbon.plaintextPort",
                config.carbon().listen(), config.carbon().plaintextPort(),
                address -> new PlaintextTcpReceiver(address, new LineSink(cache, clock, stats)));
        ApiServer api;
        try {
            api = bind("api.port", config.api().listen(), config.api().port(),
                    address -> new ApiServer(address, tree, reader, clock));
        } catch (RuntimeException e) {
            plaintext.close();
            throw e;
        }
        Thread persisterThread = persister.start(
                Duration.ofMillis(config.storage().flushIntervalMillis()));
        plaintext.start();
        api.start();
        return new MetricsServer(plaintext, api, persister, persisterThread, cache);
    }

    private interface Binder<T> {
        T bind(InetSocketAddress address) throws IOException;
    }

    private static <T> T bind(String key, String host, int port, Binder<T> binder)
            throws IOException {
        try {
            return binder.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new DkmException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): another process holds the port; stop it or change " + key
                    + " in conf/server.yaml");
        }
    }

    public int plaintextPort() {
        return plaintext.port();
    }

    public int apiPort() {
        return api.port();
    }

    /** Stops taking input, writes every cached point, then stops serving. */
    public void stop() {
        try {
            plaintext.close();
        } catch (IOException e) {
            LOG.warning("closing the carbon receiver: " + e.getMessage());
        }
        long written = persister.stop();
        LOG.info("stopped: wrote " + written + " cached points on the way out; "
                + cache.size() + " left in the cache");
        api.close();
    }
}
