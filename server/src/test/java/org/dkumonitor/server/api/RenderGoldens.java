package org.dkumonitor.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dkumonitor.server.api.RenderAnswer.Curve;
import org.dkumonitor.server.api.RenderAnswer.Curves;
import org.dkumonitor.server.api.RenderAnswer.Refused;
import org.dkumonitor.server.api.RenderAnswer.Text;
import org.dkumonitor.testkit.Goldens;

/**
 * The pinned answers of the parity corpus, under src/test/resources/golden/render:
 * {@code graphite-web/FUNCTION.json} holds graphite-web 1.1.8's answer to each case of that
 * function, and {@code known-differences.json} our own answer where we deliberately answer
 * otherwise, each with its reason. A file is a JSON array of entries {@code {"target", "extra",
 * "status"}} plus {@code "series"} (name, tags, {@code "start"} and {@code "step"} of the
 * timestamps, or all {@code "timestamps"} when they are not evenly spaced, and the values,
 * null for None), {@code "lines"} for csv and raw, or {@code "message"} for a refusal.
 */
final class RenderGoldens {

    static final Path DIR = Goldens.source("golden/render");
    private static final String KNOWN_FILE = "known-differences.json";

    /** A case where we answer otherwise than graphite-web, why, and what we answer. */
    record Known(String function, String key, String reason, RenderAnswer ours) {
    }

    private final Map<String, RenderAnswer> graphiteWeb;
    private final Map<String, Known> known;

    private RenderGoldens(Map<String, RenderAnswer> graphiteWeb, Map<String, Known> known) {
        this.graphiteWeb = graphiteWeb;
        this.known = known;
    }

    static RenderGoldens load(Path dir) throws IOException {
        Map<String, RenderAnswer> graphiteWeb = new LinkedHashMap<>();
        Path recorded = dir.resolve("graphite-web");
        if (Files.isDirectory(recorded)) {
            try (Stream<Path> files = Files.list(recorded)) {
                for (Path file : files.sorted().toList()) {
                    for (JsonNode entry : RenderAnswer.JSON.readTree(file.toFile())) {
                        graphiteWeb.put(key(entry), answer(entry));
                    }
                }
            }
        }
        Map<String, Known> known = new LinkedHashMap<>();
        Path knownFile = dir.resolve(KNOWN_FILE);
        if (Files.exists(knownFile)) {
            for (JsonNode entry : RenderAnswer.JSON.readTree(knownFile.toFile())) {
                known.put(key(entry), new Known(entry.get("function").asText(), key(entry),
                        entry.get("reason").asText(), entry.has("status") ? answer(entry)
                                : null));
            }
        }
        return new RenderGoldens(graphiteWeb, known);
    }

    /** graphite-web's recorded answer to the case, null if none was recorded. */
    RenderAnswer graphiteWeb(ParityCorpus.Case c) {
        return graphiteWeb.get(c.key());
    }

    /** The known difference of the case, null if we must answer as graphite-web. */
    Known known(ParityCorpus.Case c) {
        return known.get(c.key());
    }

    Map<String, RenderAnswer> allGraphiteWeb() {
        return graphiteWeb;
    }

    Map<String, Known> allKnown() {
        return known;
    }

    private static String key(JsonNode entry) {
        return entry.get("target").asText() + entry.get("extra").asText();
    }

