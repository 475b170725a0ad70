package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.pickle.PickledObjects;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.testkit.Goldens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics/find?local=1&format=pickle}, what graphite-web 1.1.8's RemoteFinder asks a
 * cluster node for, against graphite-web's own answers over the same tree: pinned in
 * src/test/resources/graphite-web/find-pickle (re-recorded from Debian's graphite-web with
 * {@code -Ddkm.recordGolden=true}) and, where graphite-web is installed, unpickled by
 * graphite-web's own safe unpickler.
 */
class FindPickleTest {

    static final Path GOLDEN = Goldens.source("graphite-web/find-pickle");
    static final List<String> QUERIES = List.of("a.**", "servers.*",
            "servers.web01.http.requests", "nosuch.*");

    @TempDir
    Path dir;

    /** The tree both servers read: retentions of 1 h, 1 day and 30 days. */
    static WhisperTree tree(Path root) throws IOException {
        long now = System.currentTimeMillis() / 1000;
        WhisperTree tree = new WhisperTree(root, now);
        List<Retention> day = List.of(new Retention(60, 1440));
        tree.metric("servers.web01.cpu.load", day, AggregationMethod.AVERAGE, 60, t -> 1);
        tree.metric("servers.web01.http.requests", List.of(new Retention(60, 1440),
                new Retention(600, 4320)), AggregationMethod.AVERAGE, 60, t -> 1);
        tree.metric("servers.web02.cpu.load", day, AggregationMethod.AVERAGE, 60, t -> 1);
        tree.metric("a.b.c", List.of(new Retention(10, 360)), AggregationMethod.AVERAGE, 60,
                t -> 1);
        tree.metric("a.b.d.c", day, AggregationMethod.AVERAGE, 60, t -> 1);
        tree.metric("a.x", day, AggregationMethod.AVERAGE, 60, t -> 1);
        return tree;
    }

    static String fileName(String query) {
        return query.replace("*", "S").replace(".", "_") + ".pickle";
    }

