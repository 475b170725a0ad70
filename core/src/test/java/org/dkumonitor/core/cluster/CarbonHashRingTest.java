package org.dkumonitor.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.cluster.CarbonHashRing.Placement;
import org.dkumonitor.testkit.Goldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our ring against carbon's: the placements of {@link RingNames} on five rings are pinned in
 * {@code carbon-ch-placements.txt}, recorded from carbon's own ring code (Debian's
 * graphite-carbon) and checked against Debian's carbon-c-relay (its {@code -t} mode routes
 * names read on stdin with the relay's own code). Where those are installed the test re-runs
 * them; {@code -Ddkm.recordGolden=true} re-records the file from carbon.
 */
class CarbonHashRingTest {

    private static final String GOLDEN = "carbon-ch-placements.txt";
    private static final Path SOURCE_GOLDEN =
            Goldens.source("org/dkumonitor/core/cluster/" + GOLDEN);
    private static final Path CARBON_PYTHON = Path.of("/usr/lib/python3/dist-packages/carbon");

    /** A ring to check: its replication factor and members. */
    record Config(String name, int replication, List<ClusterNode> members) {
    }

    static final List<Config> CONFIGS = List.of(
            config("three-instances", 1, "127.0.0.1:2103:a", "127.0.0.1:2203:b",
                    "127.0.0.1:2303:c"),
            config("three-instances-rf2", 2, "127.0.0.1:2103:a", "127.0.0.1:2203:b",
                    "127.0.0.1:2303:c"),
            config("four-instances", 1, "127.0.0.1:2103:a", "127.0.0.1:2203:b",
                    "127.0.0.1:2303:c", "127.0.0.1:2403:d"),
            config("three-hosts", 1, "127.0.0.1:2003", "127.0.0.2:2003", "127.0.0.3:2003"),
            config("one-member", 1, "127.0.0.1:2103:a"),
            config("twenty-hosts", 1, twentyHosts()));

