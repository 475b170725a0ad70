package org.dkumonitor.server.api;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dkumonitor.core.cluster.CarbonHashRing;
import org.dkumonitor.core.cluster.ClusterNode;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;

/**
 * The front end's latency: sumSeries over 500 series (one day of minutes) on one node holding
 * all of them, through our front end over two nodes holding half each (placed by carbon_ch),
 * and through graphite-web 1.1.8's front end over the same two nodes. Every server runs in a
 * JVM or process of its own; blocks of requests alternate between them (three blocks each);
 * medians and ratios are printed. Not a unit test: run server/bench/cluster-bench.sh.
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int warmUp = Integer.parseInt(System.getenv().getOrDefault("DKM_BENCH_WARMUP", "400"));
        Path dir = Files.createTempDirectory("dkm-cluster-bench");
        long now = System.currentTimeMillis() / 1000;
        WhisperTree single = new WhisperTree(dir.resolve("single"), now);
        List<WhisperTree> halves = List.of(new WhisperTree(dir.resolve("n1"), now),
                new WhisperTree(dir.resolve("n2"), now));
        CarbonHashRing ring = new CarbonHashRing(List.of(ClusterNode.parse("127.0.0.1:1:a"),
                ClusterNode.parse("127.0.0.1:2:b")));
        int[] counts = new int[2];
        for (int i = 0; i < 500; i++) {
            int host = i;
            String name = String.format("servers.host%03d.cpu.load", i);
            List<Retention> retentions = List.of(new Retention(60, 1440),
                    new Retention(600, 1008));
            WhisperTree.ValueAt values = t -> host + (t % 600) / 60.0;
            single.metric(name, retentions, AggregationMethod.AVERAGE, 86_400, values);
            int half = ring.nodes().indexOf(ring.nodeFor(name));
            counts[half]++;
            halves.get(half).metric(name, retentions, AggregationMethod.AVERAGE, 86_400, values);
        }
        List<Process> servers = new ArrayList<>();
        try {
            String one = "http://127.0.0.1:" + start(servers, single.root());
            String n1 = "127.0.0.1:" + start(servers, halves.get(0).root());
            String n2 = "127.0.0.1:" + start(servers, halves.get(1).root());
            Path empty = Files.createDirectories(dir.resolve("empty"));
            String front = "http://127.0.0.1:" + start(servers, empty, "--cluster",
                    n1 + "," + n2);
            String query = "/render?format=json&from=-1d&target="
                    + URLEncoder.encode("sumSeries(servers.*.cpu.load)", StandardCharsets.UTF_8);
            System.out.printf("500 series: %d on node 1, %d on node 2%n", counts[0], counts[1]);
            try (GraphiteWebPeer graphiteWeb = GraphiteWebPeer.start(empty, Map.of(
                    "GW_CLUSTER_SERVERS", n1 + "," + n2))) {
                String[][] cases = {{"one node, all 500", one}, {"our front end, 2 nodes", front},
                    {"graphite-web front end, 2 nodes", graphiteWeb.url()}};
                check(one + query, front + query);
                for (String[] c : cases) {
                    int times = c[1].equals(graphiteWeb.url()) ? Math.max(3, warmUp / 50) : warmUp;
                    for (int i = 0; i < times; i++) {
                        time(c[1] + query + "&noCache=1&_w=" + i);
                    }
                }
                double[] medians = new double[cases.length];
                // CPU of our server processes per measured request: one node alone; the front
                // end and its two nodes together
                long[][] processes = {{servers.get(0).pid()}, {servers.get(1).pid(),
                    servers.get(2).pid(), servers.get(3).pid()}, {}};
                double[] cpuMillis = new double[cases.length];
                double frontCpuMillis = 0;
                int[] requests = new int[cases.length];
                List<List<Double>> samples = new ArrayList<>();
                for (int i = 0; i < cases.length; i++) {
                    samples.add(new ArrayList<>());
                }
                for (int block = 0; block < 3; block++) {
                    for (int c = 0; c < cases.length; c++) {
                        long cpuBefore = cpuTicks(processes[c]);
                        long frontBefore = cpuTicks(new long[] {servers.get(3).pid()});
                        for (int i = 0; i < rounds / 3 + 2; i++) {
                            double ms = time(cases[c][1] + query + "&noCache=1&_r=" + i);
                            if (i >= 2) {
                                samples.get(c).add(ms);
                            }
                        }
                        cpuMillis[c] += (cpuTicks(processes[c]) - cpuBefore) * 10.0;
                        if (c == 1) {
                            frontCpuMillis += (cpuTicks(new long[] {servers.get(3).pid()})
                                    - frontBefore) * 10.0;
                        }
                        requests[c] += rounds / 3 + 2;
                        Thread.sleep(200);
                    }
                }
                System.out.printf("%-34s %10s%n", "sumSeries(servers.*.cpu.load), 1 day",
                        "median");
                for (int c = 0; c < cases.length; c++) {
                    medians[c] = median(samples.get(c));
                    System.out.printf("%-34s %7.2f ms%s%n", cases[c][0], medians[c],
                            processes[c].length == 0 ? "" : String.format(
                                    "   (our processes' CPU: %.1f ms a request%s)",
                                    cpuMillis[c] / requests[c], c != 1 ? "" : String.format(
                                            ", %.1f of it the front end's",
                                            frontCpuMillis / requests[c])));
                }
                System.out.printf("our front end / one node:           %.2fx (goal: within 2x)%n",
                        medians[1] / medians[0]);
                System.out.printf("graphite-web front end / ours:      %.1fx (goal: at least 5x)%n",
                        medians[2] / medians[1]);
            }
        } finally {
            for (Process server : servers) {
                server.getOutputStream().close();
                if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    server.destroy();
                }
            }
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** User and system CPU ticks (10 ms each here) of processes, from /proc. */
    private static long cpuTicks(long[] pids) throws java.io.IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }

    /** The same sum both ways, or the benchmark would compare unlike answers. */
    private static void check(String single, String front) throws Exception {
        String a = body(single);
        String b = body(front);
        if (!a.equals(b)) {
            throw new IllegalStateException("the front end's sum differs from one node's:\n"
                    + a.substring(0, Math.min(300, a.length())) + "\n"
                    + b.substring(0, Math.min(300, b.length())));
        }
    }

    /** A server JVM as the bundle's launcher runs one; returns its port. */
    private static int start(List<Process> servers, Path root, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:-UsePerfData",
                "-Dsun.net.httpserver.nodelay=true"));
        // e.g. -XX:StartFlightRecording=... for the front end only
        String extra = System.getenv("DKM_BENCH_FRONT_JVM_OPTS");
        if (more.length > 0 && extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                BenchServer.class.getName(), root.toString()));
        command.addAll(Arrays.asList(more));
        Path log = root.resolveSibling(root.getFileName() + "-server.log");
        Process server = new ProcessBuilder(command).redirectError(log.toFile()).start();
        servers.add(server);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.US_ASCII));
        String port = out.readLine();
        while (port != null && !port.matches("\\d+")) {
            port = out.readLine();
        }
        if (port == null) {
            throw new IllegalStateException("a server did not start: " + Files.readString(log));
        }
        return Integer.parseInt(port);
    }

    private static String body(String url) throws Exception {
        URI uri = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery()
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            return all.substring(all.indexOf("\r\n\r\n") + 4);
        }
    }

    /** One GET on a fresh connection, as curl does, timed to the last byte of the body. */
    private static double time(String url) throws Exception {
        URI uri = URI.create(url);
        long start = System.nanoTime();
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery()
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            byte[] all = socket.getInputStream().readAllBytes();
            double ms = (System.nanoTime() - start) / 1e6;
            String head = new String(all, 0, Math.min(all.length, 64), StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                throw new IllegalStateException(url + " answered " + head);
            }
            return ms;
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
