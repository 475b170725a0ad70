package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.ServerConfig;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.persist.PersistStats;
import org.dkumonitor.server.render.SeriesStore;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.wal.WriteAheadLog;

/**
 * ClickHouse as the server's store, assembled: receivers write into a write-ahead log of its
 * own ({@code storage/wal/clickhouse}), which {@link SegmentUploader} moves into
 * carbon-clickhouse's tables; the API finds through {@link ClickHouseIndex} and reads through
 * {@link ClickHouseSeries}, both merged with a cache that only holds what is not uploaded yet
 * (and sheds points rather than block the receivers while ClickHouse is away: they are safe in
 * the log). When whisper is not written beside it, segments a whisper-mode run left in
 * {@code storage/wal} are uploaded too.
 */
public final class ClickHouseStore {

    private static final Logger LOG = Logger.getLogger(ClickHouseStore.class.getName());

    private final ClickHouseHttp http;
    private final MetricCache cache;
    private final WriteAheadLog wal;
    private final SegmentUploader uploader;
    private final ClickHouseIndex index;
    private final ClickHouseSeries series;
    private final PersistStats stats;

    private ClickHouseStore(ClickHouseHttp http, MetricCache cache, WriteAheadLog wal,
            SegmentUploader uploader, PersistStats stats, ClickHouseIndex index,
            ClickHouseSeries series) {
        this.stats = stats;
        this.http = http;
        this.cache = cache;
        this.wal = wal;
        this.uploader = uploader;
        this.index = index;
        this.series = series;
    }

    /** The HTTP client a config describes (credentials read from their file). */
    public static ClickHouseHttp client(DataDir dataDir, ServerConfig.ClickHouse config) {
        List<URI> urls = new ArrayList<>();
        config.urls().forEach(url -> urls.add(URI.create(url.endsWith("/") ? url : url + "/")));
        Credentials credentials = config.credentialsFile() == null ? null
                : Credentials.load(dataDir.root().resolve(config.credentialsFile()));
        return new ClickHouseHttp(urls, credentials,
                Duration.ofMillis(config.connectTimeoutMillis()),
                Duration.ofSeconds(config.queryTimeoutSeconds()));
    }

    public static Tables tables(ServerConfig.ClickHouse config) {
        return new Tables(config.database(), config.pointsTable(), config.indexTable(),
                config.taggedTable(), config.rollupSection());
    }

    /**
     * Starts the store. {@code whisperToo}: whisper files are written beside it (dual write),
     * so whisper's own log in storage/wal is left to whisper.
     */
    public static ClickHouseStore start(DataDir dataDir, ServerConfig.Storage storage,
            StorageRules rules, InstantSource clock, boolean whisperToo) throws IOException {
        ServerConfig.ClickHouse config = storage.clickhouse();
        ClickHouseHttp http = client(dataDir, config);
        Tables tables = tables(config);
        MetricCache cache = new MetricCache(storage.cacheMaxPoints(), true);
        Path whisperLog = dataDir.storage().resolve("wal");
        WriteAheadLog wal = new WriteAheadLog(whisperLog.resolve("clickhouse"), cache,
                Duration.ofMillis(storage.wal().commitIntervalMillis()));
        int waiting = wal.adoptSegments();
        List<Path> leftovers = whisperToo ? List.of() : WriteAheadLog.segmentsIn(whisperLog);
        if (waiting + leftovers.size() > 0) {
            LOG.info("ClickHouse: " + (waiting + leftovers.size()) + " write-ahead log segments"
                    + " wait to be uploaded");
        }
        wal.start();
        Runnable create = config.createTables() ? () -> createTables(http, tables, config) : null;
        if (create != null) {
            create.run();
        }
        PersistStats stats = new PersistStats();
        SegmentUploader uploader = new SegmentUploader(wal, leftovers, cache, http, tables,
                clock, Duration.ofMillis(config.uploadIntervalMillis()),
                config.maxInsertPoints(), stats, create);
        uploader.start();
        Supplier<RollupRules> rollup = rollup(rules);
        LOG.info("storing points in ClickHouse at " + http.urls() + ", tables "
                + tables.qualifiedPoints() + ", " + tables.qualifiedIndex() + ", "
                + tables.qualifiedTagged());
        return new ClickHouseStore(http, cache, wal, uploader, stats,
                new ClickHouseIndex(http, tables, cache::metrics),
                new ClickHouseSeries(http, tables, rollup, cache));
    }

    /** Creates missing tables; a ClickHouse that is not up yet is left to the uploader. */
    private static void createTables(ClickHouseHttp http, Tables tables,
            ServerConfig.ClickHouse config) {
        ClickHouseSchema schema = new ClickHouseSchema(tables, config.cluster(),
                config.replicated());
        try {
            for (URI url : http.urls()) {
                for (String statement : schema.ddl()) {
                    http.executeOn(url, statement);
                }
            }
        } catch (ClickHouseException e) {
            LOG.warning("could not create the ClickHouse tables now (" + e.getMessage()
                    + "); points wait in the write-ahead log");
        }
    }

    /** The rollup rules of the current storage rules, derived again when those change. */
    static Supplier<RollupRules> rollup(StorageRules rules) {
        return new Supplier<>() {
            private StorageSchemas schemas;
            private StorageAggregation aggregation;
            private RollupRules derived;

            @Override
            public synchronized RollupRules get() {
                if (derived == null || schemas != rules.schemas()
                        || aggregation != rules.aggregation()) {
                    schemas = rules.schemas();
                    aggregation = rules.aggregation();
                    derived = RollupRules.from(schemas, aggregation);
                }
                return derived;
            }
        };
    }

    /** Where receivers hand their points: the log (then the cache). */
    public PointStore pointStore() {
        return wal;
    }

    public MetricIndex index() {
        return index;
    }

    public SeriesStore series() {
        return series;
    }

    /** Points received and not yet in ClickHouse (what reads merge in). */
    public MetricCache cache() {
        return cache;
    }

    public ClickHouseHttp http() {
        return http;
    }

    /** Points uploaded (committed) and failed inserts, for the self-metrics. */
    public PersistStats stats() {
        return stats;
    }

    public long uploadedPoints() {
        return uploader.uploadedPoints();
    }

    public long uploadFailures() {
        return uploader.failures();
    }

    /** Bytes of the log waiting for ClickHouse. */
    public long backlogBytes() {
        return uploader.backlogBytes();
    }

    /**
     * True once everything stored before the call is in ClickHouse, false when that did not
     * happen within the time (tests, benchmarks): passes are asked for until one uploads all.
     */
    public boolean flush(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                if (uploader.barrier().get(left, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                Thread.sleep(Math.min(left, 50));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Uploads what is left and closes the log; what ClickHouse does not take stays in the log
     * for the next start. Returns whether everything was uploaded.
     */
    public boolean stop() {
        boolean complete = uploader.stop();
        try {
            wal.stop(complete);
        } catch (IOException e) {
            LOG.warning("closing the ClickHouse write-ahead log: " + e.getMessage());
        }
        LOG.info("ClickHouse store stopped: " + uploader.uploadedPoints() + " points uploaded"
                + " since start" + (complete ? "" : "; the rest stays in the write-ahead log"));
        return complete;
    }
}
