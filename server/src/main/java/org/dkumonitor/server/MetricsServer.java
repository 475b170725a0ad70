package org.dkumonitor.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.host.LocalHostName;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.core.tap.LineTap;
import org.dkumonitor.core.tap.TapServer;
import org.dkumonitor.server.api.ApiOptions;
import org.dkumonitor.server.api.ApiServer;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.carbon.LineSink;
import org.dkumonitor.server.carbon.PickleTcpReceiver;
import org.dkumonitor.server.carbon.PlaintextTcpReceiver;
import org.dkumonitor.server.carbon.PlaintextUdpReceiver;
import org.dkumonitor.server.carbon.PointStore;
import org.dkumonitor.server.carbon.ReceiverStats;
import org.dkumonitor.server.clickhouse.ClickHouseStore;
import org.dkumonitor.server.cluster.ClusterFrontEnd;
import org.dkumonitor.server.cluster.MoveEndpoints;
import org.dkumonitor.server.events.EventsFeature;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.server.gottwall.GottwallConfig;
import org.dkumonitor.server.gottwall.GottwallRollups;
import org.dkumonitor.server.gottwall.GottwallService;
import org.dkumonitor.server.gottwall.LiveConfig;
import org.dkumonitor.server.ingest.IngestServer;
import org.dkumonitor.server.lifecycle.Health;
import org.dkumonitor.server.lifecycle.Housekeeping;
import org.dkumonitor.server.lifecycle.Maintenance;
import org.dkumonitor.server.lifecycle.NeededThreads;
import org.dkumonitor.server.lifecycle.StorageWatch;
import org.dkumonitor.server.lifecycle.StoreAdmin;
import org.dkumonitor.server.lifecycle.WhisperStoreAdmin;
import org.dkumonitor.server.limits.RequestGate;
import org.dkumonitor.server.listen.BufferBudget;
import org.dkumonitor.server.listen.DescriptorTable;
import org.dkumonitor.server.listen.ListenerLimits;
import org.dkumonitor.server.metrics.MetricIndex;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.persist.DeadLetters;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.persist.WhisperSettings;
import org.dkumonitor.server.quota.Quota;
import org.dkumonitor.server.quota.Quotas;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.relay.RelayRouter;
import org.dkumonitor.server.render.SeriesReader;
import org.dkumonitor.server.render.SeriesStore;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.selfmetrics.SelfMetrics;
import org.dkumonitor.server.statsd.StatsdToCache;
import org.dkumonitor.server.ui.BuiltInUi;
import org.dkumonitor.server.wal.WriteAheadLog;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.statsd.MillisClock;
import org.dkumonitor.statsd.StatsdService;

/**
 * The running server, assembled: receivers feed the cache (through the write-ahead log), the
 * persister drains it into whisper files (or the log is uploaded to ClickHouse with
 * {@code storage.backend: clickhouse}), the API reads both. On start the log is streamed
 * into the cache, the persister writing it out meanwhile, before any receiver opens.
 * {@link #stop} closes the receivers first, then writes out the cache, and deletes the log only
 * when everything is on disk, so nothing received is lost. With {@code relay:} in server.yaml
 * nothing is stored here (neither in whisper nor in ClickHouse): the receivers feed the
 * {@link RelayRouter}, and the API answers from the cluster front end only, if there is one.
 */
