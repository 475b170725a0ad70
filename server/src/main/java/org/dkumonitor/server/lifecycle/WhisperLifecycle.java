package org.dkumonitor.server.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.metrics.NodeGlob;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.quota.Quotas;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperFile;
import org.dkumonitor.server.whisper.WhisperFill;
import org.dkumonitor.server.whisper.WhisperResize;

/**
 * Deletes and renames metrics of the whisper store while the server runs.
 *
 * <p>How a metric is kept safe while its points keep arriving: the persister is told to hold
 * it (it closes the file and stops writing it; new points wait in the cache, readable), the
 * operation runs inside a write-ahead-log checkpoint ({@link Maintenance}), takes the metric's
 * cached points out, and changes the files; then the hold is released and points that arrived
 * meanwhile are written as usual (to the new name's file if they use the new name, to a new file
 * of the old name if the sender still uses it). A delete removes files only after the log's
 * older segments are gone, so a crash never brings deleted points back; a rename writes the
 * moved points into files before those segments go, so a crash never loses them (at worst it
 * leaves the old name with the points of the last checkpoint interval, which a second rename
 * merges). Directories left empty are removed, up to the tree's root.
 */
public final class WhisperLifecycle implements MetricLifecycle {

    private static final Logger LOG = Logger.getLogger(WhisperLifecycle.class.getName());

    private final Path root;
    private final StorageRules rules;
    private final MetricCache cache;
    private final Persister persister;
    private final Maintenance maintenance;
    private final Quotas quotas;
    private final InstantSource clock;
    private final Allocation allocation;
    private final WhisperExplain explain;

    public WhisperLifecycle(Path root, StorageRules rules, MetricCache cache, Persister persister,
            Maintenance maintenance, Quotas quotas, InstantSource clock, Allocation allocation,
            WhisperExplain explain) {
        this.root = root;
        this.rules = rules;
        this.cache = cache;
        this.persister = persister;
        this.maintenance = maintenance;
        this.quotas = quotas;
        this.clock = clock;
        this.allocation = allocation;
        this.explain = explain;
    }

    @Override
    public Deleted delete(String query, boolean force, boolean dryRun) {
        MetricGlob glob = MetricGlob.of(query);
        if (glob == null) {
            throw new LifecycleException("give the metrics to delete: query=GLOB, such as"
                    + " servers.web01.* (a branch means everything below it)");
        }
        if (glob.sweeping() && !force) {
            throw new LifecycleException("'" + query + "' would delete every metric under"
                    + " every top-level name; if that is really meant, add force=1"
                    + " (dkmadmin metrics delete --force)");
        }
        return maintenance.operation(() -> {
            List<String> metrics = matching(glob);
            if (!dryRun && !metrics.isEmpty()) {
                remove(metrics);
                LOG.info("deleted " + metrics.size() + " metrics matching " + query);
            }
            return new Deleted(metrics, dryRun);
        });
    }

    /** Deletes exactly these metrics (the expiry's daily run); the caller holds no lock. */
    List<String> deleteExactly(Collection<String> metrics) {
        return maintenance.operation(() -> {
            remove(metrics);
            return List.copyOf(metrics);
        });
    }

