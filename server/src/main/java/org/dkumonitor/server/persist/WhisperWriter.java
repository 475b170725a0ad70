package org.dkumonitor.server.persist;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.logging.Logger;
import org.dkumonitor.server.metrics.InvalidMetricNameException;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.metrics.TaggedNameLog;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.whisper.Allocation;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * Writes one metric's batch into its whisper file, creating the file when missing. Keeps up to
 * {@code maxOpenFiles} files open so that a busy metric is not opened, its header read and
 * closed on every update. When full, a random open file is closed: the persister visits metrics
 * in a cycle, which is the worst case of least-recently-used (every access misses as soon as
 * there are more metrics than handles) while random eviction still hits in proportion to the
 * handles it has. When the handles thrash, most new files are not kept at all (see
 * {@link #remember}). Used by one thread only.
 */
final class WhisperWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WhisperWriter.class.getName());
    private static final int WINDOW = 4096;
    private static final int ADMIT_WHEN_THRASHING = 64;
    /** Linux's PATH_MAX less its NUL: the longest path a system call takes. */
    static final int MAX_PATH_BYTES = 4095;

    private final WhisperSettings settings;
    private final PersistStats stats;
    private final TaggedNameLog taggedNames;
    private final CreateGate creates;
    private final HashMap<String, WhisperFile> open = new HashMap<>();
    private final ArrayList<String> openNames = new ArrayList<>();
    private final java.util.Random random = new java.util.Random(1);
    /** Lookups and hits of the current window, and whether the last window thrashed. */
    private int lookups;
    private int hits;
    private boolean thrashing;
    /** Names found without a file, until written ({@link #mustCreate}). */
    private final java.util.HashSet<String> missing = new java.util.HashSet<>();
    /** One instance of each header seen, shared by the layouts kept of many files. */
    private final HashMap<org.dkumonitor.server.whisper.WhisperHeader,
            org.dkumonitor.server.whisper.WhisperHeader> headers = new HashMap<>();
    private WhisperFile.Layout lastLayout;
    /**
     * How long a kept layout is trusted: a header changed in place by hand (the aggregation
     * method) is seen within this time; a file replaced or resized, at once (inode, size).
     */
    static final long LAYOUT_REFRESH_NANOS = 300_000_000_000L;
    private static final int MAX_MISSING = 1_000_000;
    private long created;

    WhisperWriter(WhisperSettings settings, PersistStats stats, TaggedNameLog taggedNames,
            CreateGate creates) {
        this.settings = settings;
        this.stats = stats;
        this.taggedNames = taggedNames;
        this.creates = creates;
    }

    /**
     * Whether the metric has no file yet: known from the open files, from an earlier answer,
     * else one {@code stat}. Asked only once a pass has created its share of files.
     */
    boolean mustCreate(String metric) {
        if (open.containsKey(metric) || metric.indexOf(';') >= 0) {
            return false;
        }
        if (missing.contains(metric)) {
            return true;
        }
        if (Files.exists(MetricName.whisperFile(settings.whisperRoot(), metric))) {
            return false;
        }
        if (missing.size() >= MAX_MISSING) {
            missing.clear(); // names set aside are never written: do not keep them forever
        }
        missing.add(metric);
        return true;
    }

    /** Writes the batch; true when the metric's file had to be created for it. */
    boolean write(String metric, SortedPoints points)
            throws Persister.WriteFailure, Persister.CreateDeferred {
        return write(metric, points, null);
    }

    /**
     * As {@link #write(String, SortedPoints)}, with the layout this writer kept of the file
     * after its last write ({@link #lastLayout}; null when none): the file is then opened
     * without asking whether it exists and, while the layout is fresh, without reading its
     * header (if it was removed since, it is made again).
     */
    boolean write(String metric, SortedPoints points, WhisperFile.Layout known)
            throws Persister.WriteFailure, Persister.CreateDeferred {
        WhisperFile file = open.get(metric);
        count(file != null);
        boolean kept = true;
        long createdBefore = created;
        lastLayout = null;
        long now = settings.clock().instant().getEpochSecond();
        try {
            if (file == null) {
                file = known == null ? null : openKnown(metric, known);
                if (file == null) {
                    file = openOrCreate(metric, points, now);
                }
                kept = remember(metric, file);
            }
            int tooOld = tooOld(points, now - file.header().maxRetention());
            if (tooOld > 0) {
                // whisper skips them without a word: counted, and told by explain
                stats.tooOld(tooOld);
                settings.refusals().record(metric, RecentRefusals.Reason.TOO_OLD, tooOld);
            }
            if (created == createdBefore) { // a new file has its points already
                file.updateMany(points, now);
            }
            stats.committed(points.size() - tooOld);
            lastLayout = known != null && file.uses(known) ? known
                    : file.layout(headers.computeIfAbsent(file.header(), h -> h));
            if (!kept) {
                closeQuietly(file);
            }
            missing.remove(metric);
            return created > createdBefore;
        } catch (WhisperException | InvalidMetricNameException e) {
            if (!kept && file != null) {
                closeQuietly(file);
            }
            WhisperFile broken = open.remove(metric);
            if (broken != null) {
                openNames.remove(metric);
                closeQuietly(broken);
            }
            Persister.WriteFailure failure = new Persister.WriteFailure(metric + ": "
                    + e.getMessage(), e);
            if (failure.retryable()) {
                stats.retry();
            } else {
                stats.error();
            }
            throw failure;
        }
    }

    /** How many of the points (ascending) are older than {@code oldest}: whisper drops them. */
    private static int tooOld(SortedPoints points, long oldest) {
        long[] timestamps = points.timestamps();
        int count = 0;
        while (count < points.size() && timestamps[count] < oldest) {
            count++;
        }
        return count;
    }

    /** Closes the metric's file if it is open (its file is about to be replaced or removed). */
    void forget(String metric) {
        WhisperFile file = open.remove(metric);
        if (file != null) {
            openNames.remove(metric);
            closeQuietly(file);
        }
    }

    private void count(boolean hit) {
        lookups++;
        hits += hit ? 1 : 0;
        if (lookups == WINDOW) {
            thrashing = hits * 2 < lookups;
            lookups = 0;
            hits = 0;
        }
    }

    /**
     * Keeps the new file open, closing another when full; false when it is not kept (the
     * caller closes it after its write). While the handles thrash (fewer than half the
     * lookups of the last {@value #WINDOW} hit: more metrics are written than there are
     * handles, as in a fleet of 100,000 metrics each written every 10 s) only one new file in
     * {@value #ADMIT_WHEN_THRASHING} takes a handle: the others are closed at once, so their
     * objects die young instead of living a second in the handle table and filling the old
     * generation, and the handles that do hit keep hitting.
     */
    private boolean remember(String metric, WhisperFile file) {
        if (open.size() >= settings.maxOpenFiles()
                && thrashing && random.nextInt(ADMIT_WHEN_THRASHING) != 0) {
            return false;
        }
        if (open.size() >= settings.maxOpenFiles()) {
            int victim = random.nextInt(openNames.size());
            String evicted = openNames.get(victim);
            openNames.set(victim, openNames.get(openNames.size() - 1));
            openNames.remove(openNames.size() - 1);
            closeQuietly(open.remove(evicted));
        }
        open.put(metric, file);
        openNames.add(metric);
        return true;
    }

    /** Opens a file this writer wrote before; null when it is gone (removed by hand). */
    private WhisperFile openKnown(String metric) {
        try {
            return WhisperFile.open(MetricName.whisperFile(settings.whisperRoot(), metric),
                    true);
        } catch (WhisperException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The layout kept of the file after the last successful {@link #write}, for the next
     * write of the same metric; null when none could be known.
     */
    WhisperFile.Layout lastLayout() {
        return lastLayout;
    }

    /**
     * Opens a file this writer wrote before, with its kept layout while that is younger than
     * {@link #LAYOUT_REFRESH_NANOS}; null when the file is gone (removed by hand).
     */
    private WhisperFile openKnown(String metric, WhisperFile.Layout known) {
        Path path = MetricName.whisperFile(settings.whisperRoot(), metric);
        try {
            return System.nanoTime() - known.readAtNanos() < LAYOUT_REFRESH_NANOS
                    ? WhisperFile.openWritable(path, known) : WhisperFile.open(path, true);
        } catch (WhisperException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return null;
            }
            throw e;
        }
    }

    /** The metric's file, opened; or made, with {@code points} written into it. */
    private WhisperFile openOrCreate(String metric, SortedPoints points, long now)
            throws Persister.CreateDeferred {
        Path path = MetricName.whisperFile(settings.whisperRoot(), metric);
        if (metric.indexOf(';') >= 0) {
            // listed before the file exists: a file nobody can name by its tags would be lost
            taggedNames.record(metric);
        }
        // asked without an exception: a new metric costs no stack trace. Not asked again of
        // one mustCreate just found missing (made meanwhile by someone else: opened below)
        if (!missing.contains(metric) && Files.exists(path)) {
            return WhisperFile.open(path, true);
        }
        // refused for good before it takes a creation from the gate
        checkPathLength(metric, path);
        if (!creates.tryCreate(metric)) {
            throw new Persister.CreateDeferred(metric);
        }
        StorageAggregation.Rule rule = settings.aggregation().get().ruleFor(metric);
        try {
            WhisperFile file = WhisperFile.createAndOpen(path,
                    settings.schemas().get().schemaFor(metric).retentions(), rule.method(),
                    rule.xFilesFactor(), Allocation.of(settings.sparse()),
                    points, now);
            stats.created();
            created++;
            LOG.fine(() -> "created " + path);
            return file;
        } catch (WhisperException e) {
            if (!(e.getCause() instanceof FileAlreadyExistsException)) {
                throw e;
            }
            return WhisperFile.open(path, true); // made by someone else meanwhile
        }
    }

    /**
     * Refuses a file whose path, or that of its temporary name, would pass Linux's PATH_MAX:
     * the name is valid, but this store under this root cannot make it, and never will.
     */
    static void checkPathLength(String metric, Path path) {
        int bytes = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes + WhisperFile.MAX_TEMPORARY_EXTRA_BYTES > MAX_PATH_BYTES) {
            throw new InvalidMetricNameException(metric, "too long for the store",
                    "(its file " + path + " would pass the " + MAX_PATH_BYTES
                            + "-byte limit of a path)", -1);
        }
    }

    private static void closeQuietly(WhisperFile file) {
        try {
            file.close();
        } catch (WhisperException e) {
            // the write failure is what gets reported
        }
    }

    @Override
    public void close() {
        for (WhisperFile file : open.values()) {
            closeQuietly(file);
        }
        open.clear();
        openNames.clear();
    }
}
