package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.api.ParityCorpus.Case;
import org.dkumonitor.server.api.RenderGoldens.Known;

/**
 * Re-records the parity goldens: graphite-web's answer to every case, from Debian's
 * graphite-web serving the same tree, and our answer to a known difference that has none yet
 * (a changed answer of ours to a known difference is pinned by deleting its answer and
 * recording again). Prints where we answer otherwise and the difference is not known, and the
 * known differences that are no longer.
 */
final class ParityRecorder {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ParityRecorder() {
    }

    static void record(Path tree, ApiHarness ours, List<Case> cases, Path goldenDir)
            throws IOException, InterruptedException {
        if (!GraphiteWebPeer.available()) {
            throw new IllegalStateException("recording needs graphite-web: run "
                    + "tools/install-test-peers.sh (it installs Debian's graphite-web)");
        }
        RenderGoldens before = RenderGoldens.load(goldenDir);
        Map<Case, RenderAnswer> theirs = new LinkedHashMap<>();
        try (GraphiteWebPeer peer = GraphiteWebPeer.startWithEmptyDatabase(tree)) {
            tag(peer.url());
            postEvents(peer.url());
            for (Case c : cases) {
                theirs.put(c, unlessOnlyRandomValuesMoved(before.graphiteWeb(c),
                        ask(peer.url(), c), c));
            }
        }
        RenderGoldens.writeGraphiteWeb(goldenDir, theirs);
        List<Known> known = new ArrayList<>();
        for (Known k : before.allKnown().values()) {
            Case c = cases.stream().filter(x -> x.key().equals(k.key())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("known difference of no case: "
                            + k.key()));
            RenderAnswer mine = k.ours() != null ? k.ours() : ask(ours.url(), c);
            known.add(new Known(k.function(), k.key(), k.reason(), mine));
            if (RenderAnswer.difference(theirs.get(c), mine, false) == null) {
                System.out.println("[parity] no longer a difference: " + c.key());
            }
        }
        RenderGoldens.writeKnown(goldenDir, cases, known);
        for (Case c : cases) {
            if (before.known(c) == null) {
                String difference = RenderAnswer.difference(theirs.get(c), ask(ours.url(), c),
                        c.kind() == ParityCorpus.Kind.RANDOM);
                if (difference != null) {
                    System.out.println("[parity] " + c.function() + " | " + c.key() + "\n    "
                            + difference);
                }
            }
        }
    }

    /** The recorded answer of a random case whose shape holds, so a re-record changes no file. */
    private static RenderAnswer unlessOnlyRandomValuesMoved(RenderAnswer recorded,
            RenderAnswer now, Case c) {
        return c.kind() == ParityCorpus.Kind.RANDOM && recorded != null
                && RenderAnswer.difference(recorded, now, true) == null ? recorded : now;
    }

    /** graphite-web's tag database learns a series when told; our server reads its own log. */
    private static void tag(String base) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        for (String name : WhisperTree.PARITY_TAGGED) {
            form.append(form.isEmpty() ? "" : "&").append("path=")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create(base + "/tags/tagMultiSeries"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("graphite-web did not tag the series: " + response.body());
        }
    }

    private static void postEvents(String base) throws IOException, InterruptedException {
        for (ParityCorpus.Event event : ParityCorpus.EVENTS) {
            String json = "{\"what\": \"parity\", \"when\": " + event.when() + ", \"tags\": ["
                    + String.join(", ", event.tags().stream().map(RenderAnswer::quote).toList())
                    + "]}";
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create(base + "/events/")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("graphite-web did not take the event: " + response.body());
            }
        }
    }

    static RenderAnswer ask(String base, Case c) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                URI.create(base + c.query())).build(),
                HttpResponse.BodyHandlers.ofString());
        return RenderAnswer.of(response.statusCode(), response.body(), c.format());
    }
}
