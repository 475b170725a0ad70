package org.dkumonitor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.agent.collect.Collector;
import org.dkumonitor.agent.collect.ProcFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent, run on this machine's real /proc with the default configuration, sends the same
 * metric tree as collectd 5.12 did on a machine of this kind (src/test/resources/collectd).
 *
 * <p>What may differ between the two machines are the instances that name this machine's
 * hardware: CPU numbers, disk, file system and interface names. Both path sets are normalised by
 * replacing those nodes with a placeholder ({@code <cpu>}, {@code <disk>}, {@code <fs>},
 * {@code <if>}), so the test checks every plugin, type and type instance name for name, and that
 * each hardware family is present, whatever the disks are called here. The agent sends a few
 * families collectd's capture did not have (uptime, the agent's own metrics, per-device swap on a
 * host with swap), and collectd too sends {@code disk.<dev>.pending_operations} only once it has
 * seen I/O in flight on a disk (it did in a later 5-minute run here): those are listed and
 * nothing else may be extra.
 */
class CollectdPathSetTest {

    private static final Set<String> AGENT_ONLY_FAMILIES = Set.of("uptime", "dkm_agent");

    private Process backend;

    @BeforeEach
    void startBackendLookalike() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs a Linux /proc");
        // a process whose command line is what DSS's backend looks like to ProcessMatch
        backend = new ProcessBuilder("bash", "-c", "exec -a 'java -Ddku.backend idle' sleep 120")
                .redirectErrorStream(true).start();
    }

    @AfterEach
    void stopBackendLookalike() throws InterruptedException {
        if (backend != null) {
            backend.destroy();
            backend.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void sendsEveryPathCollectdSentWithTheSameNames() throws IOException {
        AgentConfig config = AgentConfigFile.parse("agent.yaml",
                "destinations: [{host: 127.0.0.1, port: 2003}]\n");
        List<Collector> collectors = AgentMain.collectors(config, ProcFiles.system());
        Set<String> paths = new TreeSet<>();
        Instant start = Instant.parse("2026-11-23T12:00:00Z");
        for (int round = 0; round < 3; round++) {
            // per-CPU percentages need the kernel's tick counters to move between rounds: with
            // rounds microseconds apart they may not (the test failed so, now and then)
            awaitNextTick();
            Instant now = start.plusSeconds(10L * round);
            for (Collector collector : collectors) {
                collector.collect(now, (path, value) -> paths.add("collectd.vm." + path));
            }
        }
        paths.add("collectd.vm.dkm_agent.points.sent");
        paths.add("collectd.vm.collectd.write_queue.queue_length");
        paths.add("collectd.vm.collectd.write_queue.derive.dropped");
        paths.add("collectd.vm.collectd.cache.cache_size");

        Set<String> expected = normalise(referencePaths());
        Set<String> actual = normalise(paths);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        extra.removeIf(p -> AGENT_ONLY_FAMILIES.contains(p.split("\\.")[2])
                || p.startsWith("collectd.vm.swap.<swapdev>.")
                || p.equals("collectd.vm.disk.<disk>.pending_operations"));
        assertEquals(Set.of(), missing, "paths collectd sent that the agent does not");
        assertEquals(Set.of(), extra, "paths the agent sends that collectd did not");
    }

    /** Waits until every CPU's tick counters have moved on (USER_HZ is 100: about 10 ms). */
    private static void awaitNextTick() throws IOException {
        List<String> before = cpuLines();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && anyUnchanged(before, cpuLines())) {
            Thread.onSpinWait();
        }
    }

    private static List<String> cpuLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static boolean anyUnchanged(List<String> before, List<String> now) {
        for (int i = 0; i < Math.min(before.size(), now.size()); i++) {
            if (before.get(i).equals(now.get(i))) {
                return true;
            }
        }
        return false;
    }

    static Set<String> referencePaths() throws IOException {
        try (InputStream in = CollectdPathSetTest.class
                .getResourceAsStream("/collectd/collectd-sample-paths.txt")) {
            return new TreeSet<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList());
        }
    }

    /** Replaces the hardware instance node (the 4th) of cpu, disk, df, interface and swap. */
    static Set<String> normalise(Set<String> paths) {
        Set<String> out = new TreeSet<>();
        for (String path : paths) {
            String[] nodes = path.split("\\.");
            if (nodes.length > 4) {
                switch (nodes[2]) {
                    case "cpu" -> nodes[3] = "<cpu>";
                    case "disk" -> nodes[3] = "<disk>";
                    case "df" -> nodes[3] = "<fs>";
                    case "interface" -> nodes[3] = "<if>";
                    case "swap" -> {
                        if (!nodes[3].equals("swap_io")) {
                            nodes[3] = "<swapdev>";
                        }
                    }
                    default -> {
                    }
                }
            }
            out.add(String.join(".", nodes));
        }
        return out;
    }
}