    static String findUrl(String base, String query) {
        return base + "/metrics/find/?local=1&format=pickle&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    @Test
    void answersTheShapeGraphiteWebAnswers() throws Exception {
        WhisperTree tree = tree(dir.resolve("whisper"));
        if (Goldens.recording() && GraphiteWebPeer.available()) {
            record(tree.root());
        }
        try (ApiHarness ours = new ApiHarness(tree.root(), InstantSource.system(),
                ApiOptions.defaults())) {
            for (String query : QUERIES) {
                HttpResponse<byte[]> response = ours.getBytes(findUrl("", query));
                assertEquals(200, response.statusCode());
                assertEquals("application/pickle", response.headers().firstValue("Content-Type")
                        .orElse(""));
                byte[] theirs = Files.readAllBytes(GOLDEN.resolve(fileName(query)));
                assertEquals(shape(theirs), shape(response.body()), query);
            }
        }
    }

    @Test
    void graphiteWebsOwnUnpicklerReadsOurAnswerAsItReadsItsOwn() throws Exception {
        assumeTrue(GraphiteWebPeer.available(), "graphite-web is not installed");
        WhisperTree tree = tree(dir.resolve("whisper"));
        try (ApiHarness ours = new ApiHarness(tree.root(), InstantSource.system(),
                ApiOptions.defaults())) {
            for (String query : QUERIES) {
                Path mine = dir.resolve("ours-" + fileName(query));
                Files.write(mine, ours.getBytes(findUrl("", query)).body());
                assertEquals(unpickledByGraphiteWeb(GOLDEN.resolve(fileName(query))),
                        unpickledByGraphiteWeb(mine), query);
            }
        }
    }

    @Test
    void aGraphiteWebFrontEndFindsAndRendersThroughUs() throws Exception {
        assumeTrue(GraphiteWebPeer.available(), "graphite-web is not installed");
        WhisperTree tree = tree(dir.resolve("whisper"));
        Files.createDirectories(dir.resolve("front"));
        HttpClient client = HttpClient.newHttpClient();
        try (ApiHarness ours = new ApiHarness(tree.root(), InstantSource.system(),
                ApiOptions.defaults());
                GraphiteWebPeer front = GraphiteWebPeer.startFrontEnd(dir.resolve("front"),
                        "127.0.0.1:" + ours.server.port())) {
            String find = "/metrics/find?format=json&query=" + URLEncoder.encode("a.**",
                    StandardCharsets.UTF_8);
            assertEquals(nodes(ours.get(find).body()), nodes(get(client, front.url() + find)));
            String render = get(client, front.url() + "/render?format=json&from=-10min"
                    + "&target=" + URLEncoder.encode("sumSeries(servers.*.cpu.load)",
                            StandardCharsets.UTF_8));
            assertTrue(render.contains("\"target\": \"sumSeries(servers.*.cpu.load)\""),
                    render);
            assertTrue(render.contains("[2.0, "), "both hosts' points summed: " + render);
        }
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The path and leafness of every node of a json find answer, sorted. */
    private static List<String> nodes(String json) throws IOException {
        List<String> out = new ArrayList<>();
        for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
            out.add(node.get("path").asText() + " " + node.get("is_leaf").asBoolean() + " "
                    + node.has("intervals"));
        }
        out.sort(null);
        return out;
    }

    /**
     * The nodes as graphite-web's RemoteFinder sees them, one line each, sorted (graphite-web
     * shuffles nodes of equal names): path, leaf, the classes of the interval objects, their
     * attributes' consistency and the span in hours (the times themselves move).
     */
    @SuppressWarnings("unchecked")
    static String shape(byte[] pickle) {
        List<String> lines = new ArrayList<>();
        for (Object item : (List<Object>) PickledObjects.read(pickle)) {
            Map<String, Object> node = (Map<String, Object>) item;
            StringBuilder line = new StringBuilder(node.keySet() + " " + node.get("path") + " "
                    + node.get("is_leaf"));
            if (node.containsKey("intervals")) {
                PickledObjects.Instance set = (PickledObjects.Instance) node.get("intervals");
                line.append(' ').append(set.type()).append(set.attributes().keySet());
                double total = 0;
                for (Object i : (List<Object>) set.attributes().get("intervals")) {
                    PickledObjects.Instance interval = (PickledObjects.Instance) i;
                    Map<String, Object> a = interval.attributes();
                    double start = (Double) a.get("start");
                    double end = (Double) a.get("end");
                    assertEquals(List.of(start, end), a.get("tuple"));
                    assertEquals(end - start, (Double) a.get("size"), 1e-6);
                    assertTrue(end >= start);
                    total += end - start;
                    line.append(' ').append(interval.type()).append(a.keySet()).append(" ~")
                            .append(Math.round((end - start) / 3600)).append('h');
                }
                assertEquals(total, (Double) set.attributes().get("size"), 1e-6);
            }
            lines.add(line.toString());
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    /** graphite-web's graphite.util.unpickle over the file, its nodes one line each. */
    private static String unpickledByGraphiteWeb(Path pickle) throws Exception {
        String script = """
                import sys
                from graphite.util import unpickle
                from graphite.intervals import IntervalSet, Interval
                nodes = unpickle.loads(open(sys.argv[1], 'rb').read())
                lines = []
                for n in nodes:
                    i = n.get('intervals')
                    if i is not None:
                        assert isinstance(i, IntervalSet), type(i)
                        assert all(isinstance(x, Interval) for x in i.intervals)
                        i = [round(x.size / 3600) for x in i]
                    lines.append('%s %s %s' % (n['path'], n['is_leaf'], i))
                print('\\n'.join(sorted(lines)))
                """;
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-W", "ignore", "-c",
                script, pickle.toString()).redirectErrorStream(true);
        builder.environment().put("DJANGO_SETTINGS_MODULE", "graphite.settings");
        Process python = builder.start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), out);
        return out;
    }

    /** Re-records the golden answers from Debian's graphite-web over the same tree. */
    private static void record(Path root) throws IOException, InterruptedException {
        Files.createDirectories(GOLDEN);
        HttpClient client = HttpClient.newHttpClient();
        try (GraphiteWebPeer peer = GraphiteWebPeer.start(root)) {
            for (String query : QUERIES) {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                        URI.create(findUrl(peer.url(), query))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode());
                Files.write(GOLDEN.resolve(fileName(query)), response.body());
            }
        }
    }
}
