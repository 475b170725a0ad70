package org.dkumonitor.server.whisper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rewrites a whisper file to other archives, aggregation method or xFilesFactor, as Graphite's
 * {@code whisper-resize} does by default: every archive of the old file is fetched over its
 * whole retention, the new file is created, and the old archives' known points are written into
 * it with {@code update_many}, coarsest archive first, so that finer data comes last and is
 * rolled up into the new coarser archives ("aggregate into coarser archives, keep what fits":
 * points older than the new file keeps are dropped, as update_many drops them).
 *
 * <p>Unlike whisper-resize, which renames the old file to {@code .bak} and then the new one
 * into place (for a moment there is no file), the new file replaces the old one in one rename
 * ({@link WhisperFile#rewrite}); a crash leaves the old file or the new one, and at most a
 * hidden temporary file beside them.
 */
public final class WhisperResize {

    private WhisperResize() {
    }

    /** The layout a file is rewritten to. */
    public record Layout(List<Retention> archives, AggregationMethod method, float xFilesFactor) {

        public Layout {
            archives = List.copyOf(archives);
        }

        /** Whether a file with this header already has this layout. */
        public boolean matches(WhisperHeader header) {
            return matches(new Layout(retentions(header), header.aggregation(),
                    header.xFilesFactor()));
        }

        public boolean matches(Layout other) {
            return other.method == method
                    && Float.compare(other.xFilesFactor, xFilesFactor) == 0
                    && other.archives.equals(archives);
        }
    }

    /** The archives of a header as retentions, finest first. */
    public static List<Retention> retentions(WhisperHeader header) {
        List<Retention> retentions = new ArrayList<>();
        for (ArchiveInfo archive : header.archives()) {
            retentions.add(new Retention(archive.secondsPerPoint(), archive.points()));
        }
        return retentions;
    }

    /**
     * Rewrites {@code path} to {@code layout} at time {@code now}; returns how many points were
     * carried over (written into the new file, before roll-up).
     */
    public static long resize(Path path, Layout layout, long now, Allocation allocation) {
        List<List<TimeSeriesPoint>> byArchive = new ArrayList<>();
        try (WhisperFile old = WhisperFile.open(path, false)) {
            List<ArchiveInfo> archives = new ArrayList<>(old.header().archives());
            archives.sort(Comparator.comparingInt(ArchiveInfo::secondsPerPoint).reversed());
            for (ArchiveInfo archive : archives) {
                byArchive.add(known(old.fetch(now - archive.retention()
                        + archive.secondsPerPoint(), now, now)));
            }
        }
        long[] carried = new long[1];
        WhisperFile.rewrite(path, layout.archives(), layout.method(), layout.xFilesFactor(),
                allocation, file -> {
                    for (List<TimeSeriesPoint> points : byArchive) {
                        file.updateMany(points, now);
                        carried[0] += points.size();
                    }
                });
        return carried[0];
    }

    /** The known points of a fetch, in time order. */
    static List<TimeSeriesPoint> known(FetchResult fetched) {
        List<TimeSeriesPoint> points = new ArrayList<>();
        if (fetched == null) {
            return points;
        }
        double[] values = fetched.values();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                points.add(new TimeSeriesPoint(fetched.timestampAt(i), values[i]));
            }
        }
        return points;
    }
}
