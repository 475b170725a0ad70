package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.metrics.MetricNode;
import org.dkumonitor.server.metrics.MetricTree;
import org.dkumonitor.server.whisper.ArchiveInfo;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * Copies whisper files into ClickHouse ({@code dkmadmin clickhouse import [GLOB]}): every
 * archive, each time range from the finest archive that still covers it, as whisper's own
 * fetch would choose (archive i gives the points between the ages of archives i-1 and i).
 *
 * <p>Idempotent: the rows carry version (Timestamp) 1, so running it twice gives the same
 * rows, which ClickHouse folds together, and a point the server wrote itself (a later
 * version) always wins over an imported one. Resumable: the metrics whose points ClickHouse
 * acknowledged are appended to a state file, and a second run skips them (until one run
 * completes, which deletes the file). A file that is not whisper is reported and skipped.
 */
public final class WhisperImport {

    /** The version of imported rows: older than anything the server writes. */
    static final int VERSION = 1;
    private static final int BATCH_POINTS = 500_000;

    /** What a run did. */
    public record Summary(int metrics, int skipped, int failed, long points, long millis) {
    }

    private final Path whisperRoot;
    private final ClickHouseHttp http;
    private final Tables tables;
    private final Path stateFile;
    private final InstantSource clock;
    private final PrintWriter progress;
    private final IndexRows index = new IndexRows();
    private final RowBinary points = new RowBinary(1024 * 1024);
    private final List<String> pending = new ArrayList<>();
    private int pendingPoints;

    public WhisperImport(Path whisperRoot, ClickHouseHttp http, Tables tables, Path stateFile,
            InstantSource clock, PrintWriter progress) {
        this.whisperRoot = whisperRoot;
        this.http = http;
        this.tables = tables;
        this.stateFile = stateFile;
        this.clock = clock;
        this.progress = progress;
    }

    /** The metrics a glob selects: its leaves and everything under its branches. */
    public List<String> metrics(String glob) {
        MetricTree tree = new MetricTree(whisperRoot, java.util.Collections::emptyNavigableSet);
        Set<String> metrics = new TreeSet<>();
        Deque<String> patterns = new ArrayDeque<>(List.of(glob == null ? "*" : glob));
        while (!patterns.isEmpty()) {
            for (MetricNode node : tree.find(patterns.poll())) {
                if (node.leaf()) {
                    metrics.add(node.path());
                } else {
                    patterns.add(literal(node.path()) + ".*");
                }
            }
        }
        List<String> all = new ArrayList<>(metrics);
        if (glob == null) {
            all.addAll(new TreeSet<>(tree.taggedNames()));
        }
        return all;
    }

    /** Imports the metrics; {@code restart} forgets an interrupted run's progress. */
    public Summary run(List<String> metrics, boolean restart) throws IOException {
        long started = clock.millis();
        long now = clock.instant().getEpochSecond();
        Set<String> done = restart ? new HashSet<>() : done();
        if (restart) {
            Files.deleteIfExists(stateFile);
        }
        int skipped = 0;
        int failed = 0;
        long total = 0;
        int seen = 0;
        Bar bar = new Bar(progress, metrics.size(), clock);
        for (String metric : metrics) {
            seen++;
            if (done.contains(metric)) {
                skipped++;
                bar.show(seen, total);
                continue;
            }
            try {
                total += read(metric, now);
            } catch (WhisperException | IOException | UncheckedIOException e) {
                failed++;
                bar.clear();
                progress.println("skipped " + metric + ": " + e.getMessage());
            }
            pending.add(metric);
            if (pendingPoints >= BATCH_POINTS) {
                flush();
            }
            bar.show(seen, total);
        }
        flush();
        bar.done(seen, total);
        Files.deleteIfExists(stateFile);
        return new Summary(metrics.size() - skipped, skipped, failed, total,
                clock.millis() - started);
    }

    /** Adds the metric's points to the batch, every archive over its own age range. */
    private long read(String metric, long now) throws IOException {
        Path file = MetricName.whisperFile(whisperRoot, metric);
        byte[] name = metric.getBytes(StandardCharsets.UTF_8);
        long count = 0;
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            long newer = now;
            List<ArchiveInfo> archives = whisper.header().archives();
            for (ArchiveInfo archive : archives) {
                long older = now - archive.retention();
                if (older >= newer) {
                    continue;
                }
                FetchResult fetched = whisper.fetch(older, newer, now);
                newer = older;
                if (fetched == null) {
                    continue;
                }
                double[] values = fetched.values();
                for (int i = 0; i < values.length; i++) {
                    if (Double.isNaN(values[i])) {
                        continue;
                    }
                    long time = fetched.from() + (long) i * fetched.step();
                    int day = (int) (time / 86_400);
                    index.point(points, name, 0, name.length, day, VERSION);
                    points.float64(values[i]).uint32(time).uint16(day).uint32(VERSION);
                    pendingPoints++;
                    count++;
                }
            }
        }
        return count;
    }

    /** Inserts the batch, then records its metrics as done. */
    private void flush() throws IOException {
        if (index.indexRows().size() > 0) {
            http.insert(tables.qualifiedIndex() + " (Date, Level, Path, Version)",
                    index.indexRows().bytes(), index.indexRows().size());
        }
        if (index.taggedRows().size() > 0) {
            http.insert(tables.qualifiedTagged() + " (Date, Tag1, Path, Tags, Version)",
                    index.taggedRows().bytes(), index.taggedRows().size());
        }
        index.inserted();
        if (pendingPoints > 0) {
            http.insert(tables.qualifiedPoints() + " (Path, Value, Time, Date, Timestamp)",
                    points.bytes(), points.size());
        }
        points.clear();
        pendingPoints = 0;
        if (!pending.isEmpty()) {
            Files.createDirectories(stateFile.getParent());
            Files.writeString(stateFile, String.join("\n", pending) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
            pending.clear();
        }
    }

    private Set<String> done() throws IOException {
        if (!Files.exists(stateFile)) {
            return new HashSet<>();
        }
        Set<String> done = new HashSet<>();
        for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                done.add(line);
            }
        }
        return done;
    }

    /** A metric path read as a glob that matches only itself. */
    private static String literal(String path) {
        return path.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]")
                .replace("{", "[{]");
    }

    /** The progress bar, redrawn at most four times a second. */
    private static final class Bar {
        private static final int WIDTH = 30;
        private final PrintWriter out;
        private final int total;
        private final InstantSource clock;
        private final long started;
        private long drawn;

        Bar(PrintWriter out, int total, InstantSource clock) {
            this.out = out;
            this.total = total;
            this.clock = clock;
            this.started = clock.millis();
        }

        void show(int done, long points) {
            long now = clock.millis();
            if (now - drawn < 250) {
                return;
            }
            drawn = now;
            draw(done, points, now);
        }

        void done(int done, long points) {
            draw(done, points, clock.millis());
            out.println();
            out.flush();
        }

        void clear() {
            out.print("\r" + " ".repeat(100) + "\r");
        }

        private void draw(int done, long points, long now) {
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
            long elapsed = Math.max(1, now - started);
            String eta = done == 0 || done == total ? ""
                    : "  ETA " + seconds(elapsed * (total - done) / done);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/"
                    + total + " metrics  " + points + " points  " + seconds(elapsed) + eta
                    + "   ");
            out.flush();
        }

        private static String seconds(long millis) {
            long s = millis / 1000;
            return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
        }
    }
}
