package org.dkumonitor.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** whisper-fill's merge, against Debian's whisper-fill where it is installed. */
class WhisperFillTest {

    private static final List<Retention> ARCHIVES = List.of(new Retention(60, 120),
            new Retention(300, 288));

    @TempDir
    Path dir;

    private WhisperFile file(String name, List<Retention> archives, List<TimeSeriesPoint> points,
            long now) {
        WhisperFile file = WhisperFile.createAndOpen(dir.resolve(name), archives,
                AggregationMethod.AVERAGE, 0f, false);
        file.updateMany(points, now);
        return file;
    }

    /** One point a minute over the last 2 hours and a point every 5 minutes before. */
    private static List<TimeSeriesPoint> points(long now, java.util.function.LongPredicate keep,
            double offset) {
        List<TimeSeriesPoint> points = new ArrayList<>();
        long last = now - Math.floorMod(now, 300) - 600;
        for (long t = last; t > now - 20 * 3600; t -= t > now - 7000 ? 60 : 300) {
            if (keep.test(t)) {
                points.add(new TimeSeriesPoint(t, t % 7 + 1 + offset));
            }
        }
        return points;
    }

    /**
     * Debian's whisper-fill (python3-whisper's) leaves gaps of one slot and zeros alone where
     * carbonate's and ours fill them, so the replica here has longer gaps and no zeros.
     */
    @Test
    void fillsTheGapsOfAReplicaAsDebiansWhisperFillDoes() throws Exception {
        Path tool = Path.of("/usr/bin/whisper-fill");
        assumeTrue(Files.isExecutable(tool), "python3-whisper's whisper-fill is not installed");
        long now = System.currentTimeMillis() / 1000;
        try (WhisperFile src = file("src.wsp", ARCHIVES, points(now, t -> true, 0), now);
                WhisperFile dst = file("dst.wsp", ARCHIVES, points(now, t -> t > now - 7000
                        ? (t / 60) % 9 > 2 && (t < now - 5000 || t > now - 4000)
                        : (t / 1500) % 3 != 0, 0), now)) {
            Files.copy(dst.path(), dir.resolve("theirs.wsp"), StandardCopyOption.REPLACE_EXISTING);
            long last = now - Math.floorMod(now, 300) - 600;
            assertTrue(gaps(dst.fetch(now - 6600, last, now)) > 30, "the replica has gaps");
            dst.updateMany(WhisperFill.gapPoints(src, dst, now), now);
            assertEquals(0, gaps(dst.fetch(now - 6600, last, now)), "all filled");
            Process fill = new ProcessBuilder(tool.toString(), src.path().toString(),
                    dir.resolve("theirs.wsp").toString()).redirectErrorStream(true).start();
            String output = new String(fill.getInputStream().readAllBytes());
            fill.waitFor(60, TimeUnit.SECONDS);
            assertEquals(0, fill.exitValue(), output);
            try (WhisperFile theirs = WhisperFile.open(dir.resolve("theirs.wsp"), false)) {
                // each archive away from where the minutes end: there, what was rolled up
                // depends on the second each tool took as now
                FetchResult a = theirs.fetch(now - 6600, now, now);
                FetchResult b = dst.fetch(now - 6600, now, now);
                assertEquals(60, a.step());
                assertArrayEquals(a.values(), b.values(), "the minutes");
                a = theirs.fetch(now - 20 * 3600, now - 7800, now);
                b = dst.fetch(now - 20 * 3600, now - 7800, now);
                assertEquals(300, a.step());
                assertArrayEquals(a.values(), b.values(), "the five minutes");
            }
        }
    }

    private static long gaps(FetchResult fetched) {
        return java.util.Arrays.stream(fetched.values()).filter(Double::isNaN).count();
    }

    @Test
    void neverOverwritesWhatTheTargetHoldsNotEvenAZero() {
        long now = System.currentTimeMillis() / 1000;
        long last = now - Math.floorMod(now, 60) - 600;
        List<TimeSeriesPoint> theirs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            theirs.add(new TimeSeriesPoint(last - 60L * i, 5));
        }
        List<TimeSeriesPoint> ours = List.of(new TimeSeriesPoint(last, 0),
                new TimeSeriesPoint(last - 300, 9));
        try (WhisperFile src = file("src.wsp", ARCHIVES, theirs, now);
                WhisperFile dst = file("dst.wsp", ARCHIVES, ours, now)) {
            dst.updateMany(WhisperFill.gapPoints(src, dst, now), now);
            FetchResult filled = dst.fetch(last - 600, last, now);
            double[] expected = {5, 5, 5, 5, 9, 5, 5, 5, 5, 0};
            assertArrayEquals(expected, filled.values());
        }
    }

    @Test
    void takesEveryPointForATargetWithoutTheMetricAtItsOwnSchema() {
        long now = System.currentTimeMillis() / 1000;
        try (WhisperFile src = file("src.wsp", ARCHIVES, points(now, t -> true, 0.5), now)) {
            List<TimeSeriesPoint> all = WhisperFill.gapPoints(src, null, now);
            try (WhisperFile finer = file("finer.wsp", List.of(new Retention(10, 720),
                    new Retention(300, 288)), all, now)) {
                FetchResult a = src.fetch(now - 20 * 3600, now, now);
                FetchResult b = finer.fetch(now - 20 * 3600, now, now);
                assertArrayEquals(a.values(), b.values(), "the 5-minute archives agree");
            }
        }
    }
}
