package org.dkumonitor.server;

import java.util.List;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.SecretFiles;
import org.dkumonitor.server.cluster.ClusterConfig;
import org.dkumonitor.server.gottwall.GottwallConfig;
import org.dkumonitor.server.relay.RelayConfig;
import org.dkumonitor.statsd.StatsdConfig;

/**
 * conf/server.yaml. Paths are not configured here: they follow the DATA_DIR layout. A port of 0
 * takes any free port (tests); the installer always writes real ones. {@code statsd:} (see
 * {@link StatsdConfig}) is there only when the install has no agent to serve StatsD. The
 * {@code gottwall:} section is {@link GottwallConfig}. {@code relay:} makes the server a relay
 * (nothing stored here), {@code cluster:} a front end over other servers.
 */
public record ServerConfig(Carbon carbon, Api api, Storage storage, SelfMetrics selfMetrics,
        Ui ui, Ingest ingest, StatsdConfig statsd, Events events, GottwallConfig gottwall,
        RelayConfig relay, ClusterConfig cluster, Security security) {

    public ServerConfig {
        carbon = ConfigRules.present("carbon", carbon);
        api = ConfigRules.present("api", api);
        storage = storage == null
                ? new Storage(null, null, null, null, null, null) : storage;
        selfMetrics = selfMetrics == null ? new SelfMetrics(null, null, null, null)
                : selfMetrics;
        events = events == null ? new Events(null, null, null, null, null, null) : events;
        security = security == null ? new Security(null) : security;
        if (relay != null && storage.backend() == Backend.CLICKHOUSE) {
            throw new org.dkumonitor.core.config.InvalidValueException("storage.backend",
                    "a relay (relay: is set) stores nothing, so it takes no store; remove"
                            + " storage.backend or the relay: section", "clickhouse");
        }
    }

    /**
     * What the server does when a file holding a secret (conf/server.yaml with an
     * api.bearerToken or GottWall's private key, conf/access.json, the ClickHouse credentials)
     * can be read by other users: {@code refuse}
     * to start (the default) or {@code warn} loudly and start.
     */
    public record Security(SecretFiles.Policy exposedSecrets) {

        public Security {
            exposedSecrets = exposedSecrets == null ? SecretFiles.Policy.REFUSE : exposedSecrets;
        }
    }

    /** Without the HTTP ingest listener and without StatsD (the agent serves it, or nobody). */
    public ServerConfig(Carbon carbon, Api api, Storage storage, SelfMetrics selfMetrics, Ui ui) {
        this(carbon, api, storage, selfMetrics, ui, null, null, null, null, null, null, null);
    }

    /** The same config with the HTTP ingest listener (tests). */
    public ServerConfig withIngest(Ingest listener) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, listener, statsd,
                events, gottwall, relay, cluster, security);
    }

    /** The same config with other event log settings (tests). */
    public ServerConfig withEvents(Events settings) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, ingest, statsd,
                settings, gottwall, relay, cluster, security);
    }

    /** The same config with StatsD served by the server (tests). */
    public ServerConfig withStatsd(StatsdConfig listener) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, ingest, listener,
                events, gottwall, relay, cluster, security);
    }

    /** The same config with GottWall's API (tests). */
    public ServerConfig withGottwall(GottwallConfig section) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, ingest, statsd, events,
                section, relay, cluster, security);
    }

    /** The same config as a relay (tests). */
    public ServerConfig withRelay(RelayConfig destinations) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, ingest, statsd, events,
                gottwall, destinations, cluster, security);
    }

    /** The same config as a cluster front end (tests). */
    public ServerConfig withCluster(ClusterConfig servers) {
        return new ServerConfig(carbon, api, storage, selfMetrics, ui, ingest, statsd, events,
                gottwall, relay, servers, security);
    }

    /**
     * The carbon receivers: plaintext on TCP and (unless {@code udp: false}) UDP on the same
     * port, pickle on {@code picklePort} when set. Points more than
     * {@code futureToleranceSeconds} ahead of the clock are refused. Each TCP port takes at
     * most {@code maxConnections} (fewer when the descriptor limit is low); a connection
     * silent for {@code idleTimeoutSeconds} is closed (15 min: collectd with
     * {@code Interval 300} sends every 5 min), and so is one that leaves a line or frame
     * unfinished for {@code frameTimeoutSeconds}; buffers beyond a few kilobytes per connection
     * come from {@code maxBufferedBytes} shared by all.
     */
    public record Carbon(String listen, Integer plaintextPort, Boolean udp, Integer picklePort,
            Integer futureToleranceSeconds, Integer maxPickleFrameBytes, Integer maxConnections,
            Integer idleTimeoutSeconds, Integer frameTimeoutSeconds, Long maxBufferedBytes) {

        public Carbon(String listen, Integer plaintextPort, Boolean udp, Integer picklePort,
                Integer futureToleranceSeconds, Integer maxPickleFrameBytes) {
            this(listen, plaintextPort, udp, picklePort, futureToleranceSeconds,
                    maxPickleFrameBytes, null, null, null, null);
        }

        public Carbon {
            listen = ConfigRules.notBlank("listen", listen);
            plaintextPort = ConfigRules.between("plaintextPort",
                    ConfigRules.present("plaintextPort", plaintextPort), 0, 65535);
            udp = udp == null || udp;
            picklePort = picklePort == null ? null
                    : ConfigRules.between("picklePort", picklePort, 0, 65535);
            futureToleranceSeconds = futureToleranceSeconds == null ? 60
                    : ConfigRules.between("futureToleranceSeconds", futureToleranceSeconds, 0,
                            86_400 * 365);
            maxPickleFrameBytes = maxPickleFrameBytes == null ? 1024 * 1024
                    : ConfigRules.between("maxPickleFrameBytes", maxPickleFrameBytes, 1024,
                            256 * 1024 * 1024);
            maxConnections = maxConnections == null ? 4096
                    : ConfigRules.between("maxConnections", maxConnections, 1, 1_000_000);
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 900
                    : ConfigRules.between("idleTimeoutSeconds", idleTimeoutSeconds, 1,
                            86_400 * 7);
            frameTimeoutSeconds = frameTimeoutSeconds == null ? 30
                    : ConfigRules.between("frameTimeoutSeconds", frameTimeoutSeconds, 1, 3600);
            maxBufferedBytes = maxBufferedBytes == null ? 64L * 1024 * 1024
                    : ConfigRules.between("maxBufferedBytes", maxBufferedBytes, 1024L * 1024,
                            1L << 40);
        }
    }

    /**
     * The Graphite HTTP API: where it listens, how many series and points one request may read
     * (the rest is refused with a message), an optional bearer token every request must carry,
     * and the zone of absolute times when a request gives no {@code tz} (UTC by default).
     *
     * <p>Limits (the API's and the UI's port each have them): {@code maxConnections} per
     * port; a request must arrive whole within {@code headerTimeoutSeconds}; an idle
     * kept-alive connection is closed after {@code idleTimeoutSeconds}; a request runs at most
     * {@code requestTimeoutSeconds}; at most {@code maxConcurrentRequests} are served at once
     * and together they hold at most {@code maxRenderMemoryBytes} of points and response
     * (default: a quarter of the heap); past either, 503 with Retry-After. {@code corsOrigins}
     * lists the web origins whose pages may read the API from a browser (none by default).
     */
    public record Api(String listen, Integer port, Long maxSeriesPerRequest,
            Long maxPointsPerRequest, String bearerToken, String timeZone,
            Integer maxConnections, Integer headerTimeoutSeconds, Integer idleTimeoutSeconds,
            Integer requestTimeoutSeconds, Integer maxConcurrentRequests,
            Long maxRenderMemoryBytes, List<String> corsOrigins) {

        public Api(String listen, Integer port, Long maxSeriesPerRequest,
                Long maxPointsPerRequest, String bearerToken, String timeZone) {
            this(listen, port, maxSeriesPerRequest, maxPointsPerRequest, bearerToken, timeZone,
                    null, null, null, null, null, null, null);
        }

        public Api {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.between("port", ConfigRules.present("port", port), 0, 65535);
            maxSeriesPerRequest = maxSeriesPerRequest == null ? 100_000L
                    : ConfigRules.between("maxSeriesPerRequest", maxSeriesPerRequest, 1L,
                            100_000_000L);
            maxPointsPerRequest = maxPointsPerRequest == null ? 50_000_000L
                    : ConfigRules.between("maxPointsPerRequest", maxPointsPerRequest, 1L,
                            10_000_000_000L);
            timeZone = timeZone == null ? "UTC" : zone(timeZone);
            maxConnections = maxConnections == null ? 1024
                    : ConfigRules.between("maxConnections", maxConnections, 1, 1_000_000);
            headerTimeoutSeconds = headerTimeoutSeconds == null ? 20
                    : ConfigRules.between("headerTimeoutSeconds", headerTimeoutSeconds, 1, 3600);
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 30
                    : ConfigRules.between("idleTimeoutSeconds", idleTimeoutSeconds, 1, 3600);
            requestTimeoutSeconds = requestTimeoutSeconds == null ? 30
                    : ConfigRules.between("requestTimeoutSeconds", requestTimeoutSeconds, 1,
                            3600);
            maxConcurrentRequests = maxConcurrentRequests == null
                    ? Math.max(4, 2 * Runtime.getRuntime().availableProcessors())
                    : ConfigRules.between("maxConcurrentRequests", maxConcurrentRequests, 1,
                            10_000);
            maxRenderMemoryBytes = maxRenderMemoryBytes == null
                    ? Runtime.getRuntime().maxMemory() / 4
                    : ConfigRules.between("maxRenderMemoryBytes", maxRenderMemoryBytes,
                            1024L * 1024, 1L << 40);
            corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        }

        public Api(String listen, Integer port) {
            this(listen, port, null, null, null, null);
        }

        private static String zone(String value) {
            try {
                return java.time.ZoneId.of(value).getId();
            } catch (java.time.DateTimeException e) {
                throw new org.dkumonitor.core.config.InvalidValueException("timeZone",
                        "must be a zone such as UTC or Europe/Paris", value);
            }
        }
    }

    /**
     * Default of storage.batchSeconds (see {@link Storage}): 20. A metric is then written
     * once it holds three points or its oldest waited 20 s, whichever comes first, and at
     * once when nothing arrives for 150 ms (a small install, a burst that ended), so only a
     * busy server batches. Measured with steady-bench.sh (100,000 metrics every 10 s, 5
     * minutes, carbon-cache in the same run): see the README's figures. Three points per
     * update instead of one cut the persister's system calls per point by three; the largest
     * delay to the file is ~20 s, under the 30 s the issue allows.
     */
    public static final int DEFAULT_BATCH_SECONDS = 20;

    /**
     * How the cache reaches the disk. {@code cacheMaxPoints} bounds memory (12 bytes a point
     * plus per-metric overhead); when it is reached the receivers stop reading until the
     * persister catches up. {@code flushIntervalMillis} is how long an idle persister waits.
     * {@code sparseCreate} makes new files with holes instead of reserved blocks.
     * {@code expireAfter} (e.g. {@code 30d}) removes, daily, metrics not updated for that long;
     * {@code quotas} bound the metrics per name pattern. {@code batchSeconds}: how long a
     * metric's points may wait to be written together (they are in the write-ahead log and
     * readable meanwhile); 0 writes each as soon as the persister comes round (see the
     * default).
     * A metric the store cannot write is set aside (its points go to storage/dead-letter/, at
     * most {@code deadLetterMaxBytes}) at once when the store refuses it for good, or after
     * {@code quarantineAfterSeconds} of I/O failures of its own while other metrics are written.
     */
    public record Storage(Integer flushIntervalMillis, Integer cacheMaxPoints, Integer workers,
            Integer maxOpenFiles, Boolean sparseCreate, Wal wal, String expireAfter,
            java.util.List<Quota> quotas, Integer batchSeconds, Long deadLetterMaxBytes,
            Integer quarantineAfterSeconds, Backend backend, ClickHouse clickhouse) {

        public Storage {
            flushIntervalMillis = flushIntervalMillis == null ? 1000
                    : ConfigRules.between("flushIntervalMillis", flushIntervalMillis, 10, 600_000);
            cacheMaxPoints = cacheMaxPoints == null ? 2_000_000
                    : ConfigRules.between("cacheMaxPoints", cacheMaxPoints, 1000,
                            1_000_000_000);
            workers = workers == null ? 2 : ConfigRules.between("workers", workers, 1, 64);
            maxOpenFiles = maxOpenFiles == null ? 8192
                    : ConfigRules.between("maxOpenFiles", maxOpenFiles, 1, 100_000);
            sparseCreate = sparseCreate != null && sparseCreate;
            wal = wal == null ? new Wal(null, null, null) : wal;
            if (expireAfter != null) {
                ageSeconds("expireAfter", expireAfter);
            }
            quotas = quotas == null ? java.util.List.of() : java.util.List.copyOf(quotas);
            batchSeconds = batchSeconds == null ? DEFAULT_BATCH_SECONDS
                    : ConfigRules.between("batchSeconds", batchSeconds, 0, 25);
            deadLetterMaxBytes = deadLetterMaxBytes == null ? 256L * 1024 * 1024
                    : ConfigRules.between("deadLetterMaxBytes", deadLetterMaxBytes, 0L,
                            1L << 40);
            quarantineAfterSeconds = quarantineAfterSeconds == null ? 300
                    : ConfigRules.between("quarantineAfterSeconds", quarantineAfterSeconds, 1,
                            86_400);
            backend = backend == null ? Backend.WHISPER : backend;
            if (backend == Backend.CLICKHOUSE && clickhouse == null) {
                throw new org.dkumonitor.core.config.InvalidValueException("clickhouse",
                        "must be given when backend is clickhouse (at least its urls)", "nothing");
            }
        }

        public Storage(Integer flushIntervalMillis, Integer cacheMaxPoints, Integer workers,
                Integer maxOpenFiles, Boolean sparseCreate, Wal wal) {
            this(flushIntervalMillis, cacheMaxPoints, workers, maxOpenFiles, sparseCreate, wal,
                    null, null, null, null, null, null, null);
        }

        /** {@code expireAfter} in seconds, or 0 when metrics never expire. */
        public long expireAfterSeconds() {
            return expireAfter == null ? 0 : ageSeconds("expireAfter", expireAfter);
        }

        private static long ageSeconds(String key, String value) {
            try {
                return org.dkumonitor.server.lifecycle.ExpiryAge.seconds(value);
            } catch (IllegalArgumentException e) {
                throw new org.dkumonitor.core.config.InvalidValueException(key, e.getMessage(),
                        value);
            }
        }
    }

    /** Where points are stored: whisper files under storage/whisper, or ClickHouse. */
    public enum Backend { WHISPER, CLICKHOUSE }

    /**
     * ClickHouse as the store, in carbon-clickhouse's tables: the servers' HTTP URLs (several
     * are equivalent: replicas, or shards each with the Distributed tables), the database and
     * table names, the rollup section of ClickHouse's config, and a file holding the user and
     * password (user=, password=; keep it 0600). {@code cluster} and {@code replicated} only
     * shape the tables {@code dkmadmin clickhouse init} creates ({@code createTables}: the
     * server creates missing ones itself, as for a local ClickHouse it runs). With
     * {@code dualWrite} whisper files are written too (a migration). Queries stop after
     * {@code queryTimeoutSeconds}, also on ClickHouse; the write-ahead log goes to ClickHouse
     * every {@code uploadIntervalMillis}, at most {@code maxInsertPoints} points an insert.
     */
    public record ClickHouse(java.util.List<String> urls, String database, String pointsTable,
            String indexTable, String taggedTable, String rollupSection, String credentialsFile,
            String cluster, Boolean replicated, Boolean createTables, Boolean dualWrite,
            Integer queryTimeoutSeconds, Integer connectTimeoutMillis,
            Integer uploadIntervalMillis, Integer maxInsertPoints) {

        public ClickHouse {
            if (urls == null || urls.isEmpty()) {
                throw new org.dkumonitor.core.config.InvalidValueException("urls",
                        "must list at least one ClickHouse HTTP URL, e.g."
                                + " [http://127.0.0.1:8123/]", "nothing");
            }
            for (String url : urls) {
                if (url == null || !url.matches("https?://[^/?#\\s]+/?")) {
                    throw new org.dkumonitor.core.config.InvalidValueException("urls",
                            "must be http://HOST:PORT/ URLs", String.valueOf(url));
                }
            }
            urls = java.util.List.copyOf(urls);
            database = identifier("database", database, "default");
            pointsTable = identifier("pointsTable", pointsTable, "graphite");
            indexTable = identifier("indexTable", indexTable, "graphite_index");
            taggedTable = identifier("taggedTable", taggedTable, "graphite_tagged");
            rollupSection = identifier("rollupSection", rollupSection, "graphite_rollup");
            cluster = cluster == null ? null : identifier("cluster", cluster, null);
            replicated = replicated != null && replicated;
            createTables = createTables != null && createTables;
            dualWrite = dualWrite != null && dualWrite;
            queryTimeoutSeconds = queryTimeoutSeconds == null ? 30
                    : ConfigRules.between("queryTimeoutSeconds", queryTimeoutSeconds, 1, 3600);
            connectTimeoutMillis = connectTimeoutMillis == null ? 2000
                    : ConfigRules.between("connectTimeoutMillis", connectTimeoutMillis, 10,
                            60_000);
            uploadIntervalMillis = uploadIntervalMillis == null ? 1000
                    : ConfigRules.between("uploadIntervalMillis", uploadIntervalMillis, 10,
                            60_000);
            maxInsertPoints = maxInsertPoints == null ? 1_000_000
                    : ConfigRules.between("maxInsertPoints", maxInsertPoints, 1000, 10_000_000);
        }

        public ClickHouse(java.util.List<String> urls) {
            this(urls, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null);
        }

        private static String identifier(String key, String value, String fallback) {
            if (value == null) {
                return fallback;
            }
            if (!value.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                throw new org.dkumonitor.core.config.InvalidValueException(key,
                        "must be a ClickHouse identifier (letters, digits, _)", value);
            }
            return value;
        }
    }

    /**
     * A quota of {@code storage.quotas}: metrics whose name {@code pattern} (a regular
     * expression, searched as storage-schemas.conf's) is found in, at most {@code maxMetrics}
     * of them and at most {@code maxNewPerMinute} new ones a minute (absent: no limit).
     */
    public record Quota(String pattern, Long maxMetrics, Integer maxNewPerMinute) {

        public Quota {
            ConfigRules.regex("pattern", pattern);
            maxMetrics = maxMetrics == null ? 0L
                    : ConfigRules.between("maxMetrics", maxMetrics, 1L, 1_000_000_000_000L);
            maxNewPerMinute = maxNewPerMinute == null ? 0
                    : ConfigRules.between("maxNewPerMinute", maxNewPerMinute, 1, 100_000_000);
        }
    }

    /**
     * The write-ahead log under storage/wal: committed and fsynced every
     * {@code commitIntervalMillis} (what a kill -9 can lose), checkpointed (older segments
     * deleted once their points are in whisper files) every {@code checkpointSeconds}, a new
     * segment begun whenever one reaches {@code maxSegmentBytes}.
     */
    public record Wal(Boolean enabled, Integer commitIntervalMillis, Integer checkpointSeconds,
            Long maxSegmentBytes) {

        public Wal(Boolean enabled, Integer commitIntervalMillis, Integer checkpointSeconds) {
            this(enabled, commitIntervalMillis, checkpointSeconds, null);
        }

        public Wal {
            enabled = enabled == null || enabled;
            commitIntervalMillis = commitIntervalMillis == null ? 1000
                    : ConfigRules.between("commitIntervalMillis", commitIntervalMillis, 1,
                            60_000);
            checkpointSeconds = checkpointSeconds == null ? 60
                    : ConfigRules.between("checkpointSeconds", checkpointSeconds, 1, 3600);
            maxSegmentBytes = maxSegmentBytes == null ? 64L * 1024 * 1024
                    : ConfigRules.between("maxSegmentBytes", maxSegmentBytes, 64L * 1024,
                            1L << 32);
        }
    }

    /**
     * A second HTTP listener for the built-in UI, on the install's PORT where no Grafana runs
     * there; absent, the UI is on the API's port only. It serves the API too, since the page
     * reads {@code /render} from its own origin.
     */
    public record Ui(String listen, Integer port) {

        public Ui {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.between("port", ConfigRules.present("port", port), 0, 65535);
        }
    }

    /**
     * The HTTP ingest listener (PORT+6: stats-service's event log, GottWall's API); absent, it
     * does not listen. Limits per connection: the request head and body sizes, connections
     * open at once, seconds a request may take once its first byte is in, seconds a
     * keep-alive connection may idle.
     */
    public record Ingest(String listen, Integer port, Integer maxHeaderBytes,
            Integer maxBodyBytes, Integer maxConnections, Integer requestTimeoutSeconds,
            Integer idleTimeoutSeconds) {

        public Ingest {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.between("port", ConfigRules.present("port", port), 0, 65535);
            maxHeaderBytes = maxHeaderBytes == null ? 16 * 1024
                    : ConfigRules.between("maxHeaderBytes", maxHeaderBytes, 1024, 1024 * 1024);
            maxBodyBytes = maxBodyBytes == null ? 4 * 1024 * 1024
                    : ConfigRules.between("maxBodyBytes", maxBodyBytes, 1024,
                            256 * 1024 * 1024);
            maxConnections = maxConnections == null ? 1024
                    : ConfigRules.between("maxConnections", maxConnections, 1, 100_000);
            requestTimeoutSeconds = requestTimeoutSeconds == null ? 30
                    : ConfigRules.between("requestTimeoutSeconds", requestTimeoutSeconds, 1,
                            3600);
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 60
                    : ConfigRules.between("idleTimeoutSeconds", idleTimeoutSeconds, 1, 86_400);
        }

        public Ingest(String listen, Integer port) {
            this(listen, port, null, null, null, null, null);
        }

        public org.dkumonitor.server.ingest.IngestLimits limits() {
            return new org.dkumonitor.server.ingest.IngestLimits(maxHeaderBytes, maxBodyBytes,
                    maxConnections, java.time.Duration.ofSeconds(requestTimeoutSeconds),
                    java.time.Duration.ofSeconds(idleTimeoutSeconds));
        }
    }

    /**
     * The event log under storage/events (served on the ingest port, so only when there is
     * one): retention by days and by total bytes, the size of a segment file, the prefix of
     * era-B point series ({@code <pointPrefix>.<measurement>.<field>}), how many seconds of
     * events are counted into their series again at start (what a crash may have left
     * unwritten), and how many stats-service events an annotation query returns at most.
     */
    public record Events(Integer retentionDays, Long maxBytes, Long segmentBytes,
            String pointPrefix, Integer recountSeconds, Integer maxAnnotations) {

        public Events {
            retentionDays = retentionDays == null ? 30
                    : ConfigRules.between("retentionDays", retentionDays, 1, 36_500);
            maxBytes = maxBytes == null ? 1L << 30
                    : ConfigRules.between("maxBytes", maxBytes, 1L << 20, 1L << 50);
            segmentBytes = segmentBytes == null ? Math.min(64L << 20, maxBytes / 4)
                    : ConfigRules.between("segmentBytes", segmentBytes, 64L << 10,
                            Math.min(1L << 30, maxBytes));
            pointPrefix = pointPrefix == null ? "analytics" : pointPrefix;
            if (!org.dkumonitor.server.events.EventNames.isPath(pointPrefix)) {
                throw new org.dkumonitor.core.config.InvalidValueException("pointPrefix",
                        "must be a Graphite path (nodes of letters, digits, _-:+@#$% joined"
                                + " by dots)", pointPrefix);
            }
            recountSeconds = recountSeconds == null ? 600
                    : ConfigRules.between("recountSeconds", recountSeconds, 0, 86_400);
            maxAnnotations = maxAnnotations == null ? 1000
                    : ConfigRules.between("maxAnnotations", maxAnnotations, 1, 1_000_000);
        }

        public org.dkumonitor.server.events.EventsOptions options() {
            return new org.dkumonitor.server.events.EventsOptions(
                    new org.dkumonitor.server.events.log.LogOptions(segmentBytes, maxBytes,
                            java.time.Duration.ofDays(retentionDays)),
                    pointPrefix, recountSeconds, maxAnnotations);
        }
    }

    /**
     * The server's own metrics every {@code intervalSeconds}, under carbon.agents.&lt;name&gt;.
     * (carbon.relays.&lt;name&gt;. for a relay), named per node as carbon names its daemons,
     * {@code <host>-<instance>}: {@code host} defaults to this machine's name as the agent finds
     * it (core's LocalHostName: the FQDN, never a loopback name), {@code instance} to the API's
     * port, so that several servers of one cluster, even on one machine, never write the same
     * names; dots are written as underscores as carbon writes them. A {@code host} given without
     * an {@code instance} is the whole name.
     */
    public record SelfMetrics(Boolean enabled, Integer intervalSeconds, String host,
            String instance) {

        public SelfMetrics {
            enabled = enabled == null || enabled;
            intervalSeconds = intervalSeconds == null ? 60
                    : ConfigRules.between("intervalSeconds", intervalSeconds, 1, 3600);
        }

        public SelfMetrics(Boolean enabled, Integer intervalSeconds, String host) {
            this(enabled, intervalSeconds, host, null);
        }
    }
}
