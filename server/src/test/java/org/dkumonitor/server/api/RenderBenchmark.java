package org.dkumonitor.server.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;

/**
 * Render latency of our server against Debian's graphite-web on the same whisper files: 500
 * hosts with one day of minute points; one series over a day, sumSeries over the 500, find over
 * the 500 nodes. Blocks of requests alternate between the two servers (three blocks each);
 * medians and their ratio are printed. Not a unit test: run server/bench/render-bench.sh.
 */
public final class RenderBenchmark {

    private RenderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        boolean oursOnly = List.of(args).contains("--ours-only");
        int warmUp = Integer.parseInt(System.getenv().getOrDefault("DKM_BENCH_WARMUP", "2000"));
        Path dir = Files.createTempDirectory("dkm-render-bench");
        long now = System.currentTimeMillis() / 1000;
        WhisperTree tree = new WhisperTree(dir.resolve("whisper"), now);
        for (int i = 0; i < 500; i++) {
            int host = i;
            tree.metric(String.format("servers.host%03d.cpu.load", i),
                    List.of(new Retention(60, 1440), new Retention(600, 1008)),
                    AggregationMethod.AVERAGE, 86_400, t -> host + (t % 600) / 60.0);
        }
        String[][] cases = {
            {"/version (HTTP baseline)", "/version?x=1"},
            {"one series, 1 day", "/render?format=json&from=-1d&target="
                + URLEncoder.encode("servers.host007.cpu.load", StandardCharsets.UTF_8)},
            {"sumSeries over 500, 1 day", "/render?format=json&from=-1d&target="
                + URLEncoder.encode("sumSeries(servers.*.cpu.load)", StandardCharsets.UTF_8)},
            {"find servers.* (500 nodes)", "/metrics/find?query=servers.*"},
        };
        // our server as the launcher (dist/src/bundle/bin/dkm-server) runs it, plus any
        // options given in DKM_BENCH_JVM_OPTS (e.g. -XX:StartFlightRecording=...)
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms8m", "-Xmx512m", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-Xss512k", "-XX:-UsePerfData",
                "-Dsun.net.httpserver.nodelay=true"));
        String extra = System.getenv("DKM_BENCH_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                BenchServer.class.getName(), tree.root().toString()));
        Process server = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                server.getInputStream(), StandardCharsets.US_ASCII));
        String port = out.readLine();
        while (port != null && !port.matches("\\d+")) {
            port = out.readLine(); // e.g. JFR's "Started recording" line
        }
        String ours = "http://127.0.0.1:" + port;
        try (GraphiteWebPeer peer = oursOnly ? null : GraphiteWebPeer.start(tree.root())) {
            // before anything is measured, our server serves every case warmUp times: the
            // request path is then compiled by C2, as in a server that has run for a while (with
            // 300 requests much of it still ran as C1 code: one series took 0.43 ms instead of
            // 0.27). graphite-web (CPython, no JIT) gets up to a tenth of that or 5 s per case:
            // its workers import their modules, and the files are in the page cache for both.
            for (String[] c : cases) {
                for (int i = 0; i < warmUp; i++) {
                    time(ours + c[1] + "&_w=" + i);
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                for (int i = 0; peer != null && i < Math.max(3, warmUp / 10)
                        && System.nanoTime() < deadline; i++) {
                    time(peer.url() + c[1] + "&noCache=1&_w=" + i);
                }
            }
            System.out.printf("%-28s %14s %14s %8s%n", "case", "graphite-web", "dkumonitor",
                    "ratio");
            for (String[] c : cases) {
                List<Double> theirs = new ArrayList<>();
                List<Double> mine = new ArrayList<>();
                // blocks of requests to one server, then the other, three times: requests
                // interleaved one by one let gunicorn's after-response work land on our timings
                for (int block = 0; block < 3; block++) {
                    if (peer != null) {
                        for (int i = 0; i < rounds / 3 + 3; i++) {
                            double a = time(peer.url() + c[1] + "&noCache=1&_r=" + i);
                            if (i >= 3) {
                                theirs.add(a);
                            }
                        }
                        Thread.sleep(200);
                    }
                    for (int i = 0; i < rounds / 3 + 3; i++) {
                        double b = time(ours + c[1] + "&_r=" + i);
                        if (i >= 3) {
                            mine.add(b);
                        }
                    }
                    Thread.sleep(200);
                }
                double m = median(mine);
                if (peer == null) {
                    System.out.printf("%-28s %14s %11.2f ms%n", c[0], "-", m);
                } else {
                    double t = median(theirs);
                    System.out.printf("%-28s %11.2f ms %11.2f ms %7.1fx%n", c[0], t, m, t / m);
                }
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroy();
            }
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * One GET on a fresh connection, as curl does, timed to the last byte of the body. A plain
     * socket client: the JDK HttpClient adds milliseconds of its own to every request.
     */
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