    private static RenderAnswer answer(JsonNode entry) {
        int status = entry.get("status").asInt();
        if (status != 200) {
            return new Refused(status, entry.path("message").asText());
        }
        if (entry.has("lines")) {
            List<String> lines = new ArrayList<>();
            entry.get("lines").forEach(line -> lines.add(line.asText()));
            return new Text(lines);
        }
        List<Curve> series = new ArrayList<>();
        for (JsonNode one : entry.get("series")) {
            JsonNode valueNodes = one.get("values");
            double[] values = new double[valueNodes.size()];
            long[] timestamps = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                JsonNode v = valueNodes.get(i);
                values[i] = v.isNull() ? Double.NaN : v.asDouble();
                timestamps[i] = one.has("timestamps") ? one.get("timestamps").get(i).asLong()
                        : one.get("start").asLong() + i * one.path("step").asLong();
            }
            Map<String, String> tags = new LinkedHashMap<>();
            one.get("tags").properties().forEach(e -> tags.put(e.getKey(),
                    e.getValue().asText()));
            series.add(new Curve(one.get("target").asText(), tags, timestamps, values));
        }
        return new Curves(series);
    }

    /** Writes graphite-web's answers, one file per function, replacing what was there. */
    static void writeGraphiteWeb(Path dir, Map<ParityCorpus.Case, RenderAnswer> answers)
            throws IOException {
        Path recorded = dir.resolve("graphite-web");
        if (Files.isDirectory(recorded)) {
            try (Stream<Path> files = Files.list(recorded)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(recorded);
        Map<String, List<String>> byFunction = new TreeMap<>();
        answers.forEach((c, answer) -> byFunction.computeIfAbsent(c.function(),
                f -> new ArrayList<>()).add(entry(c.target(), c.extra(), answer, null, null)));
        for (Map.Entry<String, List<String>> file : byFunction.entrySet()) {
            Files.writeString(recorded.resolve(file.getKey() + ".json"), array(file.getValue()));
        }
    }

    /** Writes the known differences, each with our answer. */
    static void writeKnown(Path dir, List<ParityCorpus.Case> cases, List<Known> known)
            throws IOException {
        List<String> entries = new ArrayList<>();
        for (Known k : known) {
            ParityCorpus.Case c = cases.stream().filter(x -> x.key().equals(k.key()))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "known difference of no case: " + k.key()));
            entries.add(entry(c.target(), c.extra(), k.ours(), k.function(), k.reason()));
        }
        Files.writeString(dir.resolve(KNOWN_FILE), array(entries));
    }

    private static String array(List<String> entries) {
        return "[\n" + String.join(",\n", entries) + "\n]\n";
    }

    private static String entry(String target, String extra, RenderAnswer answer,
            String function, String reason) {
        StringBuilder out = new StringBuilder("{");
        if (function != null) {
            out.append("\"function\": ").append(RenderAnswer.quote(function)).append(", ");
        }
        out.append("\"target\": ").append(RenderAnswer.quote(target)).append(", \"extra\": ")
                .append(RenderAnswer.quote(extra));
        if (reason != null) {
            out.append(",\n \"reason\": ").append(RenderAnswer.quote(reason));
        }
        if (answer == null) {
            return out.append('}').toString();
        }
        switch (answer) {
            case Refused r -> out.append(", \"status\": ").append(r.status())
                    .append(", \"message\": ").append(RenderAnswer.quote(r.message()));
            case Text t -> {
                out.append(", \"status\": 200, \"lines\": [");
                for (int i = 0; i < t.lines().size(); i++) {
                    out.append(i == 0 ? "\n  " : ",\n  ")
                            .append(RenderAnswer.quote(t.lines().get(i)));
                }
                out.append("]");
            }
            case Curves c -> {
                out.append(", \"status\": 200, \"series\": [");
                for (int i = 0; i < c.series().size(); i++) {
                    out.append(i == 0 ? "\n  " : ",\n  ").append(curve(c.series().get(i)));
                }
                out.append("]");
            }
        }
        return out.append('}').toString();
    }

    private static String curve(Curve curve) {
        StringBuilder out = new StringBuilder("{\"target\": ")
                .append(RenderAnswer.quote(curve.target())).append(", \"tags\": {");
        boolean first = true;
        for (Map.Entry<String, String> tag : curve.tags().entrySet()) {
            out.append(first ? "" : ", ").append(RenderAnswer.quote(tag.getKey())).append(": ")
                    .append(RenderAnswer.quote(tag.getValue()));
            first = false;
        }
        out.append("}, ");
        long[] times = curve.timestamps();
        long[] regular = RenderAnswer.regular(times);
        if (regular != null) {
            out.append("\"start\": ").append(regular[0]).append(", \"step\": ").append(regular[1]);
        } else if (times.length == 1) {
            out.append("\"start\": ").append(times[0]);
        } else {
            out.append("\"timestamps\": [");
            for (int i = 0; i < times.length; i++) {
                out.append(i == 0 ? "" : ", ").append(times[i]);
            }
            out.append(']');
        }
        out.append(",\n   \"values\": [");
        for (int i = 0; i < curve.values().length; i++) {
            out.append(i == 0 ? "" : ", ").append(RenderAnswer.number(curve.values()[i]));
        }
        return out.append("]}").toString();
    }
}
