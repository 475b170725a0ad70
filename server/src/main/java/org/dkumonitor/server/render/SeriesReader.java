package org.dkumonitor.server.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.metrics.MetricName;
import org.dkumonitor.server.schema.StorageSchemas;
import org.dkumonitor.server.whisper.FetchResult;
import org.dkumonitor.server.whisper.TimeSeriesPoint;
import org.dkumonitor.server.whisper.WhisperException;
import org.dkumonitor.server.whisper.WhisperFile;
import org.dkumonitor.server.whisper.WhisperReader;

/**
 * Reads one metric over a time range, merging the whisper file with the points still in the
 * cache, so a point is graphable the moment it is received. A cached point overwrites the
 * file's value for its slot when the slot is as fine as the file's finest archive; for a
 * coarser slot the cache is left out, since whisper will roll it up itself (graphite-web
 * aggregates it instead; the difference lasts until the next flush). Files are read through a
 * {@link WhisperReader}: kept open between requests, read afresh every time.
 */
public final class SeriesReader implements SeriesStore {

    /**
     * Whisper files kept open between requests, each one file descriptor: 1024, or a quarter
     * of the process's descriptor limit when that is lower (carbon's sockets and the persister
     * need theirs).
     */
    public static final int MAX_OPEN_FILES = maxOpenFiles();

    private final Path whisperRoot;
    private final MetricCache cache;
    private final StorageSchemas schemas;
    private final WhisperReader files = new WhisperReader(MAX_OPEN_FILES);

    public SeriesReader(Path whisperRoot, MetricCache cache, StorageSchemas schemas) {
        this.whisperRoot = whisperRoot;
        this.cache = cache;
        this.schemas = schemas;
    }

    @Override
    public Series read(String metric, long from, long until, long now) {
        Path file = MetricName.whisperFile(whisperRoot, metric);
        List<TimeSeriesPoint> cached = cache.read(metric);
        FetchResult fetched;
        int finestStep;
        WhisperReader.Read read = files.fetch(file, from, until, now);
        if (read != null) {
            fetched = read.fetched();
            finestStep = read.header().archives().get(0).secondsPerPoint();
            if (fetched == null) {
                return null;
            }
        } else if (!cached.isEmpty()) {
            finestStep = schemas.schemaFor(metric).retentions().get(0).secondsPerPoint();
            fetched = emptyWindow(from, until, finestStep);
        } else {
            return null;
        }
        // the fetched array is ours alone: copied only when cached points go into it
        double[] values = cached.isEmpty() ? fetched.values() : fetched.values().clone();
        if (fetched.step() == finestStep) {
            for (TimeSeriesPoint point : cached) {
                long slot = point.timestamp() - Math.floorMod(point.timestamp(), fetched.step());
                long index = (slot - fetched.from()) / fetched.step();
                if (slot >= fetched.from() && index < values.length) {
                    values[(int) index] = point.value();
                }
            }
        }
        return new Series(metric, fetched.from(), fetched.until(), fetched.step(), values);
    }

    /**
     * The span the metric holds data for, as graphite-web's whisper reader reports it to a
     * cluster front end: from {@code now} minus the file's longest retention to the file's last
     * change (never before the start); for a metric only in the cache yet, from its first cached
     * point to {@code now}. Null when the metric does not exist.
     */
    @Override
    public Interval interval(String metric, double now) {
        Path file = MetricName.whisperFile(whisperRoot, metric);
        try {
            long maxRetention;
            try (WhisperFile whisper = WhisperFile.open(file, false)) {
                maxRetention = whisper.header().maxRetention();
            }
            FileTime modified = Files.getLastModifiedTime(file);
            double start = now - maxRetention;
            double changed = modified.to(TimeUnit.MICROSECONDS) / 1e6;
            return new Interval(start, Math.max(changed, start));
        } catch (WhisperException | IOException e) {
            List<TimeSeriesPoint> cached = cache.read(metric);
            if (cached.isEmpty()) {
                return Files.isRegularFile(file) ? new Interval(now, now) : null;
            }
            long first = cached.stream().mapToLong(TimeSeriesPoint::timestamp).min()
                    .orElseThrow();
            return new Interval(Math.min(first, now), now);
        }
    }

    private static FetchResult emptyWindow(long from, long until, int step) {
        long fromInterval = from - Math.floorMod(from, step) + step;
        long untilInterval = until - Math.floorMod(until, step) + step;
        if (fromInterval == untilInterval) {
            untilInterval += step;
        }
        double[] values = new double[(int) ((untilInterval - fromInterval) / step)];
        Arrays.fill(values, Double.NaN);
        return new FetchResult(fromInterval, untilInterval, step, values);
    }

    private static int maxOpenFiles() {
        long limit = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 4096;
        return (int) Math.max(0, Math.min(1024, limit / 4));
    }

    /** Closes the files kept open. */
    @Override
    public void close() {
        files.close();
    }
}