    private void remove(Collection<String> metrics) {
        try (Persister.Hold _ = persister.hold(metrics, false)) {
            maintenance.insideCheckpoint(() -> metrics.forEach(cache::remove));
            for (String metric : metrics) {
                Path file = MetricName.whisperFile(root, metric);
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": cannot delete: " + e.getMessage(),
                            e);
                }
                pruneEmptyDirectories(file.getParent());
            }
            quotas.forget(metrics);
        }
    }

    @Override
    public Renamed rename(String from, String to, boolean force, boolean dryRun) {
        String source = validName("from", from);
        String target = validName("to", to);
        if (source.equals(target)) {
            throw new LifecycleException("'" + from + "' would be renamed onto itself:"
                    + " nothing to do");
        }
        if (target.startsWith(source + ".")) {
            throw new LifecycleException("'" + to + "' lies inside '" + from + "': a metric"
                    + " cannot be moved into its own subtree; rename it elsewhere first");
        }
        return maintenance.operation(() -> {
            List<Move> moves = new ArrayList<>();
            for (String metric : matching(MetricGlob.of(source))) {
                String renamed = target + metric.substring(source.length());
                moves.add(plan(metric, renamed, force));
            }
            if (moves.isEmpty()) {
                throw new LifecycleException("no metric named '" + from + "' or below it");
            }
            if (!dryRun) {
                apply(moves);
                LOG.info("renamed " + moves.size() + " metrics from " + from + " to " + to);
            }
            return new Renamed(moves, dryRun);
        });
    }

    private static String validName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new LifecycleException(what + " is missing: give a metric or branch name");
        }
        if (NodeGlob.hasWildcard(name)) {
            throw new LifecycleException(what + " '" + name + "' is a glob: rename takes one"
                    + " metric or branch (everything below it moves too)");
        }
        if (MetricName.isTagged(name)) {
            throw new LifecycleException(what + " '" + name + "' is a tagged series: only"
                    + " dotted names can be renamed");
        }
        try {
            return MetricName.validate(name);
        } catch (InvalidMetricNameException e) {
            throw new LifecycleException(what + ": " + e.getMessage());
        }
    }

    /** One move, checked: a merge into a file with other archives needs {@code force}. */
    private Move plan(String from, String to, boolean force) {
        Path source = MetricName.whisperFile(root, from);
        Path target = MetricName.whisperFile(root, to);
        boolean merged = Files.exists(target);
        WhisperResize.Layout moved = null;
        if (Files.exists(source)) {
            moved = layout(source);
            if (merged) {
                WhisperResize.Layout existing = layout(target);
                if (!existing.archives().equals(moved.archives()) && !force) {
                    throw new LifecycleException("'" + to + "' exists and keeps other archives"
                            + " (" + text(existing) + ") than '" + from + "' (" + text(moved)
                            + "): merging would change the resolution of " + from + "'s"
                            + " points; resize one of them first (dkmadmin storage resize), or"
                            + " merge anyway with force=1");
                }
            }
        }
        boolean disagrees = !merged && moved != null && !expected(to).matches(moved);
        return new Move(from, to, merged, disagrees);
    }

    private void apply(List<Move> moves) {
        List<String> names = new ArrayList<>();
        for (Move move : moves) {
            names.add(move.from());
            names.add(move.to());
        }
        long now = clock.instant().getEpochSecond();
        try (Persister.Hold _ = persister.hold(names, false)) {
            maintenance.insideCheckpoint(() -> {
                for (Move move : moves) {
                    moveOne(move.from(), move.to(), now);
                }
            });
            for (Move move : moves) {
                pruneEmptyDirectories(MetricName.whisperFile(root, move.from()).getParent());
            }
        }
        quotas.forget(moves.stream().map(Move::from).toList());
        quotas.add(moves.stream().map(Move::to).toList());
    }

    /**
     * Moves one metric's file and cached points to its new name; on failure the cached points
     * go back where they were (they are still in the log), and the failure is reported.
     */
    private void moveOne(String from, String to, long now) {
        Path source = MetricName.whisperFile(root, from);
        Path target = MetricName.whisperFile(root, to);
        List<TimeSeriesPoint> cached = cache.remove(from);
        try {
            if (Files.exists(target)) {
                try (WhisperFile into = WhisperFile.open(target, true)) {
                    if (Files.exists(source)) {
                        try (WhisperFile out = WhisperFile.open(source, false)) {
                            WhisperFill.fill(out, cached, into, now);
                        }
                        Files.delete(source);
                    } else {
                        WhisperFill.fill(null, cached, into, now);
                    }
                }
            } else if (Files.exists(source)) {
                if (!cached.isEmpty()) {
                    try (WhisperFile file = WhisperFile.open(source, true)) {
                        file.updateMany(cached, now);
                    }
                }
                Files.createDirectories(target.getParent());
                moveFile(source, target);
            } else if (!cached.isEmpty()) {
                WhisperResize.Layout layout = expected(to);
                try (WhisperFile file = WhisperFile.createAndOpen(target, layout.archives(),
                        layout.method(), layout.xFilesFactor(), allocation)) {
                    file.updateMany(cached, now);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (TimeSeriesPoint point : cached) {
                cache.addNow(from, point.timestamp(), point.value());
            }
            throw new LifecycleException("renaming " + from + " to " + to + " failed: "
                    + e.getMessage() + "; " + from + " keeps its points, the moves before it"
                    + " are done: retry the rename to finish");
        }
    }

    private static void moveFile(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target);
        }
    }

    /** Every metric the glob matches: files and metrics still only cached, sorted. */
    List<String> matching(MetricGlob glob) {
        TreeSet<String> metrics = new TreeSet<>();
        try {
            for (TreeScan.Entry entry : TreeScan.scan(root, glob.literalPrefix()).files()) {
                if (glob.matches(entry.metric())) {
                    metrics.add(entry.metric());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        for (String metric : cache.metrics()) {
            if (!MetricName.isTagged(metric) && glob.matches(metric)) {
                metrics.add(metric);
            }
        }
        return List.copyOf(metrics);
    }

    /** Removes {@code directory} and its parents while they are empty, never the root. */
    void pruneEmptyDirectories(Path directory) {
        Path stop = root.toAbsolutePath().normalize();
        for (Path dir = directory.toAbsolutePath().normalize(); dir != null
                && dir.startsWith(stop) && !dir.equals(stop); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return; // not empty (or a file was just created in it): keep it and its parents
            } catch (IOException e) {
                LOG.warning("cannot remove the empty directory " + dir + ": " + e.getMessage());
                return;
            }
        }
    }

    /** The layout the rules in force give a metric. */
    WhisperResize.Layout expected(String metric) {
        StorageAggregation.Rule rule = rules.aggregation().ruleFor(metric);
        return new WhisperResize.Layout(rules.schemas().schemaFor(metric).retentions(),
                rule.method(), rule.xFilesFactor());
    }

    private static WhisperResize.Layout layout(Path file) {
        try (WhisperFile whisper = WhisperFile.open(file, false)) {
            return new WhisperResize.Layout(WhisperResize.retentions(whisper.header()),
                    whisper.header().aggregation(), whisper.header().xFilesFactor());
        }
    }

    static String text(WhisperResize.Layout layout) {
        StringBuilder text = new StringBuilder();
        layout.archives().forEach(r -> text.append(text.isEmpty() ? "" : ",").append(r));
        return text.toString();
    }

    @Override
    public Explanation explain(String name) {
        return explain.explain(name);
    }
}
