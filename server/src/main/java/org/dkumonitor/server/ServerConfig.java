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

    /** The Graphite HTTP API. */
    public record Api(String listen, Integer port) {

        public Api {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.port("port", ConfigRules.present("port", port));
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