    /** 2,000 positions: some collide, which carbon and carbon-c-relay resolve differently. */
    private static String[] twentyHosts() {
        String[] hosts = new String[20];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = "127.0.0." + (i + 1) + ":2003";
        }
        return hosts;
    }

    @TempDir
    Path dir;

    private static Config config(String name, int replication, String... members) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String member : members) {
            nodes.add(ClusterNode.parse(member));
        }
        return new Config(name, replication, nodes);
    }

    @Test
    void placesTenThousandNamesWhereCarbonDoes() throws IOException {
        Map<String, String> golden = readGolden();
        List<String> names = RingNames.generate();
        for (Config config : CONFIGS) {
            assertPlacements(config, names, golden.get(config.name()),
                    ours(config, names, Placement.CARBON_RELAY), "the golden file (carbon's ring)");
            assertPlacements(config, names, golden.get(config.name() + "/carbon-c-relay"),
                    ours(config, names, Placement.CARBON_C_RELAY),
                    "the golden file (carbon-c-relay)");
        }
    }

    @Test
    void carbonsOwnRingStillAgreesWithTheGoldenFile() throws Exception {
        assumeTrue(Files.isDirectory(CARBON_PYTHON), "graphite-carbon is not installed");
        List<String> names = RingNames.generate();
        Map<String, String> recorded = new LinkedHashMap<>();
        for (Config config : CONFIGS) {
            recorded.put(config.name(), carbon(config, names));
        }
        if (Goldens.recording()) {
            writeGolden(recorded, null);
        }
        Map<String, String> golden = readGolden();
        for (Config config : CONFIGS) {
            assertPlacements(config, names, golden.get(config.name()),
                    recorded.get(config.name()), "carbon's ring run now");
        }
    }

    @Test
    void carbonCRelayPlacesTheNamesAsCarbonDoes() throws Exception {
        Path relay = Path.of("/usr/bin/carbon-c-relay");
        assumeTrue(Files.isExecutable(relay), "carbon-c-relay is not installed");
        List<String> names = RingNames.generate();
        Map<String, String> recorded = new LinkedHashMap<>();
        for (Config config : CONFIGS) {
            recorded.put(config.name(), carbonCRelay(relay, config, names));
        }
        if (Goldens.recording()) {
            writeGolden(null, recorded);
        }
        Map<String, String> golden = readGolden();
        for (Config config : CONFIGS) {
            assertPlacements(config, names, golden.get(config.name() + "/carbon-c-relay"),
                    recorded.get(config.name()), "carbon-c-relay run now");
        }
    }

    @Test
    void refusesTwoMembersThatOnlyDifferByPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CarbonHashRing(List.of(ClusterNode.parse("10.0.0.1:2003"),
                        ClusterNode.parse("10.0.0.1:2103"))));
        assertTrue(e.getMessage().contains("HOST:PORT:INSTANCE"), e.getMessage());
    }

    @Test
    void aRingWithOneMemberPlacesEveryMetricThereOnce() {
        CarbonHashRing ring = new CarbonHashRing(List.of(ClusterNode.parse("h:2003:a")));
        assertEquals(List.of(ClusterNode.parse("h:2003:a")), ring.nodesFor("a.b", 3));
    }

    @Test
    void parsesMembersAsCarbonWritesThem() {
        assertEquals("('10.0.0.1', None)", ClusterNode.parse("10.0.0.1:2004").ringKey());
        assertEquals("('web', 'a')", ClusterNode.parse(" web:2004:a ").ringKey());
        for (String bad : List.of("web", "web:x", "web:0", "web:2004:a:b", "we b:2004",
                "web:2004:in'st")) {
            assertThrows(IllegalArgumentException.class, () -> ClusterNode.parse(bad), bad);
        }
    }

    private static void assertPlacements(Config config, List<String> names, String expected,
            String actual, String reference) {
        assertTrue(expected != null, "no placements of " + config.name() + " in " + GOLDEN);
        int width = Math.min(config.replication(), config.members().size());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String want = expected.substring(i * width, (i + 1) * width);
            String got = actual.substring(i * width, (i + 1) * width);
            if (!want.equals(got)) {
                wrong.add(names.get(i) + ": " + want + " vs " + got);
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), config.name()
                + ": " + wrong.size() + " of " + names.size() + " names placed differently from "
                + reference);
    }

    /** A member's index as one character: 0-9, then a-z. */
    private static char code(int index) {
        return Character.forDigit(index, 36);
    }

    /** Each name's members as index codes, concatenated. */
    private static String ours(Config config, List<String> names, Placement placement) {
        CarbonHashRing ring = new CarbonHashRing(config.members(), placement);
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            for (ClusterNode node : ring.nodesFor(name, config.replication())) {
                out.append(code(config.members().indexOf(node)));
            }
        }
        return out.toString();
    }

    private String carbon(Config config, List<String> names) throws Exception {
        Path script = dir.resolve("carbon_ring.py");
        try (InputStream in = getClass().getResourceAsStream("carbon_ring.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
                Integer.toString(config.replication())));
        config.members().forEach(m -> command.add(m.toString()));
        StringBuilder out = new StringBuilder();
        for (String line : run(command, names)) {
            // carbon yields the only member of a one-member ring twice; it is sent to once
            String last = "";
            for (String index : line.split(",")) {
                if (!index.equals(last)) {
                    out.append(code(Integer.parseInt(index)));
                }
                last = index;
            }
        }
        return out.toString();
    }

    private String carbonCRelay(Path relay, Config config, List<String> names)
            throws Exception {
        StringBuilder conf = new StringBuilder("cluster nodes\n    carbon_ch replication "
                + config.replication() + "\n");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (ClusterNode node : config.members()) {
            conf.append("        ").append(node.host()).append(':').append(node.port())
                    .append(node.instance() == null ? "" : "=" + node.instance()).append('\n');
            index.put(node.host() + ":" + node.port(), index.size());
        }
        conf.append("    ;\nmatch * send to nodes stop;\n");
        Path file = dir.resolve(config.name() + ".conf");
        Files.writeString(file, conf);
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            lines.add(name + " 1 1700000000");
        }
        // test mode: "* -> NAME", "carbon_ch(nodes)", then one "HOST:PORT" line per member
        StringBuilder out = new StringBuilder();
        boolean inMatch = false;
        for (String line : run(List.of(relay.toString(), "-t", "-f", file.toString()), lines)) {
            String text = line.strip();
            if (text.startsWith("* -> ")) {
                inMatch = true;
            } else if (text.equals("stop")) {
                inMatch = false;
            } else if (inMatch && index.containsKey(text)) {
                out.append(code(index.get(text)));
            }
        }
        return out.toString();
    }

    private List<String> run(List<String> command, List<String> input) throws Exception {
        Path in = Files.createTempFile(dir, "in", ".txt");
        Files.write(in, input, StandardCharsets.UTF_8);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process process = new ProcessBuilder(command).redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        assertEquals(0, process.exitValue(), command + " failed");
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private Map<String, String> readGolden() throws IOException {
        return parseGolden(Goldens.read(getClass(), GOLDEN));
    }

    private static Map<String, String> parseGolden(String text) {
        Map<String, String> golden = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(" ");
            if (parts[0].equals("place") && parts.length == 3) {
                golden.put(parts[1], parts[2]);
            }
        }
        return golden;
    }

    /** Rewrites the source golden file with new placements of carbon or carbon-c-relay. */
    private void writeGolden(Map<String, String> carbon, Map<String, String> cRelay)
            throws IOException {
        Map<String, String> golden = Files.exists(SOURCE_GOLDEN)
                ? parseGolden(Files.readString(SOURCE_GOLDEN)) : new LinkedHashMap<>();
        for (Config config : CONFIGS) {
            if (carbon != null) {
                golden.put(config.name(), carbon.get(config.name()));
            }
            if (cRelay != null) {
                golden.put(config.name() + "/carbon-c-relay", cRelay.get(config.name()));
            }
        }
        StringBuilder text = new StringBuilder("# carbon_ch placements of the 10,000 names of"
                + " core's RingNames, recorded by CarbonHashRingTest -Ddkm.recordGolden=true from\n"
                + "# carbon's own ring (Debian graphite-carbon 1.1.7, carbon.hashing) and from"
                + " Debian's carbon-c-relay 3.7.3 (-t mode), NAME/carbon-c-relay.\n"
                + "# Per name, the indexes of its members in config order (0-9, then a-z).\n");
        for (Config config : CONFIGS) {
            text.append("config ").append(config.name()).append(" replication ")
                    .append(config.replication());
            config.members().forEach(m -> text.append(' ').append(m));
            text.append('\n');
            for (String key : List.of(config.name(), config.name() + "/carbon-c-relay")) {
                text.append("place ").append(key).append(' ')
                        .append(golden.getOrDefault(key, "")).append('\n');
            }
        }
        Files.writeString(SOURCE_GOLDEN, text);
    }
}
