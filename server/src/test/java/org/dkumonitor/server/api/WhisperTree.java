package org.dkumonitor.server.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.metrics.TaggedNameLog;
import org.dkumonitor.server.whisper.AggregationMethod;
import org.dkumonitor.server.whisper.Retention;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;

/** Builds deterministic whisper trees on disk for the API, Grafana and parity tests. */
final class WhisperTree {

    private final Path root;
    private final long now;

    WhisperTree(Path root, long now) {
        this.root = root;
        this.now = now;
    }

    Path root() {
        return root;
    }

    /** A metric with one point per step over the last {@code span} seconds; NaN skips a point. */
    void metric(String name, List<Retention> retentions, AggregationMethod method, long span,
            ValueAt values) throws IOException {
        // where the server puts it: tagged names under _tagged/ by hash, and listed
        Path file = MetricName.whisperFile(root, name);
        if (name.indexOf(';') >= 0) {
            new TaggedNameLog(root).record(MetricName.normalize(name));
        }
        Files.createDirectories(file.getParent());
        WhisperFile.create(file, retentions, method, 0.5f, false);
        int step = retentions.get(0).secondsPerPoint();
        long last = now - Math.floorMod(now, step);
        List<TimeSeriesPoint> points = new ArrayList<>();
        for (long t = last - span; t <= last; t += step) {
            double v = values.at(t);
            if (!Double.isNaN(v)) {
                points.add(new TimeSeriesPoint(t, v));
            }
        }
        try (WhisperFile whisper = WhisperFile.open(file, true)) {
            whisper.updateMany(points, now);
        }
    }

    /** The value of a metric at a time. */
    interface ValueAt {
        double at(long t);
    }

    /** The tagged series of {@link #parityTree}, which a graphite-web peer must be told of. */
    static final List<String> PARITY_TAGGED = List.of("disk.used;dc=eu;host=web01",
            "disk.used;dc=eu;host=web02", "disk.used;dc=us;host=web03;rack=r1");

    /**
     * The parity data set: four hosts with cpu load (gaps on web02, an empty hour on web03),
     * request counters (one reset on web02), a coarser-step host, negative and huge values,
     * tagged disk series. The same {@code now} gives the same files, point for point.
     */
    static WhisperTree parityTree(Path root, long now) throws IOException {
        WhisperTree tree = new WhisperTree(root, now);
        List<Retention> minute = List.of(new Retention(60, 2880), new Retention(600, 4320));
        long day = 86_400;
        for (int host = 1; host <= 4; host++) {
            int h = host;
            Random random = new Random(h);
            tree.metric("servers.web0" + h + ".cpu.load", minute, AggregationMethod.AVERAGE,
                    2 * day, t -> {
                        if (h == 2 && (t / 60) % 37 == 0) {
                            return Double.NaN;
                        }
                        if (h == 3 && t > now - 5 * 3600 && t < now - 4 * 3600) {
                            return Double.NaN;
                        }
                        return Math.round((h + Math.sin(t / 3000.0) * 2 + (t % 7) / 10.0) * 1000)
                                / 1000.0;
                    });
            long[] counter = {1000L * h};
            tree.metric("servers.web0" + h + ".http.requests", minute, AggregationMethod.LAST,
                    2 * day, t -> {
                        counter[0] += random.nextInt(500);
                        if (h == 2 && t == (now - 3 * 3600) - Math.floorMod(now - 3 * 3600, 60)) {
                            counter[0] = 5;
                        }
                        return counter[0];
                    });
        }
        tree.metric("servers.web05.cpu.load", List.of(new Retention(300, 600)),
                AggregationMethod.AVERAGE, 2 * day, t -> 5 + (t % 13) / 4.0);
        tree.metric("apps.neg.value", minute, AggregationMethod.AVERAGE, 2 * day,
                t -> ((t / 60) % 11) - 5.5);
        tree.metric("apps.big.value", minute, AggregationMethod.MAX, 2 * day,
                t -> ((t / 60) % 5) * 1.5e9);
        tree.metric("apps.sparse.value", minute, AggregationMethod.SUM, 2 * day,
                t -> (t / 60) % 10 == 0 ? (t / 60) % 100 : Double.NaN);
        for (int i = 0; i < PARITY_TAGGED.size(); i++) {
            int n = i + 1;
            tree.metric(PARITY_TAGGED.get(i), minute, AggregationMethod.AVERAGE, 2 * day,
                    t -> n == 2 && (t / 60) % 7 == 0 ? Double.NaN : n * 10 + (t / 60) % 9);
        }
        return tree;
    }
}
