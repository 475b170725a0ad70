package org.dkumonitor.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.dkumonitor.testkit.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case recorded from Etsy statsd 0.9.0 (src/test/resources/statsd-reference, copied
 * from the peers' oracle; its README says how they were made) replayed through the real
 * listener: the datagrams sent over UDP to a running {@link StatsdService}, flushed three
 * times (before the input, after it, idle), each flush's lines compared with statsd's, the
 * timestamps and timing-dependent values masked as the oracle's .norm files mask them.
 */
class StatsdOracleTest {

    private static final Pattern VOLATILE = Pattern.compile("(timestamp_lag|processing_time"
            + "|calculationtime|last_flush|last_exception|flush_time|flush_length)(\\.[a-z]+)?$");

    private static final String HISTOGRAM =
            "histogram: [{metric: hist, bins: [10, 100, 1000, inf]}]\n";
    private static final Map<String, String> VARIANTS = Map.of(
            "legacy", "legacyNamespace: true\n" + HISTOGRAM,
            "modern", "legacyNamespace: false\n" + HISTOGRAM,
            "modern-pct", "legacyNamespace: false\npercentThreshold: [50, 95.5, -10]\n"
                    + HISTOGRAM,
            "modern-prefixes", "legacyNamespace: false\nglobalPrefix: gp\nprefixCounter: cnt\n"
                    + "prefixTimer: tmr\nprefixGauge: gge\nprefixSet: st\nglobalSuffix: sfx\n"
                    + "prefixStats: sd\n" + HISTOGRAM,
            "legacy-delete-idle", "legacyNamespace: true\ndeleteIdleStats: true\n" + HISTOGRAM);

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String variant : List.of("legacy", "modern", "modern-pct", "modern-prefixes",
                "legacy-delete-idle")) {
            for (String set : List.of("01-counters", "02-gauges", "03-timers", "04-sets",
                    "05-mixed-packets", "06-names-and-tags", "07-histograms", "08-bad-lines")) {
                if (resource(variant + "/" + set + ".norm") != null) {
                    cases.add(Arguments.of(variant, set));
                }
            }
        }
        return cases.stream();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = StatsdOracleTest.class.getResourceAsStream(
                "/statsd-reference/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static StatsdConfig config(String variantYaml) {
        return YamlConfigLoader.parse("test.yaml", "port: 0\nflushInterval: 2\n" + variantYaml,
                StatsdConfig.class);
    }

    /** The datagrams of a .in file, as statsd-oracle.py sends them. */
    static List<byte[]> datagrams(String input) {
        List<byte[]> datagrams = new ArrayList<>();
        for (String line : input.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            datagrams.add(line.replace("\\n", "\n").replace("\\r", "\r")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return datagrams;
    }

    /** The oracle's flushes: lines after each "# flush N" marker. */
    static List<List<String>> flushes(String text) {
        List<List<String>> flushes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("# flush \\d+")) {
                flushes.add(new ArrayList<>());
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                flushes.get(flushes.size() - 1).add(line);
            }
        }
        return flushes;
    }

    static String normalize(String line) {
        String[] parts = line.split(" ");
        String value = VOLATILE.matcher(parts[0]).find() ? "VAR" : parts[1];
        return parts[0] + " " + value + " TS";
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void flushesWhatStatsdFlushed(String variant, String set) throws Exception {
        List<byte[]> datagrams = datagrams(resource(variant + "/" + set + ".in"));
        List<List<String>> expected = flushes(resource(variant + "/" + set + ".norm"));
        Captured captured = new Captured();
        ManualClock clock = ManualClock.atEpochMilli(1_800_000_000_000L);
        StatsdService service = StatsdService.manual(config(VARIANTS.get(variant)), captured,
                clock::millis, TestLog.QUIET);
        List<List<String>> actual = new ArrayList<>();
        try {
            clock.advanceMillis(2000);
            service.flush();
            actual.add(captured.take());
            try (DatagramSocket socket = new DatagramSocket()) {
                for (byte[] datagram : datagrams) {
                    socket.send(new DatagramPacket(datagram, datagram.length,
                            InetAddress.getLoopbackAddress(), service.port()));
                }
            }
            service.awaitPackets(datagrams.size());
            clock.advanceMillis(2000);
            service.flush();
            actual.add(captured.take());
            clock.advanceMillis(2000);
            service.flush();
            actual.add(captured.take());
        } finally {
            service.close();
        }
        for (int i = 0; i < 3; i++) {
            List<String> normalized = new ArrayList<>();
            for (String line : actual.get(i)) {
                normalized.add(normalize(line));
            }
            assertEquals(String.join("\n", expected.get(i)), String.join("\n", normalized),
                    variant + "/" + set + " flush " + (i + 1));
        }
    }
}
