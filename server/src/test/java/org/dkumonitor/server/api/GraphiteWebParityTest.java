package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders every target of {@link ParityCorpus} on Debian's graphite-web and on our server, both
 * reading the same generated whisper tree, and compares names, tags, timestamps, values and
 * nulls. Prints a pass/fail line per function and writes target/parity-report.txt. Skipped
 * when graphite-web is not installed (tools/install-test-peers.sh installs it).
 */
class GraphiteWebParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String MIXED_STEPS = "over series of different steps graphite-web "
            + "consolidates the values but keeps each series' own step, squeezing them into the "
            + "first part of the window (or pads with None); we label them with the common step";

    /**
     * Cases where graphite-web 1.1.8 is wrong or random and we deliberately differ; each with
     * its reason. Everything else must match.
     */
    private static final Map<String, String> KNOWN = Map.of(
            "mapSeries(servers.*.*.*, 1)", "graphite-web returns a list of lists and fails with"
                    + " 500; we draw the groups one after the other",
            "map(servers.*.*.*, 1)", "as mapSeries",
            "smartSummarize(servers.web0[1-4].cpu.load, '1h', 'avg', '1h')", "graphite-web fails"
                    + " with 500 on an alignTo with a number ('1h'); we align to the unit",
            "removeBetweenPercentile(servers.web0[1-4].cpu.load, 30)", "graphite-web fails with"
                    + " 500 when a series has a gap (None < float); we treat None as outside",
            "useSeriesAbove(servers.web0[1-4].cpu.load, 4, 'cpu.load', 'http.requests')",
            "graphite-web fails with 500 when a series has a gap (max over None); we skip gaps",
            "asPercent(servers.*.cpu.load)", MIXED_STEPS,
            "asPercent(servers.*.cpu.load, servers.web05.cpu.load)", MIXED_STEPS,
            "asPercent(servers.web0[15].cpu.load, 50)", MIXED_STEPS);

    @TempDir
    Path dir;

    @Test
    void everyFunctionAnswersAsGraphiteWebDoes() throws Exception {
        assumeTrue(GraphiteWebPeer.available(), "graphite-web is not installed; run "
                + GraphiteWebPeer.SCRIPT + " once (it installs Debian's graphite-web)");
        long now = System.currentTimeMillis() / 1000;
        WhisperTree tree = WhisperTree.parityTree(dir.resolve("whisper"), now);
        long until = now - Math.floorMod(now, 60) - 120;
        long from = until - 6 * 3600;
        HttpClient client = HttpClient.newHttpClient();
        Map<String, int[]> perFunction = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        try (GraphiteWebPeer peer = GraphiteWebPeer.start(tree.root());
                ApiHarness ours = new ApiHarness(tree.root(), InstantSource.system(),
                        ApiOptions.defaults())) {
            for (ParityCorpus.Case c : ParityCorpus.cases()) {
                String target = times(c.target(), until);
                String query = "/render?target=" + URLEncoder.encode(target,
                        StandardCharsets.UTF_8) + "&from=" + from + "&until=" + until
                        + "&noCache=1" + (c.extra().contains("format=") ? "" : "&format=json")
                        + times(c.extra(), until);
                String theirs = get(client, peer.url() + query);
                String mine = get(client, ours.url() + query);
                String difference = compare(c, theirs, mine);
                int[] counts = perFunction.computeIfAbsent(c.function(), f -> new int[2]);
                if (difference == null || KNOWN.containsKey(c.target())) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    failures.add(c.function() + " | " + c.target() + c.extra() + "\n    "
                            + difference);
                }
            }
        }
        StringBuilder report = new StringBuilder();
        int passed = 0;
        for (Map.Entry<String, int[]> entry : perFunction.entrySet()) {
            boolean ok = entry.getValue()[1] == 0;
            passed += ok ? 1 : 0;
            report.append(ok ? "PASS " : "FAIL ").append(entry.getKey()).append(" (")
                    .append(entry.getValue()[0]).append(" ok, ").append(entry.getValue()[1])
                    .append(" differ)\n");
        }
        report.append(passed).append(" of ").append(perFunction.size())
                .append(" functions match graphite-web\n");
        failures.forEach(f -> report.append(f).append('\n'));
        System.out.println(report);
        Files.writeString(Path.of("target", "parity-report.txt"), report);
        assertEquals(List.of(), failures, report.toString());
    }

    private static String times(String text, long until) {
        return text.replace("$T12", Long.toString(until - 12 * 3600))
                .replace("$T2", Long.toString(until - 2 * 3600))
                .replace("$T3", Long.toString(until - 3 * 3600));
    }

    private static String get(HttpClient client, String url)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + "\n" + response.body();
    }

    /** Null when equivalent, else what differs first. */
    static String compare(ParityCorpus.Case c, String theirs, String mine) throws IOException {
        String theirStatus = theirs.substring(0, theirs.indexOf('\n'));
        String myStatus = mine.substring(0, mine.indexOf('\n'));
        String theirBody = theirs.substring(theirs.indexOf('\n') + 1);
        String myBody = mine.substring(mine.indexOf('\n') + 1);
        if (!theirStatus.equals(myStatus)) {
            return "status " + theirStatus + " vs ours " + myStatus + ": "
                    + abbreviate(theirBody) + " / " + abbreviate(myBody);
        }
        if (!theirStatus.equals("200")) {
            return "both refused it (" + theirStatus + " / " + myStatus + "): the case tests "
                    + "nothing; fix the target";
        }
        if (c.extra().contains("format=csv") || c.extra().contains("format=raw")) {
            return theirBody.equals(myBody) ? null : "text differs: " + firstDifference(theirBody,
                    myBody);
        }
        JsonNode a = JSON.readTree(theirBody);
        JsonNode b = JSON.readTree(myBody);
        if (a.size() != b.size()) {
            return a.size() + " series vs ours " + b.size() + ": " + names(a) + " / " + names(b);
        }
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            JsonNode y = b.get(i);
            if (!x.get("target").asText().equals(y.get("target").asText())) {
                return "series " + i + " named " + x.get("target") + " vs ours " + y.get("target");
            }
            if (!x.get("tags").equals(y.get("tags"))) {
                return "series " + x.get("target") + " tags " + x.get("tags") + " vs ours "
                        + y.get("tags");
            }
            JsonNode p = x.get("datapoints");
            JsonNode q = y.get("datapoints");
            if (p.size() != q.size()) {
                return "series " + x.get("target") + " has " + p.size() + " points vs ours "
                        + q.size() + " (first " + first(p) + " / " + first(q) + ")";
            }
            for (int k = 0; k < p.size(); k++) {
                long t1 = p.get(k).get(1).asLong();
                long t2 = q.get(k).get(1).asLong();
                if (t1 != t2) {
                    return "series " + x.get("target") + " point " + k + " at " + t1
                            + " vs ours " + t2;
                }
                JsonNode v1 = p.get(k).get(0);
                JsonNode v2 = q.get(k).get(0);
                if (v1.isNull() != v2.isNull() || !v1.isNull()
                        && !close(v1.asDouble(), v2.asDouble())) {
                    return "series " + x.get("target") + " at " + t1 + ": " + v1 + " vs ours "
                            + v2;
                }
            }
        }
        return null;
    }

    private static boolean close(double a, double b) {
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static String names(JsonNode array) {
        List<String> names = new ArrayList<>();
        Iterator<JsonNode> it = array.elements();
        while (it.hasNext()) {
            names.add(it.next().get("target").asText());
        }
        return names.toString();
    }

    private static String first(JsonNode points) {
        return points.size() == 0 ? "none" : points.get(0).toString();
    }

    private static String abbreviate(String text) {
        String one = text.replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n");
        String[] y = b.split("\n");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return "line " + (i + 1) + ": " + abbreviate(x[i]) + " vs ours " + abbreviate(y[i]);
            }
        }
        return x.length + " lines vs ours " + y.length;
    }
}
