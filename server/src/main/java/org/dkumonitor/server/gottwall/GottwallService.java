package org.dkumonitor.server.gottwall;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.ingest.IngestServer;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.render.Series;
import org.dkumonitor.server.render.SeriesStore;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.TimeSeriesPoint;

/**
 * GottWall's endpoints, assembled: the HTTP API mounted on the ingest server, the TCP and UDP
 * stream on their own port, the counter table they feed and the thread that writes its totals
 * every {@link #FLUSH_MILLIS} ms. {@link #close} stops the listeners, then writes the last
 * totals, so what was answered OK is in the write-ahead log before the server stops.
 */
public final class GottwallService implements Closeable {

    private static final Logger LOG = Logger.getLogger(GottwallService.class.getName());
    static final long FLUSH_MILLIS = 1000;

    /** Where counts go and where they are read back from. */
    public record Storage(PointStore store, MetricCache cache, SeriesStore reader,
            MetricIndex tree, Supplier<StorageSchemas> schemas, long futureToleranceSeconds) {
    }

    private final LiveConfig config;
    private final CounterTable table;
    private final GottwallStats stats = new GottwallStats();
    private final InstantSource clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private StreamTcpServer tcp;
    private StreamUdpServer udp;
    private Thread flusher;

    private GottwallService(LiveConfig config, CounterTable table, InstantSource clock) {
        this.config = config;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Mounts the HTTP API on {@code ingest} (when there is one) and binds the stream port (when
     * configured); a port in use fails here. {@code config} re-reads the section from
     * server.yaml on {@link #reloadIfChanged}.
     */
    public static GottwallService start(LiveConfig config, IngestServer ingest, Storage storage,
            GottwallRollups rollups, InstantSource clock) throws IOException {
        RetentionLookup retentions = new RetentionLookup(storage.schemas());
        CounterTable table = new CounterTable(retentions, storedTotals(storage, clock),
                storage.store(), storage.futureToleranceSeconds());
        rollups.use(table::aggregationOf);
        GottwallService service = new GottwallService(config, table, clock);
        Authenticator authenticator = new Authenticator(config, clock);
        Recorder recorder = new Recorder(table, config, service.stats);
        GottwallConfig initial = config.get();
        if (ingest != null) {
            ReadApi readApi = new ReadApi(config, storage.tree(), storage.reader()::read,
                    retentions, clock);
            HttpEndpoint http = new HttpEndpoint(initial.prefix(), config, authenticator,
                    recorder, readApi, clock);
            ingest.mount(http.mountPath(), http);
        } else {
            LOG.warning("gottwall: server.yaml has no ingest: section, so GottWall's HTTP API"
                    + " is not served");
        }
        GottwallConfig.Stream stream = initial.stream();
        if (stream != null) {
            StreamIngest streamIngest = new StreamIngest(authenticator, recorder, config);
            InetSocketAddress address = new InetSocketAddress(stream.listen(), stream.port());
            try {
                service.tcp = new StreamTcpServer(address, stream, streamIngest, service.stats,
                        clock);
                if (stream.udp()) {
                    service.udp = new StreamUdpServer(new InetSocketAddress(stream.listen(),
                            service.tcp.port()), streamIngest, clock);
                }
            } catch (IOException | RuntimeException e) {
                service.closeListeners();
                throw e;
            }
        }
        service.flusher = Thread.ofPlatform().name("gottwall-flush").daemon()
                .start(service::flushLoop);
        if (service.tcp != null) {
            service.tcp.start();
        }
        if (service.udp != null) {
            service.udp.start();
        }
        LOG.info("GottWall API on " + initial.prefix() + HttpEndpoint.API_PATH + " for "
                + initial.projects().size() + " project(s)");
        return service;
    }

    /**
     * The total already stored for a slot: a total still in the cache (only this table writes
     * these series, always at slot starts), else the whisper file's.
     */
    private static CounterTable.StoredTotals storedTotals(Storage storage, InstantSource clock) {
        return (series, slot, step) -> {
            List<TimeSeriesPoint> cached = storage.cache().read(series);
            for (int i = cached.size() - 1; i >= 0; i--) {
                if (cached.get(i).timestamp() == slot) {
                    return cached.get(i).value();
                }
            }
            Series stored = storage.reader().read(series, slot - 1, slot,
                    Math.max(clock.instant().getEpochSecond(), slot));
            if (stored == null) {
                return Double.NaN;
            }
            for (int i = 0; i < stored.size(); i++) {
                long start = stored.timestampAt(i);
                if (start <= slot && slot < start + stored.step()) {
                    return stored.value(i);
                }
            }
            return Double.NaN;
        };
    }

    private void flushLoop() {
        try {
            while (!stop.await(FLUSH_MILLIS, TimeUnit.MILLISECONDS)) {
                flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the totals that changed; returns how many points. */
    int flush() {
        try {
            return table.flush(clock.instant().getEpochSecond());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "writing GottWall totals failed; retrying in "
                    + FLUSH_MILLIS + " ms", e);
            return 0;
        }
    }

    /** Re-reads the keys when server.yaml changed; returns true when they did. */
    public boolean reloadIfChanged() {
        return config.reloadIfChanged();
    }

    public GottwallStats stats() {
        return stats;
    }

    /** The stream's TCP (and UDP) port, or -1 when it is off. */
    public int streamPort() {
        return tcp == null ? -1 : tcp.port();
    }

    /** Series whose totals are held in memory (self-metrics). */
    public int seriesInMemory() {
        return table.seriesInMemory();
    }

    private void closeListeners() {
        for (Closeable listener : new Closeable[] {tcp, udp}) {
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException e) {
                    LOG.warning("closing a GottWall listener: " + e.getMessage());
                }
            }
        }
    }

    /** Stops the stream listeners, then writes the last totals. */
    @Override
    public void close() {
        closeListeners();
        stop.countDown();
        if (flusher != null) {
            try {
                flusher.join(java.time.Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /** Retentions per series, looked up once while the schemas in force stay the same. */
    static final class RetentionLookup implements java.util.function.Function<String,
            List<Retention>> {
        private static final int MAX_CACHED = 100_000;
        private final Supplier<StorageSchemas> schemas;
        private final Map<String, List<Retention>> cached = new ConcurrentHashMap<>();
        private volatile StorageSchemas cachedFor;

        RetentionLookup(Supplier<StorageSchemas> schemas) {
            this.schemas = schemas;
        }

        @Override
        public List<Retention> apply(String series) {
            StorageSchemas current = schemas.get();
            if (current != cachedFor || cached.size() > MAX_CACHED) {
                cached.clear();
                cachedFor = current;
            }
            return cached.computeIfAbsent(series,
                    name -> current.schemaFor(name).retentions());
        }
    }
}
