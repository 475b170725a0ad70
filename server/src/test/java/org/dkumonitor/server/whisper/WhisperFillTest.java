package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperFillTest {

    private static final long NOW = 1_700_000_400L;
    private static final List<Retention> ARCHIVES = List.of(new Retention(10, 30),
            new Retention(60, 60));
    private static final double N = Double.NaN;

    @TempDir
    Path dir;

    @Test
    void fillsEveryGapAndNeverOverwritesAValueNotEvenZero() throws IOException {
        try (WhisperFile source = file("s", new double[] {1, 2, 3, 4, 5, 6});
                WhisperFile target = file("t", new double[] {0, N, 30, N, N, 60})) {
            int written = WhisperFill.fill(source, List.of(), target, NOW);
            assertEquals(3, written);
            assertArrayEquals(new double[] {0, 2, 30, 4, 5, 60}, last(target, 6));
        }
    }

    @Test
    void pointsNotYetInAFileWinOverTheSourcesForAGapButNotOverTheTarget() throws IOException {
        try (WhisperFile source = file("s", new double[] {1, 2, 3});
                WhisperFile target = file("t", new double[] {N, N, 30})) {
            WhisperFill.fill(source, List.of(new TimeSeriesPoint(NOW - 10, 99),
                    new TimeSeriesPoint(NOW, 77)), target, NOW);
            assertArrayEquals(new double[] {1, 99, 30}, last(target, 3));
        }
    }

    @Test
    void olderMomentsComeFromTheSourcesCoarserArchive() throws IOException {
        try (WhisperFile source = WhisperFile.createAndOpen(dir.resolve("s.wsp"), ARCHIVES,
                AggregationMethod.AVERAGE, 0f, false);
                WhisperFile target = WhisperFile.createAndOpen(dir.resolve("t.wsp"), ARCHIVES,
                        AggregationMethod.AVERAGE, 0f, false)) {
            // half an hour ago: beyond the 10 s archive's five minutes, only in the minute one
            source.updateMany(List.of(new TimeSeriesPoint(NOW - 1800, 8)), NOW);
            WhisperFill.fill(source, List.of(), target, NOW);
            FetchResult minutes = target.fetch(NOW - 1860, NOW - 1800, NOW);
            assertEquals(60, minutes.step());
            assertEquals(NOW - 1800, minutes.timestampAt(0));
            assertArrayEquals(new double[] {8}, minutes.values());
        }
    }

    /** A file whose last values (10 s apart, ending at NOW) are {@code values}. */
    private WhisperFile file(String name, double[] values) {
        WhisperFile file = WhisperFile.createAndOpen(dir.resolve(name + ".wsp"), ARCHIVES,
                AggregationMethod.AVERAGE, 0.5f, false);
        List<TimeSeriesPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                points.add(new TimeSeriesPoint(NOW - 10L * (values.length - 1 - i), values[i]));
            }
        }
        file.updateMany(points, NOW);
        return file;
    }

    private static double[] last(WhisperFile file, int count) {
        return file.fetch(NOW - 10L * count, NOW, NOW).values();
    }
}
