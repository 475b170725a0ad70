package org.dkumonitor.server;

import org.dkumonitor.core.config.ConfigRules;

/** conf/server.yaml. Paths are not configured here: they follow the DATA_DIR layout. */
public record ServerConfig(Carbon carbon, Api api, Storage storage) {

    public ServerConfig {
        carbon = ConfigRules.present("carbon", carbon);
        api = ConfigRules.present("api", api);
        storage = storage == null ? new Storage(null) : storage;
    }

    /** The carbon receivers. */
    public record Carbon(String listen, Integer plaintextPort) {

        public Carbon {
            listen = ConfigRules.notBlank("listen", listen);
            plaintextPort = ConfigRules.port("plaintextPort",
                    ConfigRules.present("plaintextPort", plaintextPort));
        }
    }

    /**
     * The Graphite HTTP API: where it listens, how many series and points one request may read
     * (the rest is refused with a message), an optional bearer token every request must carry,
     * and the zone of absolute times when a request gives no {@code tz} (UTC by default).
     */
    public record Api(String listen, Integer port, Long maxSeriesPerRequest,
            Long maxPointsPerRequest, String bearerToken, String timeZone) {

        public Api {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.port("port", ConfigRules.present("port", port));
            maxSeriesPerRequest = maxSeriesPerRequest == null ? 100_000L
                    : ConfigRules.between("maxSeriesPerRequest", maxSeriesPerRequest, 1L,
                            100_000_000L);
            maxPointsPerRequest = maxPointsPerRequest == null ? 50_000_000L
                    : ConfigRules.between("maxPointsPerRequest", maxPointsPerRequest, 1L,
                            10_000_000_000L);
            timeZone = timeZone == null ? "UTC" : zone(timeZone);
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

    /** How the cache reaches the disk. */
    public record Storage(Integer flushIntervalMillis) {

        public Storage {
            flushIntervalMillis = flushIntervalMillis == null ? 1000
                    : ConfigRules.between("flushIntervalMillis", flushIntervalMillis, 10, 600_000);
        }
    }
}
