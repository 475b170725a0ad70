package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against Graphite's own whisper (Debian's python3-whisper): seeded random
 * schemas and batches are written by both, and the two files must be identical; python must read
 * our files and fetch from them what we fetch. Skipped, with a message, when python3-whisper is
 * not installed.
 */
class WhisperPythonInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_700_000_040L;

    @TempDir
    Path dir;

    @BeforeAll
    static void requirePythonWhisper() throws Exception {
        boolean present = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import whisper")
                        .redirectErrorStream(true).start().waitFor() == 0;
        assumeTrue(present, "python3-whisper is not installed (apt-get install -y"
                + " python3-whisper): skipping the checks against Graphite's own whisper");
    }

    @Test
    void randomBatchesGiveTheSameFilesAsPythonWhisper() throws Exception {
        Random random = new Random(20_231_114L);
        Replays replays = new Replays();
        for (int n = 0; n < 150; n++) {
            List<Retention> archives = randomArchives(random);
            AggregationMethod method = AggregationMethod.values()[random.nextInt(8)];
            float xff = new float[] {0f, 0.1f, 0.3f, 0.5f, 1f}[random.nextInt(5)];
            long maxRetention = archives.stream().mapToLong(Retention::retentionSeconds).max()
                    .orElseThrow();
            long now = NOW;
            List<Long> nows = new ArrayList<>();
            List<List<TimeSeriesPoint>> batches = new ArrayList<>();
            for (int b = 0; b < 1 + random.nextInt(6); b++) {
                now += random.nextInt(3) == 0 ? random.nextInt((int) maxRetention) : 0;
                List<TimeSeriesPoint> batch = new ArrayList<>();
                for (int p = 0; p < 1 + random.nextInt(40); p++) {
                    long t = now - random.nextInt((int) (maxRetention + maxRetention / 4));
                    double v = random.nextInt(4) == 0 ? random.nextInt(10)
                            : random.nextGaussian() * 1000;
                    batch.add(new TimeSeriesPoint(t, v));
                }
                nows.add(now);
                batches.add(batch);
            }
            replays.add(archives, method, xff, random.nextBoolean(), nows, batches);
        }
        replays.check();
    }

    /**
     * Batches of points a fixed number of steps apart (an agent every 60 s into a 10 s
     * archive), in archives long enough to hold them, rolled up with low xFilesFactors: the
     * spans a batch touches are read and written whole, and must leave python's bytes.
     */
    @Test
    void spacedBatchesAndDenseRollUpsGiveTheSameFilesAsPythonWhisper() throws Exception {
        Random random = new Random(60);
        Replays replays = new Replays();
        for (int n = 0; n < 60; n++) {
            List<Retention> archives = List.of(new Retention(10, 360 + random.nextInt(400)),
                    new Retention(60, 200 + random.nextInt(100)),
                    new Retention(600, 50 + random.nextInt(50)));
            AggregationMethod method = AggregationMethod.values()[random.nextInt(8)];
            float xff = new float[] {0f, 0.1f, 0.5f}[random.nextInt(3)];
            int every = 10 * (1 + random.nextInt(8));
            long now = NOW;
            List<Long> nows = new ArrayList<>();
            List<List<TimeSeriesPoint>> batches = new ArrayList<>();
            for (int b = 0; b < 2 + random.nextInt(5); b++) {
                now += random.nextInt(3) == 0 ? 3600L * random.nextInt(30) : 600;
                List<TimeSeriesPoint> batch = new ArrayList<>();
                int count = 1 + random.nextInt(120);
                for (int p = count - 1; p >= 0; p--) {
                    batch.add(new TimeSeriesPoint(now - (long) p * every - random.nextInt(3),
                            random.nextGaussian() * 100));
                }
                nows.add(now);
                batches.add(batch);
            }
            replays.add(archives, method, xff, false, nows, batches);
        }
        replays.check();
    }

    /** Files written by us, and the same updates for python to replay; then compared. */
    private final class Replays {
        private final ArrayNode cases = JSON.createArrayNode();
        private final List<Path> ours = new ArrayList<>();

        void add(List<Retention> archives, AggregationMethod method, float xff, boolean sparse,
                List<Long> nows, List<List<TimeSeriesPoint>> batches) {
            int n = ours.size();
            Path java = dir.resolve("java-" + n + ".wsp");
            WhisperFile.create(java, archives, method, xff, sparse);
            ObjectNode c = cases.addObject();
            c.put("path", dir.resolve("python-" + n + ".wsp").toString());
            ArrayNode archivesJson = c.putArray("archives");
            archives.forEach(a -> archivesJson.addArray().add(a.secondsPerPoint())
                    .add(a.points()));
            c.put("xff", (double) xff);
            c.put("method", method.configName());
            ArrayNode ops = c.putArray("ops");
            try (WhisperFile whisper = WhisperFile.open(java, true)) {
                for (int b = 0; b < batches.size(); b++) {
                    ObjectNode op = ops.addObject();
                    op.put("now", nows.get(b));
                    ArrayNode points = op.putArray("points");
                    batches.get(b).forEach(p -> points.addArray().add(p.timestamp())
                            .add(p.value()));
                    whisper.updateMany(batches.get(b), nows.get(b));
                }
            }
            c.putArray("fetches");
            ours.add(java);
        }

        void check() throws Exception {
            JsonNode results = runPython(cases);
            for (int n = 0; n < ours.size(); n++) {
                String theirs = HexFormat.of().formatHex(Files.readAllBytes(
                        Path.of(cases.get(n).get("path").asText())));
                assertEquals(theirs, HexFormat.of().formatHex(Files.readAllBytes(ours.get(n))),
                        "case " + n + " " + cases.get(n));
            }
            assertEquals(ours.size(), results.size());
        }
    }

    @Test
    void pythonWhisperReadsOurFilesAndFetchesWhatWeFetch() throws Exception {
        Random random = new Random(7);
        ArrayNode cases = JSON.createArrayNode();
        List<FetchResult> expected = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            List<Retention> archives = List.of(new Retention(10, 360), new Retention(60, 1440),
                    new Retention(3600, 24 * 30));
            Path file = dir.resolve("ours-" + n + ".wsp");
            AggregationMethod method = AggregationMethod.values()[n % 8];
            WhisperFile.create(file, archives, method, 0.5f, n % 2 == 0);
            ObjectNode c = cases.addObject();
            c.put("path", file.toString());
            c.put("read", true);
            ArrayNode fetches = c.putArray("fetches");
            try (WhisperFile whisper = WhisperFile.open(file, true)) {
                List<TimeSeriesPoint> points = new ArrayList<>();
                for (long t = NOW - 86_400; t <= NOW; t += 10) {
                    points.add(new TimeSeriesPoint(t, random.nextDouble() * 100));
                }
                whisper.updateMany(points, NOW);
                for (long[] range : new long[][] {{NOW - 3600, NOW}, {NOW - 86_400, NOW},
                        {NOW - 7 * 86_400, NOW - 3600}, {NOW - 1000, NOW - 1000}}) {
                    fetches.addObject().put("from", range[0]).put("until", range[1])
                            .put("now", NOW);
                    expected.add(whisper.fetch(range[0], range[1], NOW));
                }
            }
        }
        JsonNode results = runPython(cases);
        int k = 0;
        for (int n = 0; n < cases.size(); n++) {
            JsonNode info = results.get(n).get("info");
            assertEquals(AggregationMethod.values()[n % 8].configName(),
                    info.get("aggregationMethod").asText());
            assertEquals(3, info.get("archives").size());
            for (JsonNode fetch : results.get(n).get("fetches")) {
                FetchResult ours = expected.get(k++);
                if (fetch.isNull()) {
                    assertNull(ours);
                    continue;
                }
                assertEquals(fetch.get(0).get(0).asLong(), ours.from());
                assertEquals(fetch.get(0).get(1).asLong(), ours.until());
                assertEquals(fetch.get(0).get(2).asInt(), ours.step());
                double[] theirs = new double[fetch.get(1).size()];
                for (int i = 0; i < theirs.length; i++) {
                    JsonNode v = fetch.get(1).get(i);
                    theirs[i] = v.isNull() ? Double.NaN : v.asDouble();
                }
                assertArrayEquals(theirs, ours.values());
            }
        }
    }

    @Test
    void reproducesCpythonSetIterationOrder() throws Exception {
        Random random = new Random(99);
        StringBuilder program = new StringBuilder("import json,sys\nout=[]\n");
        List<List<Long>> inputs = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            List<Long> values = new ArrayList<>();
            int step = 1 + random.nextInt(3600);
            for (int i = 0; i < 1 + random.nextInt(n < 50 ? 40 : 3000); i++) {
                long t = NOW - random.nextInt(10_000_000);
                values.add(t - Math.floorMod(t, step));
            }
            inputs.add(values);
            program.append("out.append(list(set(").append(values).append(")))\n");
        }
        program.append("json.dump(out, sys.stdout)\n");
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", program.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            JsonNode result = JSON.readTree(process.getInputStream().readAllBytes());
            for (int n = 0; n < inputs.size(); n++) {
                long[] theirs = new long[result.get(n).size()];
                for (int i = 0; i < theirs.length; i++) {
                    theirs[i] = result.get(n).get(i).asLong();
                }
                long[] input = inputs.get(n).stream().mapToLong(Long::longValue).toArray();
                assertArrayEquals(theirs, PythonSetOrder.of(input), "input " + n);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<Retention> randomArchives(Random random) {
        List<Retention> archives = new ArrayList<>();
        int step = new int[] {1, 2, 5, 10}[random.nextInt(4)];
        int points = 3 + random.nextInt(30);
        archives.add(new Retention(step, points));
        for (int i = 1; i < 1 + random.nextInt(4); i++) {
            int factor = 2 + random.nextInt(4);
            int nextStep = step * factor;
            long minPoints = Math.max(factor, (long) step * points / nextStep + 1);
            int nextPoints = (int) minPoints + random.nextInt(20);
            if (points < factor) {
                break;
            }
            archives.add(new Retention(nextStep, nextPoints));
            step = nextStep;
            points = nextPoints;
        }
        return ArchiveList.validate(archives);
    }

    private JsonNode runPython(ArrayNode cases) throws Exception {
        Path script = dir.resolve("replay.py");
        try (InputStream in = getClass().getResourceAsStream("/whisper/replay.py")) {
            Files.copy(in, script);
        }
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            try (OutputStream out = process.getOutputStream()) {
                ObjectNode input = JSON.createObjectNode();
                input.set("cases", cases);
                out.write(JSON.writeValueAsBytes(input));
            }
            byte[] output = process.getInputStream().readAllBytes();
            assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "python finished");
            assertEquals(0, process.exitValue(), "python exit status: "
                    + new String(output, StandardCharsets.UTF_8));
            return JSON.readTree(output);
        } finally {
            process.destroyForcibly();
        }
    }
}