public final class MetricsServer {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());

    private final List<Closeable> receivers;
    private final PlaintextTcpReceiver plaintext;
    private final PickleTcpReceiver pickle;
    private final IngestServer ingest;
    private final EventsFeature events;
    private final GottwallService gottwall;
    private final RelayRouter relay;
    private final ClusterFrontEnd frontEnd;
    private final ApiServer api;
    private final ApiServer ui;
    private final Persister persister;
    private final MetricCache cache;
    private final WriteAheadLog wal;
    private final ScheduledExecutorService timers;
    private final SelfMetrics selfMetrics;
    private final Housekeeping housekeeping;
    private final ClickHouseStore clickhouse;
    private final RequestGate gate;
    private final TapServer tap;
    private final StatsdService statsd;

    private MetricsServer(Builder b) {
        this.clickhouse = b.clickhouse;
        this.receivers = b.receivers;
        this.plaintext = b.plaintext;
        this.pickle = b.pickle;
        this.ingest = b.ingest;
        this.events = b.events;
        this.gottwall = b.gottwall;
        this.relay = b.relay;
        this.frontEnd = b.frontEnd;
        this.api = b.api;
        this.ui = b.ui;
        this.persister = b.persister;
        this.cache = b.cache;
        this.wal = b.wal;
        this.timers = b.timers;
        this.selfMetrics = b.selfMetrics;
        this.housekeeping = b.housekeeping;
        this.gate = b.gate;
        this.tap = b.tap;
        this.statsd = b.statsd;
    }

    /** What start() puts together. */
    private static final class Builder {
        final List<Closeable> receivers = new ArrayList<>();
        PlaintextTcpReceiver plaintext;
        PickleTcpReceiver pickle;
        IngestServer ingest;
        EventsFeature events;
        GottwallService gottwall;
        RelayRouter relay;
        ClusterFrontEnd frontEnd;
        ApiServer api;
        ApiServer ui;
        Persister persister;
        MetricCache cache;
        WriteAheadLog wal;
        ScheduledExecutorService timers;
        SelfMetrics selfMetrics;
        Housekeeping housekeeping;
        ClickHouseStore clickhouse;
        TapServer tap;
        StatsdService statsd;
        RequestGate gate;
        Quotas quotas;
        RecentRefusals refusals;
        /** Whether points go to whisper files here (not a relay, not ClickHouse alone). */
        boolean whisper;
    }

    public static MetricsServer start(DataDir dataDir, ServerConfig config, InstantSource clock)
            throws IOException {
        Builder b = new Builder();
        ServerConfig.Storage storage = config.storage();
        b.cache = new MetricCache(storage.cacheMaxPoints());
        ReceiverStats stats = new ReceiverStats();
        RecentRefusals refusals = new RecentRefusals(clock);
        Quotas quotas = quotas(storage, clock, dataDir);
        b.refusals = refusals;
        b.quotas = quotas;
        GottwallRollups rollups = new GottwallRollups();
        if (config.relay() != null) {
            b.relay = RelayRouter.start(config.relay(), dataDir.spool().resolve("relay"));
            b.frontEnd = config.cluster() == null ? null
                    : new ClusterFrontEnd(config.cluster(), false);
            MetricTree tree = new MetricTree(dataDir.whisper(), b.cache::metrics);
            SeriesReader reader = new SeriesReader(dataDir.whisper(), b.cache,
                    new StorageSchemas(List.of()));
            return listen(b, dataDir, config, clock, stats, b.relay, tree, reader, null,
                    rollups);
        }
        StorageRules rules = StorageRules.load(dataDir.confFile("storage-schemas.conf"),
                dataDir.confFile("storage-aggregation.conf"));
        Files.createDirectories(dataDir.whisper());
        boolean clickhouse = storage.backend() == ServerConfig.Backend.CLICKHOUSE;
        boolean whisper = !clickhouse || storage.clickhouse().dualWrite();
        b.whisper = whisper;
        b.frontEnd = config.cluster() == null ? null
                : new ClusterFrontEnd(config.cluster(), true);
        b.persister = new Persister(b.cache, new WhisperSettings(dataDir.whisper(),
                rules::schemas, rollups.over(rules::aggregation), clock, storage.sparseCreate(),
                DescriptorShares.openFileBudget(storage.maxOpenFiles()), refusals),
                storage.workers(), Duration.ofMillis(storage.flushIntervalMillis()), quotas,
                Duration.ofSeconds(storage.batchSeconds()),
                new DeadLetters(dataDir.storage().resolve("dead-letter"),
                        storage.deadLetterMaxBytes()),
                Duration.ofSeconds(storage.quarantineAfterSeconds()));
        PointStore store;
        if (whisper) {
            // running during the replay: the log streams into the bounded cache as it drains
            b.persister.start();
        }
        if (!whisper) {
            store = null; // ClickHouse's store, below
        } else if (storage.wal().enabled()) {
            b.wal = new WriteAheadLog(dataDir.storage().resolve("wal"), b.cache,
                    Duration.ofMillis(storage.wal().commitIntervalMillis()),
                    storage.wal().maxSegmentBytes());
            try {
                b.wal.replay();
            } catch (IOException | RuntimeException e) {
                b.persister.stop();
                throw e;
            }
            b.wal.start();
            store = b.wal;
        } else {
            MetricCache cache = b.cache;
            store = batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    cache.add(batch.name(i), batch.timestamp(i), batch.value(i));
                }
            };
        }
        MetricIndex tree;
        SeriesStore reader;
        if (clickhouse) {
            try {
                b.clickhouse = ClickHouseStore.start(dataDir, storage, rules, clock, whisper);
            } catch (IOException | RuntimeException e) {
                b.persister.stop();
                if (b.wal != null) {
                    b.wal.stop(b.cache.size() == 0);
                }
                throw e;
            }
            store = whisper ? tee(b.clickhouse.pointStore(), store) : b.clickhouse.pointStore();
            tree = b.clickhouse.index();
            reader = b.clickhouse.series();
        } else {
            warnOfClickHouseLog(dataDir);
            tree = new MetricTree(dataDir.whisper(), b.cache::metrics);
            reader = new SeriesReader(dataDir.whisper(), b.cache, rules.schemas());
        }
        return listen(b, dataDir, config, clock, stats, store, tree, reader, rules, rollups);
    }

    /** Receivers' points to both stores (a migration from whisper to ClickHouse). */
    private static PointStore tee(PointStore first, PointStore second) {
        return batch -> {
            first.store(batch);
            second.store(batch);
        };
    }

    /** Points a ClickHouse run left in its log wait for the next run that stores there. */
    private static void warnOfClickHouseLog(DataDir dataDir) throws IOException {
        int left = WriteAheadLog.segmentsIn(dataDir.storage().resolve("wal/clickhouse")).size();
        if (left > 0) {
            LOG.warning(left + " write-ahead log segments in storage/wal/clickhouse wait for"
                    + " ClickHouse; they are uploaded when storage.backend is clickhouse again");
        }
    }

    /**
     * Opens the receivers and the API, then starts the timers: what every kind of server does
     * ({@code rules} null for a relay).
     */
    private static MetricsServer listen(Builder b, DataDir dataDir, ServerConfig config,
            InstantSource clock, ReceiverStats stats, PointStore store, MetricIndex tree,
            SeriesStore reader, StorageRules rules, GottwallRollups rollups)
            throws IOException {
        ServerConfig.Carbon carbon = config.carbon();
        Quotas quotas = b.quotas;
        RecentRefusals refusals = b.refusals;
        LineSink sink = new LineSink(store, clock, stats, carbon.futureToleranceSeconds(),
                quotas, refusals);
        long reserved = DescriptorShares.reserved(config);
        // grown now, not by doubling while the persister opens its first thousands of files
        DescriptorTable.reserve(reserved);
        int[] connections = DescriptorShares.connections(config, reserved);
        BufferBudget buffers = new BufferBudget(carbon.maxBufferedBytes());
        LineTap carbonTap = new LineTap("carbon");
        sink.tapInto(carbonTap);
        List<LineTap> taps = new ArrayList<>(List.of(carbonTap));
        ServerConfig.Storage storage = config.storage();
        // the lifecycle API works on whisper files: none on a relay or with ClickHouse alone
        Maintenance maintenance = b.whisper ? new Maintenance(b.persister, b.wal) : null;
        StoreAdmin admin = !b.whisper ? null : WhisperStoreAdmin.create(
                dataDir.whisper(), rules, b.cache, b.persister, maintenance, quotas, refusals,
                clock, Allocation.of(storage.sparseCreate()),
                storage.expireAfterSeconds());
        try {
            ListenerLimits plaintextLimits = DescriptorShares.carbonLimits(carbon,
                    connections[0]);
            if (config.statsd() != null) {
                StatsdService statsd = StatsdService.start(config.statsd(), new StatsdToCache(
                        new LineSink(store, clock, stats, carbon.futureToleranceSeconds(),
                                quotas, refusals)),
                        MillisClock.SYSTEM, StatsdToCache.log(), "server");
                b.receivers.add(statsd);
                b.statsd = statsd;
                taps.add(statsd.tap());
            }
            b.plaintext = bind("carbon.plaintextPort", carbon.listen(), carbon.plaintextPort(),
                    address -> new PlaintextTcpReceiver(address, sink, plaintextLimits,
                            buffers));
            b.receivers.add(b.plaintext);
            if (carbon.udp()) {
                PlaintextUdpReceiver udp = bind("carbon.plaintextPort (UDP)", carbon.listen(),
                        b.plaintext.port(), address -> new PlaintextUdpReceiver(address, sink));
                b.receivers.add(udp);
                udp.start();
            }
            if (carbon.picklePort() != null) {
                ListenerLimits pickleLimits = DescriptorShares.carbonLimits(carbon,
                        connections[1]);
                b.pickle = bind("carbon.picklePort", carbon.listen(), carbon.picklePort(),
                        address -> new PickleTcpReceiver(address, sink,
                                carbon.maxPickleFrameBytes(), pickleLimits, buffers));
                b.receivers.add(b.pickle);
                b.pickle.start();
            }
            if (config.ingest() != null) {
                b.ingest = bind("ingest.port", config.ingest().listen(), config.ingest().port(),
                        address -> new IngestServer(address, config.ingest().limits()));
                b.receivers.add(b.ingest);
            }
            if (config.gottwall() != null) {
                java.util.function.Supplier<StorageSchemas> schemas = rules == null
                        ? () -> new StorageSchemas(List.of()) : rules::schemas;
                b.gottwall = startGottwall(dataDir, config, b, new GottwallService.Storage(store,
                        b.clickhouse != null ? b.clickhouse.cache() : b.cache, reader, tree,
                        schemas, carbon.futureToleranceSeconds()), rollups, clock);
                b.receivers.add(b.gottwall);
            }
            ServerConfig.Api api = config.api();
            ApiOptions options = new ApiOptions(api.maxSeriesPerRequest(),
                    api.maxPointsPerRequest(), api.bearerToken(), ZoneId.of(api.timeZone()),
                    Duration.ofSeconds(api.requestTimeoutSeconds()),
                    api.maxConcurrentRequests(), api.maxRenderMemoryBytes(),
                    api.corsOrigins(), new ListenerLimits(connections[2],
                            Duration.ofSeconds(api.idleTimeoutSeconds()),
                            Duration.ofSeconds(api.headerTimeoutSeconds())));
            RequestGate gate = RequestGate.withSmallShare(options.maxConcurrentRequests(),
                    options.maxRenderMemoryBytes(), ApiServer.GATE_WAIT);
            b.gate = gate;
            BuiltInUi ui = BuiltInUi.of(dataDir.conf().resolve("dashboards"),
                    dataDir.staticAssets());
            ClusterFrontEnd frontEnd = b.frontEnd;
            Health health = ServerHealth.of(dataDir, b.persister, b.wal, b.cache,
                    b.plaintext, b.pickle);
            b.api = bind("api.port", api.listen(), api.port(),
                    address -> new ApiServer(address, tree, reader, clock, options, frontEnd,
                            gate));
            b.api.servePagesWith(ui);
            if (admin != null) {
                b.api.serveAdminWith(admin);
            }
            b.api.serveHealthWith(health::report);
            if (config.ui() != null) {
                b.ui = bind("ui.port", config.ui().listen(), config.ui().port(),
                        address -> new ApiServer(address, tree, reader, clock, options,
                                frontEnd, gate));
                b.ui.servePagesWith(ui);
                b.ui.serveHealthWith(health::report);
            }
            if (frontEnd != null) {
                frontEnd.leaveOut(config.api().listen(), b.api.port());
            }
            if (b.clickhouse != null) {
                MoveEndpoints.refuse(b.api, "this server stores in ClickHouse"
                        + " (storage.backend: clickhouse), and dkmadmin cluster move moves"
                        + " whisper files; spread ClickHouse's data with its own shards and"
                        + " Distributed tables instead");
            } else if (b.relay == null) {
                new MoveEndpoints(dataDir.whisper(), b.cache, store, clock,
                        config.api().bearerToken()).register(b.api);
            }
            if (b.ingest != null) {
                b.events = startEvents(dataDir, config, rules, sink, clock, b);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(b.receivers);
            closeAll(Arrays.asList(b.api, b.ui, b.events, b.frontEnd));
            if (b.relay != null) {
                b.relay.close();
            } else {
                b.persister.stop();
            }
            if (b.wal != null) {
                b.wal.stop(b.cache.size() == 0);
            }
            if (b.clickhouse != null) {
                b.clickhouse.stop();
            }
            throw e;
        }
        b.tap = tapServer(dataDir, taps);
        b.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("server-timers").daemon().factory());
        StorageWatch watch = rules == null ? null : new StorageWatch(dataDir.whisper(), rules);
        if (admin != null) {
            b.housekeeping = Housekeeping.start(watch, rules, admin.expiry(),
                    storage.expireAfterSeconds());
        }
        if (config.selfMetrics().enabled()) {
            String name = selfName(config.selfMetrics(), b.api.port());
            if (b.relay != null) {
                RelayRouter relay = b.relay;
                b.selfMetrics = new SelfMetrics("carbon.relays." + SelfMetrics.safe(name) + ".",
                        relay::addNow, clock).with(r -> SelfMetrics.receiverFigures(r, stats))
                        .with(relay);
            } else if (b.clickhouse != null) {
                b.selfMetrics = new SelfMetrics(name, b.clickhouse.cache(), stats,
                        b.clickhouse.stats(), clock, store);
            } else {
                b.selfMetrics = new SelfMetrics(name, b.cache, stats, b.persister.stats(),
                        clock);
                b.selfMetrics.level("storage.mismatchedFiles", watch::mismatched);
            }
            if (b.frontEnd != null) {
                b.selfMetrics.with(b.frontEnd);
            }
            if (b.ingest != null) {
                b.selfMetrics.addCounters("ingest", b.ingest.stats()::totals);
                b.selfMetrics.addCounters("events", b.events.store()::totals);
            }
            long every = config.selfMetrics().intervalSeconds();
            SelfMetrics self = b.selfMetrics;
            if (b.gottwall != null) {
                self.addCounters("gottwall", b.gottwall.stats()::totals);
            }
            ApiServer apiServer = b.api;
            ApiServer uiServer = b.ui;
            self.addCounters("api.refused", () -> refusedRequests(apiServer, uiServer));
            b.timers.scheduleAtFixedRate(NeededThreads.guard("self-metrics", self::report),
                    every, every, TimeUnit.SECONDS);
        }
        org.dkumonitor.server.memory.HeapTrim heapTrim =
                org.dkumonitor.server.memory.HeapTrim.ofThisJvm();
        if (heapTrim != null) {
            b.timers.scheduleWithFixedDelay(NeededThreads.guard("heap-trim", heapTrim), 15, 15,
                    TimeUnit.SECONDS);
        }
        if (b.wal != null) {
            long every = config.storage().wal().checkpointSeconds();
            b.timers.scheduleWithFixedDelay(NeededThreads.guard("wal-checkpoint",
                    maintenance::checkpoint), every, every, TimeUnit.SECONDS);
        }
        if (rules != null) {
            b.timers.scheduleWithFixedDelay(NeededThreads.guard("storage-rules",
                    rules::reloadIfChanged), 30, 30, TimeUnit.SECONDS);
        }
        if (b.events != null) {
            b.events.schedule(b.timers);
        }
        if (b.gottwall != null) {
            GottwallService gottwall = b.gottwall;
            b.timers.scheduleWithFixedDelay(NeededThreads.guard("gottwall-config",
                    gottwall::reloadIfChanged), 2, 2, TimeUnit.SECONDS);
        }
        b.plaintext.start();
        if (b.ingest != null) {
            b.ingest.start();
        }
        b.api.start();
        if (b.ui != null) {
            b.ui.start();
        }
        return new MetricsServer(b);
    }

    /** The event log on the ingest port and graphite-web's events API on the API's. */
    private static EventsFeature startEvents(DataDir dataDir, ServerConfig config,
            StorageRules rules, LineSink sink, InstantSource clock, Builder b)
            throws IOException {
        EventsFeature events = EventsFeature.start(dataDir.storage().resolve("events"),
                dataDir.confFile("access.json"), config.events().options(), sink,
                name -> rules == null ? 60 : rules.schemas().schemaFor(name).retentions()
                        .getFirst().secondsPerPoint(), clock);
        events.mountOn(b.ingest);
        ZoneId zone = ZoneId.of(config.api().timeZone());
        events.serveOn(b.api, zone);
        if (b.ui != null) {
            events.serveOn(b.ui, zone);
        }
        return events;
    }

    /** GottWall's API: its keys re-read from server.yaml while the server runs. */
    private static GottwallService startGottwall(DataDir dataDir, ServerConfig config, Builder b,
            GottwallService.Storage storage, GottwallRollups rollups, InstantSource clock)
            throws IOException {
        java.nio.file.Path file = dataDir.confFile("server.yaml");
        LiveConfig keys = new LiveConfig(config.gottwall(), Files.exists(file) ? file : null,
                () -> YamlConfigLoader.load(file, ServerConfig.class).gottwall());
        GottwallConfig.Stream stream = config.gottwall().stream();
        return stream == null ? GottwallService.start(keys, b.ingest, storage, rollups, clock)
                : bind("gottwall.stream.port", stream.listen(), stream.port(),
                        address -> GottwallService.start(keys, b.ingest, storage, rollups,
                                clock));
    }

    /** Refused HTTP requests by status, on the API's port and the UI's together. */
    private static Map<String, Long> refusedRequests(ApiServer api, ApiServer ui) {
        Map<String, Long> counts = new TreeMap<>(api.refused().counts());
        if (ui != null) {
            ui.refused().counts().forEach((status, count) -> counts.merge(status, count,
                    Long::sum));
        }
        return counts;
    }

    /** run/server.sock for dkmadmin tap; none (logged) when it cannot be made. */
    private static TapServer tapServer(DataDir dataDir, List<LineTap> taps) {
        if (!Files.isDirectory(dataDir.run())) {
            return null;
        }
        try {
            return TapServer.start(dataDir.tapSocket("server"), taps);
        } catch (IOException | RuntimeException e) {
            LOG.warning("no tap socket for dkmadmin tap: " + e);
            return null;
        }
    }

    /** The quotas of storage.quotas, with the metrics already stored counted. */
    private static Quotas quotas(ServerConfig.Storage storage, InstantSource clock,
            DataDir dataDir) throws IOException {
        Quotas quotas = new Quotas(storage.quotas().stream().map(q -> new Quota(
                java.util.regex.Pattern.compile(q.pattern()), q.maxMetrics(),
                q.maxNewPerMinute())).toList(), clock);
        if (!quotas.isEmpty()) {
            LOG.info("quotas: " + quotas.countStored(dataDir.whisper())
                    + " stored metrics fall under " + storage.quotas().size() + " quotas");
        }
        return quotas;
    }

    /**
     * {@code host-instance}: this host's name found as the agent finds it, unless configured,
     * and the API's port, unless an instance is configured; a host configured without an
     * instance is the whole name.
     */
    static String selfName(ServerConfig.SelfMetrics self, int apiPort) {
        boolean hostGiven = self.host() != null && !self.host().isBlank();
        boolean instanceGiven = self.instance() != null && !self.instance().isBlank();
        if (hostGiven && !instanceGiven) {
            return self.host();
        }
        return (hostGiven ? self.host() : LocalHostName.fqdn()) + "-"
                + (instanceGiven ? self.instance() : Integer.toString(apiPort));
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

    /** The pickle port, or -1 when pickle is off. */
    public int picklePort() {
        return pickle == null ? -1 : pickle.port();
    }

    /** GottWall's endpoints, or null when server.yaml has no gottwall: section. */
    public GottwallService gottwall() {
        return gottwall;
    }

    /** GottWall's stream port (TCP and UDP), or -1 when it is off. */
    public int gottwallStreamPort() {
        return gottwall == null ? -1 : gottwall.streamPort();
    }

    /** The HTTP ingest port, or -1 when it is off. */
    public int ingestPort() {
        return ingest == null ? -1 : ingest.port();
    }

    public int apiPort() {
        return api.port();
    }

    /** The StatsD port (UDP and TCP), or -1 when this server does not serve StatsD. */
    public int statsdPort() {
        return statsd == null ? -1 : statsd.port();
    }

    /** The built-in UI's own port, or -1 when the UI is on the API's port only. */
    public int uiPort() {
        return ui == null ? -1 : ui.port();
    }

    public MetricCache cache() {
        return cache;
    }

    /** The ClickHouse store, or null when the server stores in whisper files only. */
    public ClickHouseStore clickhouse() {
        return clickhouse;
    }

    /** The relay, or null when this server stores what it receives. */
    public RelayRouter relay() {
        return relay;
    }

    /** Reports the self-metrics now (tests); null when they are off. */
    SelfMetrics selfMetrics() {
        return selfMetrics;
    }

    /** Stops taking input, writes every cached point, then stops serving. */
    public void stop() {
        closeAll(Arrays.asList(tap));
        closeAll(receivers);
        timers.shutdownNow();
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (events != null) {
            // the last totals of the event series go to the cache before it is written out
            closeAll(List.of(events));
        }
        if (relay != null) {
            relay.close();
            LOG.info("stopped relaying; " + relay.queuedLines() + " lines left in the spools");
            closeApis();
            return;
        }
        long written = persister.stop();
        boolean complete = cache.size() == 0;
        if (wal != null) {
            try {
                wal.stop(complete);
            } catch (IOException e) {
                LOG.warning("closing the write-ahead log: " + e.getMessage());
            }
        }
        LOG.info("stopped: wrote " + written + " cached points on the way out; "
                + cache.size() + " left" + (complete ? "" : ", kept in the write-ahead log")
                + "; since start " + persister.committedPoints() + " points in "
                + persister.updates() + " updates, " + persister.creates() + " files created");
        if (clickhouse != null) {
            clickhouse.stop();
        }
        closeApis();
    }

    private void closeApis() {
        api.close();
        if (ui != null) {
            ui.close();
        }
        if (frontEnd != null) {
            frontEnd.close();
        }
        gate.close();
    }

    private static void closeAll(List<Closeable> closeables) {
        for (Closeable closeable : closeables) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.warning("closing a receiver: " + e.getMessage());
            }
        }
    }
}
