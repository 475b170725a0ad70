package org.dkumonitor.server.gottwall;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dkumonitor.core.config.ConfigRules;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * The {@code gottwall:} section of conf/server.yaml: GottWall's API on the HTTP ingest port
 * under {@code prefix}, its TCP and UDP stream on {@code stream.port} (PORT+7), the
 * installation's private key (GottWall's {@code SECRET_KEY}) and one public key per project
 * (GottWall's {@code PROJECTS}). {@code tsWindowSeconds} is how far a signed header's time may
 * be from this server's clock (0: any time, as in GottWall, where a captured header can be
 * replayed forever). {@code timeZones} gives a project the zone its read API buckets days,
 * weeks, months and years in (UTC otherwise). {@code maxSeriesPerMetric} bounds how many series
 * one metric may touch (the counter itself and one per filter value).
 *
 * <p>Projects, keys, zones and the window are re-read while the server runs; the prefix and
 * the stream listener take a restart.
 */
public record GottwallConfig(String prefix, String privateKey, Map<String, String> projects,
        Integer tsWindowSeconds, Map<String, String> timeZones, Integer maxSeriesPerMetric,
        Stream stream) {

    public static final String DEFAULT_PREFIX = "/gottwall";

    public GottwallConfig {
        prefix = prefix == null ? DEFAULT_PREFIX : prefix(prefix);
        privateKey = key("privateKey", ConfigRules.notBlank("privateKey", privateKey));
        projects = projects == null ? Map.of() : projects(projects);
        tsWindowSeconds = tsWindowSeconds == null ? 3600
                : ConfigRules.between("tsWindowSeconds", tsWindowSeconds, 0, 30 * 86_400);
        timeZones = timeZones == null ? Map.of() : zones(timeZones, projects);
        maxSeriesPerMetric = maxSeriesPerMetric == null ? 1000
                : ConfigRules.between("maxSeriesPerMetric", maxSeriesPerMetric, 1, 100_000);
    }

    /** A config without a stream listener and with the defaults (tests). */
    public GottwallConfig(String privateKey, Map<String, String> projects) {
        this(null, privateKey, projects, null, null, null, null);
    }

    /** The same config with another stream listener (tests). */
    public GottwallConfig withStream(Stream listener) {
        return new GottwallConfig(prefix, privateKey, projects, tsWindowSeconds, timeZones,
                maxSeriesPerMetric, listener);
    }

    /** The zone a project's read API buckets in. */
    public ZoneId zoneOf(String project) {
        String zone = timeZones.get(project);
        return zone == null ? java.time.ZoneOffset.UTC : ZoneId.of(zone);
    }

    /**
     * GottWall's TCP and UDP stream (PORT+7): UDP beside TCP unless {@code udp: false}; at most
     * {@code maxConnections} TCP connections (a new one takes the place of one silent for a
     * second, else it is answered FAIL and closed), each closed after
     * {@code idleTimeoutSeconds} without a byte; a message longer than {@code maxMessageBytes}
     * without its delimiter is skipped and counted.
     */
    public record Stream(String listen, Integer port, Boolean udp, Integer maxConnections,
            Integer idleTimeoutSeconds, Integer maxMessageBytes) {

        public Stream {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.between("port", ConfigRules.present("port", port), 0, 65535);
            udp = udp == null || udp;
            maxConnections = maxConnections == null ? 1024
                    : ConfigRules.between("maxConnections", maxConnections, 1, 100_000);
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 300
                    : ConfigRules.between("idleTimeoutSeconds", idleTimeoutSeconds, 1, 86_400);
            maxMessageBytes = maxMessageBytes == null ? 64 * 1024
                    : ConfigRules.between("maxMessageBytes", maxMessageBytes, 1024,
                            16 * 1024 * 1024);
        }

        public Stream(String listen, Integer port) {
            this(listen, port, null, null, null, null);
        }
    }

    private static String prefix(String value) {
        String trimmed = value.strip();
        if (trimmed.equals("/")) {
            return "";
        }
        if (!trimmed.isEmpty() && (!trimmed.startsWith("/") || trimmed.endsWith("/")
                || trimmed.contains("?") || trimmed.contains("#"))) {
            throw new InvalidValueException("prefix", "must be empty or a path such as"
                    + " /gottwall (starting with /, not ending with one)", value);
        }
        return trimmed;
    }

    private static String key(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i)) || value.charAt(i) == ':') {
                throw new InvalidValueException(name, "must not hold spaces or ':' (Basic"
                        + " auth sends public:private)", "…");
            }
        }
        return value;
    }

    private static Map<String, String> projects(Map<String, String> given) {
        Map<String, String> checked = new LinkedHashMap<>();
        given.forEach((name, publicKey) -> {
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidValueException("projects", "a project name must be a word"
                        + " without spaces (the stream header splits on them)", name);
            }
            if (publicKey == null || publicKey.isBlank()) {
                throw new InvalidValueException("projects", "project " + name
                        + " needs a public key", publicKey);
            }
            checked.put(name, key("projects." + name, publicKey));
        });
        return Map.copyOf(checked);
    }

    private static Map<String, String> zones(Map<String, String> given,
            Map<String, String> projects) {
        Map<String, String> checked = new LinkedHashMap<>();
        given.forEach((project, zone) -> {
            if (!projects.containsKey(project)) {
                throw new InvalidValueException("timeZones", "names a project that is not in"
                        + " projects", project);
            }
            try {
                checked.put(project, ZoneId.of(zone).getId());
            } catch (DateTimeException | NullPointerException e) {
                throw new InvalidValueException("timeZones", "must be a zone such as UTC or"
                        + " Europe/Paris", zone);
            }
        });
        return Map.copyOf(checked);
    }
}
