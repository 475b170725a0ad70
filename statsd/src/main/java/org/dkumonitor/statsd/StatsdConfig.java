package org.dkumonitor.statsd;

import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * The {@code statsd:} section of the program that serves StatsD (agent.yaml where the install
 * has an agent, else server.yaml). Keys are Etsy statsd's configuration names in camelCase
 * ({@code graphite.legacyNamespace} is {@code legacyNamespace}, {@code flush_counts} is
 * {@code flushCounts}), with their defaults, except {@code flushInterval}, in seconds (10 by
 * default, the default schema's step). The listener's own limits come first.
 *
 * <pre>
 * statsd:
 *   listen: 127.0.0.1          # UDP and TCP on the same port
 *   port: 15005
 *   udp: true
 *   tcp: true
 *   maxConnections: 256        # TCP; more are refused
 *   idleTimeoutSeconds: 300    # a TCP connection silent that long is closed
 *   maxLineBytes: 65536        # a longer TCP line is skipped and counted as bad
 *   maxKeys: 100000            # distinct keys held; samples of new keys beyond are dropped
 *   udpThreads: 1              # sockets sharing the port (SO_REUSEPORT), one thread each
 *   flushInterval: 10          # seconds
 *   naming: statsd             # or statsite: statsite's key names
 *   legacyNamespace: true
 *   globalPrefix: stats        # statsite naming: statsite
 *   prefixCounter: counters    # statsite naming: counts
 *   prefixTimer: timers
 *   prefixGauge: gauges
 *   prefixSet: sets
 *   prefixKv: kv               # statsite naming only
 *   globalSuffix: ""           # absent: none
 *   prefixStats: statsd
 *   percentThreshold: [90]     # statsite naming: [50, 95, 99], its quantiles
 *   histogram: [{metric: render, bins: [10, 100, 1000, inf]}]
 *   calculatedTimerMetrics: [] # empty: all
 *   flushCounts: true
 *   deleteIdleStats: false     # true makes every delete* below default to true
 *   deleteCounters: false
 *   deleteTimers: false
 *   deleteGauges: false
 *   deleteSets: false
 *   gaugesMaxTTL: 1
 * </pre>
 */
public record StatsdConfig(String listen, Integer port, Boolean udp, Boolean tcp,
        Integer maxConnections, Integer idleTimeoutSeconds, Integer maxLineBytes, Integer maxKeys,
        Integer udpThreads, Integer flushInterval, Naming naming, Boolean legacyNamespace,
        String globalPrefix, String prefixCounter, String prefixTimer, String prefixGauge,
        String prefixSet, String prefixKv, String globalSuffix, String prefixStats,
        List<Double> percentThreshold, List<Histogram> histogram,
        List<String> calculatedTimerMetrics, Boolean flushCounts, Boolean deleteIdleStats,
        Boolean deleteCounters, Boolean deleteTimers, Boolean deleteGauges, Boolean deleteSets,
        Integer gaugesMaxTTL) {

    /** Whose key names the flush writes. */
    public enum Naming {
        /** Etsy statsd's graphite backend (the default). */
        STATSD,
        /** statsite's: {@code counts.}, {@code timers.}, {@code gauges.}, {@code sets.}. */
        STATSITE
    }

    public StatsdConfig {
        listen = listen == null ? "127.0.0.1" : ConfigRules.notBlank("listen", listen).strip();
        port = ConfigRules.between("port", ConfigRules.present("port", port), 0, 65535);
        udp = udp == null || udp;
        tcp = tcp == null || tcp;
        if (!udp && !tcp) {
            throw new InvalidValueException("tcp", "udp and tcp cannot both be false", false);
        }
        maxConnections = maxConnections == null ? 256
                : ConfigRules.between("maxConnections", maxConnections, 1, 100_000);
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 300
                : ConfigRules.between("idleTimeoutSeconds", idleTimeoutSeconds, 1, 86_400);
        maxLineBytes = maxLineBytes == null ? 65_536
                : ConfigRules.between("maxLineBytes", maxLineBytes, 1024, 16 * 1024 * 1024);
        maxKeys = maxKeys == null ? 100_000
                : ConfigRules.between("maxKeys", maxKeys, 10, 100_000_000);
        udpThreads = udpThreads == null ? 1 : ConfigRules.between("udpThreads", udpThreads, 1, 64);
        flushInterval = flushInterval == null ? 10
                : ConfigRules.between("flushInterval", flushInterval, 1, 3600);
        naming = naming == null ? Naming.STATSD : naming;
        boolean statsite = naming == Naming.STATSITE;
        legacyNamespace = legacyNamespace == null || legacyNamespace;
        globalPrefix = prefix("globalPrefix", globalPrefix, statsite ? "statsite" : "stats");
        prefixCounter = prefix("prefixCounter", prefixCounter, statsite ? "counts" : "counters");
        prefixTimer = prefix("prefixTimer", prefixTimer, "timers");
        prefixGauge = prefix("prefixGauge", prefixGauge, "gauges");
        prefixSet = prefix("prefixSet", prefixSet, "sets");
        prefixKv = prefix("prefixKv", prefixKv, "kv");
        globalSuffix = globalSuffix == null ? null : prefix("globalSuffix", globalSuffix, "");
        prefixStats = prefix("prefixStats", prefixStats, "statsd");
        percentThreshold = percentThreshold == null
                ? (statsite ? List.of(50.0, 95.0, 99.0) : List.of(90.0))
                : percentiles(percentThreshold, statsite);
        histogram = histogram == null ? List.of() : List.copyOf(histogram);
        calculatedTimerMetrics = calculatedTimerMetrics == null ? List.of()
                : List.copyOf(calculatedTimerMetrics);
        flushCounts = flushCounts == null || flushCounts;
        deleteIdleStats = deleteIdleStats != null && deleteIdleStats;
        deleteCounters = deleteCounters == null ? deleteIdleStats : deleteCounters;
        deleteTimers = deleteTimers == null ? deleteIdleStats : deleteTimers;
        deleteGauges = deleteGauges == null ? deleteIdleStats : deleteGauges;
        deleteSets = deleteSets == null ? deleteIdleStats : deleteSets;
        // statsd: "force gaugesMaxTTL to 1 if it is not a positive integer > 1"
        gaugesMaxTTL = gaugesMaxTTL == null || gaugesMaxTTL < 1 ? 1 : gaugesMaxTTL;
    }

    /** Only what statsd's sanitising keeps: the names it makes stay valid Graphite paths. */
    private static String prefix(String key, String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.')) {
                throw new InvalidValueException(key, "may hold only letters, digits, '_', '-'"
                        + " and '.'", value);
            }
        }
        return value;
    }

    private static List<Double> percentiles(List<Double> values, boolean statsite) {
        List<Double> kept = new ArrayList<>();
        for (Double value : values) {
            double pct = value;
            boolean valid = statsite ? pct > 0 && pct <= 100 : pct != 0 && pct > -100 && pct <= 100;
            if (!valid) {
                throw new InvalidValueException("percentThreshold", statsite
                        ? "each must be above 0 and at most 100"
                        : "each must be above -100, at most 100, and not 0", value);
            }
            if (!kept.contains(value)) {
                kept.add(value);
            }
        }
        if (kept.isEmpty()) {
            throw new InvalidValueException("percentThreshold", "must list at least one",
                    "[]");
        }
        return List.copyOf(kept);
    }

    /** Flush interval in milliseconds, statsd's unit for its rates. */
    public long flushIntervalMillis() {
        return flushInterval * 1000L;
    }

    /** Bins for the timers whose key contains {@code metric}; {@code inf} closes the list. */
    public record Histogram(String metric, List<String> bins) {

        public Histogram {
            metric = metric == null ? "" : metric;
            if (bins == null || bins.isEmpty()) {
                throw new InvalidValueException("bins", "must list at least one bin", bins);
            }
            bins = List.copyOf(bins);
            for (String bin : bins) {
                if (!bin.equals("inf")) {
                    try {
                        if (!Double.isFinite(Double.parseDouble(bin))) {
                            throw new NumberFormatException(bin);
                        }
                    } catch (NumberFormatException e) {
                        throw new InvalidValueException("bins", "each must be a number or inf",
                                bin);
                    }
                }
            }
        }
    }
}
