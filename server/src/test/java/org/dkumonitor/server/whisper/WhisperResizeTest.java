package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperResizeTest {

    private static final long NOW = 1_700_000_040L;
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path WHISPER_RESIZE = Path.of("/usr/bin/whisper-resize");

    @TempDir
    Path dir;

    @Test
    void givesTheBytesOfGraphitesWhisperResize() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && Files.isRegularFile(WHISPER_RESIZE),
                "python3-whisper is not installed: skipping the check against whisper-resize");
        Random random = new Random(3);
        List<List<Retention>> from = List.of(
                List.of(new Retention(10, 360), new Retention(60, 1440)),
                List.of(new Retention(60, 1440), new Retention(3600, 24 * 30)),
                List.of(new Retention(10, 8640), new Retention(60, 43_200),
                        new Retention(3600, 26_280)));
        List<List<Retention>> to = List.of(
                List.of(new Retention(10, 8640), new Retention(60, 10_080)),
                List.of(new Retention(300, 288), new Retention(3600, 24 * 7)),
                List.of(new Retention(60, 1440)));
        for (int n = 0; n < from.size(); n++) {
            Path ours = dir.resolve("ours-" + n + ".wsp");
            WhisperFile.create(ours, from.get(n), AggregationMethod.AVERAGE, 0.5f, false);
            try (WhisperFile file = WhisperFile.open(ours, true)) {
                List<TimeSeriesPoint> points = new ArrayList<>();
                for (long t = NOW - 3 * 86_400; t <= NOW; t += 10 + random.nextInt(50)) {
                    if (random.nextInt(10) > 0) {
                        points.add(new TimeSeriesPoint(t, random.nextGaussian() * 50));
                    }
                }
                file.updateMany(points, NOW);
            }
            Path theirs = dir.resolve("theirs-" + n + ".wsp");
            Files.copy(ours, theirs);
            AggregationMethod method = n == 1 ? AggregationMethod.MAX : AggregationMethod.AVERAGE;
            float xff = n == 1 ? 0.2f : 0.5f;
            long carried = WhisperResize.resize(ours, new WhisperResize.Layout(to.get(n), method,
                    xff), NOW, Allocation.RESERVE);
            assertTrue(carried > 0);
            whisperResize(theirs, to.get(n), method, xff);
            assertEquals(HexFormat.of().formatHex(Files.readAllBytes(theirs)),
                    HexFormat.of().formatHex(Files.readAllBytes(ours)), "case " + n);
        }
        try (var left = Files.list(dir)) {
            assertEquals(6, left.count(), "no temporary file left beside the resized ones");
        }
    }

    @Test
    void aFailedRewriteLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("f.wsp");
        List<Retention> archives = List.of(new Retention(10, 60));
        WhisperFile.create(file, archives, AggregationMethod.SUM, 0, false);
        try (WhisperFile whisper = WhisperFile.open(file, true)) {
            whisper.updateMany(List.of(new TimeSeriesPoint(NOW - 10, 4)), NOW);
        }
        byte[] before = Files.readAllBytes(file);
        try {
            WhisperFile.rewrite(file, List.of(new Retention(60, 10)), AggregationMethod.SUM, 0,
                    Allocation.RESERVE, whisper -> {
                        throw new IllegalStateException("killed halfway");
                    });
        } catch (IllegalStateException expected) {
            // the rewrite's own failure
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList());
        }
    }

    @Test
    void layoutKnowsAFileThatAlreadyHasIt() throws IOException {
        Path file = dir.resolve("f.wsp");
        List<Retention> archives = List.of(new Retention(10, 60), new Retention(60, 60));
        WhisperFile.create(file, archives, AggregationMethod.MAX, 0.1f, false);
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            assertTrue(new WhisperResize.Layout(archives, AggregationMethod.MAX, 0.1f)
                    .matches(whisper.header()));
            assertTrue(!new WhisperResize.Layout(archives, AggregationMethod.MAX, 0.5f)
                    .matches(whisper.header()));
            assertTrue(!new WhisperResize.Layout(List.of(new Retention(10, 60)),
                    AggregationMethod.MAX, 0.1f).matches(whisper.header()));
        }
    }

    /** Graphite's whisper-resize itself, its clock (and whisper's) fixed at NOW. */
    private static void whisperResize(Path file, List<Retention> archives,
            AggregationMethod method, float xff) throws Exception {
        StringBuilder argv = new StringBuilder("['whisper-resize', '" + file + "'");
        for (Retention retention : archives) {
            argv.append(", '").append(retention.secondsPerPoint()).append(':')
                    .append(retention.points()).append('\'');
        }
        argv.append(", '--nobackup', '--aggregationMethod=").append(method.configName())
                .append("', '--xFilesFactor=").append(xff).append("']");
        String program = "import sys, time\ntime.time = lambda: " + NOW + "\nsys.argv = " + argv
                + "\nexec(compile(open('" + WHISPER_RESIZE + "').read(), 'whisper-resize',"
                + " 'exec'))\n";
        Process process = new ProcessBuilder(PYTHON.toString(), "-c", program)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
    }
}
