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
import org.dkumonitor.server.schema.StorageAggregation;
import org.dkumonitor.server.whisper.SortedPoints;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;

/**
 * Writes one metric's batch into its whisper file, creating the file when missing. Keeps up to
 * {@code maxOpenFiles} files open so that a busy metric is not opened, its header read and
 * closed on every update. When full, a random open file is closed: the persister visits metrics
 * in a cycle, which is the worst case of least-recently-used (every access misses as soon as
 * there are more metrics than handles) while random eviction still hits in proportion to the
 * handles it has. Used by one thread only.
 */
final class WhisperWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WhisperWriter.class.getName());
    /** Linux's PATH_MAX less its NUL: the longest path a system call takes. */
    static final int MAX_PATH_BYTES = 4095;

    private final WhisperSettings settings;
    private final PersistStats stats;
    private final TaggedNameLog taggedNames;
    private final HashMap<String, WhisperFile> open = new HashMap<>();
    private final ArrayList<String> openNames = new ArrayList<>();
    private final java.util.Random random = new java.util.Random(1);
    /** Names found without a file, until written ({@link #mustCreate}). */
    private final java.util.HashSet<String> missing = new java.util.HashSet<>();
    private static final int MAX_MISSING = 1_000_000;
    private long created;

    WhisperWriter(WhisperSettings settings, PersistStats stats, TaggedNameLog taggedNames) {
        this.settings = settings;
        this.stats = stats;
        this.taggedNames = taggedNames;
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
    boolean write(String metric, SortedPoints points) throws Persister.WriteFailure {
        WhisperFile file = open.get(metric);
        long createdBefore = created;
        missing.remove(metric);
        try {
            if (file == null) {
                file = openOrCreate(metric);
                remember(metric, file);
            }
            file.updateMany(points, settings.clock().instant().getEpochSecond());
            stats.committed(points.size());
            return created > createdBefore;
        } catch (WhisperException | InvalidMetricNameException e) {
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

    private void remember(String metric, WhisperFile file) {
        if (open.size() >= settings.maxOpenFiles()) {
            int victim = random.nextInt(openNames.size());
            String evicted = openNames.get(victim);
            openNames.set(victim, openNames.get(openNames.size() - 1));
            openNames.remove(openNames.size() - 1);
            closeQuietly(open.remove(evicted));
        }
        open.put(metric, file);
        openNames.add(metric);
    }

    private WhisperFile openOrCreate(String metric) {
        Path path = MetricName.whisperFile(settings.whisperRoot(), metric);
        if (metric.indexOf(';') >= 0) {
            // listed before the file exists: a file nobody can name by its tags would be lost
            taggedNames.record(metric);
        }
        // asked without an exception: a new metric costs no stack trace
        if (Files.exists(path)) {
            return WhisperFile.open(path, true);
        }
        checkPathLength(metric, path);
        StorageAggregation.Rule rule = settings.aggregation().get().ruleFor(metric);
        try {
            WhisperFile file = WhisperFile.createAndOpen(path,
                    settings.schemas().get().schemaFor(metric).retentions(), rule.method(),
                    rule.xFilesFactor(), settings.sparse());
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
